package dev.ipcsocket.autoconfigure.orders;

/**
 * The typed reply to an {@link OrderQuery}.
 *
 * @param orderId the order asked about
 * @param answeredBy the instance id of the member that answered
 */
public record OrderStatus(String orderId, String answeredBy) {
}
