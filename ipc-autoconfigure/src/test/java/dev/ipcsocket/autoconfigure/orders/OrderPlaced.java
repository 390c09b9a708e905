package dev.ipcsocket.autoconfigure.orders;

/**
 * A typed event that bus members publish to each other as JSON.
 *
 * @param orderId the order
 * @param placedBy the instance id of the member that published it
 */
public record OrderPlaced(String orderId, String placedBy) {
}
