package dev.ipcsocket.messaging;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The methods that answer typed requests, by request type: one method per type, found on beans by
 * {@link IpcListenerAnnotationBeanPostProcessor} or registered directly.
 */
public final class IpcRequestHandlers {

	private final Map<Class<?>, Handler> handlers = new ConcurrentHashMap<>();

	/**
	 * Register a method that answers requests of a type.
	 * @param type the request type, or {@code void.class} for the method's parameter type
	 * @param bean the bean to call it on
	 * @param method the method: one parameter, a return value
	 * @throws IllegalStateException if the method does not fit or another method answers the type
	 */
	public void register(Class<?> type, Object bean, Method method) {
		String name = describe(method);
		if (method.getParameterCount() != 1) {
			throw new IllegalStateException("@IpcListener method " + name + " must take exactly one parameter, the request"
					+ " (it takes " + method.getParameterCount() + ")");
		}
		if (method.getReturnType() == void.class) {
			throw new IllegalStateException("@IpcListener method " + name + " returns void: its return value is the"
					+ " reply; use @EventListener for one-way events");
		}
		Class<?> parameter = method.getParameterTypes()[0];
		Class<?> requestType = (type == void.class) ? parameter : type;
		if (!ClassUtils.isAssignable(parameter, requestType)) {
			throw new IllegalStateException("@IpcListener(type = " + requestType.getName() + ") method " + name
					+ " cannot take a " + requestType.getName() + " as its parameter " + parameter.getName());
		}
		ReflectionUtils.makeAccessible(method);
		Handler handler = new Handler(bean, method, name);
		Handler other = this.handlers.putIfAbsent(ClassUtils.resolvePrimitiveIfNecessary(requestType), handler);
		if (other != null && !other.equals(handler)) {
			throw new IllegalStateException("requests of type " + requestType.getName() + " have two @IpcListener methods, "
					+ other.name() + " and " + name + ": keep one");
		}
	}

	/**
	 * Return the method that answers a request: the one for its exact class, else one whose type
	 * it is an instance of.
	 * @param request the request object
	 * @return the handler, or {@code null} if none answers it
	 */
	public @Nullable Handler find(Object request) {
		Handler exact = this.handlers.get(request.getClass());
		if (exact != null) {
			return exact;
		}
		return this.handlers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().isInstance(request))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Whether no method answers requests.
	 * @return {@code true} if none is registered
	 */
	public boolean isEmpty() {
		return this.handlers.isEmpty();
	}

	private static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ", "(", ")"));
	}

	/**
	 * A method that answers requests.
	 * @param bean the bean it is called on
	 * @param method the method
	 * @param name how the method is named in messages
	 */
	public record Handler(Object bean, Method method, String name) {

		/**
		 * Call the method.
		 * @param request the request object
		 * @return what it returned
		 * @throws Exception what it threw
		 */
		public @Nullable Object invoke(Object request) throws Exception {
			try {
				return this.method.invoke(this.bean, request);
			}
			catch (InvocationTargetException ex) {
				if (ex.getCause() instanceof Exception cause) {
					throw cause;
				}
				throw ex;
			}
		}

	}

}
