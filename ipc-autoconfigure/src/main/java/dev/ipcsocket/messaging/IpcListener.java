package dev.ipcsocket.messaging;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that answers typed requests from siblings
 * ({@link IpcTemplate#sendAndReceive}), as {@code @RabbitListener} and {@code @KafkaListener}
 * methods answer theirs: the method takes the request object as its one parameter, and its return
 * value, written as JSON, is the reply. A {@link java.util.concurrent.CompletionStage} return
 * value (such as a {@code CompletableFuture}) is replied when it completes. When the method throws,
 * returns {@code null} or its future fails, the requester gets an error reply that says so.
 * <p>
 * A request reaches only its {@code @IpcListener} method, never {@code @EventListener}s; one-way
 * typed messages ({@link IpcTemplate#publish}, {@link IpcTemplate#send}) reach
 * {@code @EventListener}s only. One method per request type: a second fails the start-up.
 * <pre class="code">
 * &#064;IpcListener
 * Quote quote(QuoteRequest request) {
 *     return new Quote(request.orderId(), 4200);
 * }
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IpcListener {

	/**
	 * The request type the method answers; by default its parameter's type. A request whose
	 * object is an instance of it (a subclass, an implementation) reaches the method when no
	 * method names its exact class.
	 * @return the request type
	 */
	Class<?> type() default void.class;

}
