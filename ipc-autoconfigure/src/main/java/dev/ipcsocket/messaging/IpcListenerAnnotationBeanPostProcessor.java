package dev.ipcsocket.messaging;

import java.lang.reflect.Method;
import java.util.Map;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds the {@link IpcListener @IpcListener} methods of every bean as it is initialized and
 * registers them in {@link IpcRequestHandlers}; a method that does not fit fails the bean's
 * creation, and so the start-up.
 */
public final class IpcListenerAnnotationBeanPostProcessor implements BeanPostProcessor {

	private final IpcRequestHandlers handlers;

	public IpcListenerAnnotationBeanPostProcessor(IpcRequestHandlers handlers) {
		this.handlers = handlers;
	}

	/**
	 * Return the handlers found.
	 * @return the handlers
	 */
	public IpcRequestHandlers handlers() {
		return this.handlers;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (!AnnotationUtils.isCandidateClass(targetClass, IpcListener.class)) {
			return bean;
		}
		Map<Method, IpcListener> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<IpcListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, IpcListener.class));
		methods.forEach((method, listener) -> this.handlers.register(listener.type(), bean,
				AopUtils.selectInvocableMethod(method, bean.getClass())));
		return bean;
	}

}
