package dev.ipcsocket.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.ipcsocket.messaging.IpcListener;

/**
 * Tells Spring AOT (and so GraalVM's native image) what the starter reflects on at run time:
 * the classes of {@code ipc.type-mappings}, which it builds from a peer's JSON, and the
 * {@link IpcListener} methods, which it invokes with a request built from JSON and whose return
 * value it writes as JSON. Classes from {@code ipc.trusted-packages} that no listener method
 * names cannot be known at build time: register them as any Jackson-bound type
 * ({@code @RegisterReflectionForBinding}).
 */
class IpcPayloadTypesAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		Set<Class<?>> payloadTypes = typeMappings(beanFactory);
		Set<Method> listenerMethods = new LinkedHashSet<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> beanType = beanFactory.getType(name, false);
			if (beanType != null) {
				listenerMethods(ClassUtils.getUserClass(beanType), listenerMethods, payloadTypes);
			}
		}
		if (payloadTypes.isEmpty() && listenerMethods.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			RuntimeHints hints = generationContext.getRuntimeHints();
			BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
			payloadTypes.forEach((type) -> binding.registerReflectionHints(hints.reflection(), type));
			listenerMethods.forEach((method) -> hints.reflection().registerMethod(method, ExecutableMode.INVOKE));
		};
	}

	private static Set<Class<?>> typeMappings(ConfigurableListableBeanFactory beanFactory) {
		if (!beanFactory.containsBean("environment")) {
			return Set.of();
		}
		Environment environment = beanFactory.getBean("environment", Environment.class);
		Set<Class<?>> types = new LinkedHashSet<>();
		Binder.get(environment)
			.bind("ipc.type-mappings", Bindable.mapOf(String.class, Class.class))
			.ifBound((mappings) -> mappings.values().forEach(types::add));
		return types;
	}

	private static void listenerMethods(Class<?> beanType, Set<Method> methods, Set<Class<?>> payloadTypes) {
		Map<Method, IpcListener> found = MethodIntrospector.selectMethods(beanType,
				(MethodIntrospector.MetadataLookup<IpcListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, IpcListener.class));
		found.forEach((method, listener) -> {
			methods.add(method);
			if (listener.type() != void.class) {
				payloadTypes.add(listener.type());
			}
			for (Class<?> parameter : method.getParameterTypes()) {
				payloadTypes.add(parameter);
			}
			Class<?> reply = replyType(method);
			if (reply != null) {
				payloadTypes.add(reply);
			}
		});
	}

	/** The reply's type: the return type, or what its {@code CompletionStage} completes with. */
	private static @Nullable Class<?> replyType(Method method) {
		if (!CompletionStage.class.isAssignableFrom(method.getReturnType())) {
			return method.getReturnType();
		}
		Type generic = method.getGenericReturnType();
		if (generic instanceof ParameterizedType parameterized
				&& parameterized.getActualTypeArguments()[0] instanceof Class<?> completesWith) {
			return completesWith;
		}
		return null;
	}

}
