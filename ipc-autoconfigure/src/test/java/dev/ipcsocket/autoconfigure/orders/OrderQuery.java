package dev.ipcsocket.autoconfigure.orders;

/**
 * A typed request; a member answers it with an {@link OrderStatus}.
 *
 * @param orderId the order asked about
 */
public record OrderQuery(String orderId) {
}
