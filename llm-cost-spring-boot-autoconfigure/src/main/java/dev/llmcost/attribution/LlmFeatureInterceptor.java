package dev.llmcost.attribution;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmcost.annotation.LlmFeature;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Runs an {@link LlmFeature @LlmFeature} method with its feature, and its team if it
 * names one, as the current {@link Attribution}; the tenant and user of the enclosing
 * scope are kept.
 * <p>
 * The attribution is set on the calling thread for the duration of the method. When the
 * method returns a {@code Mono} or {@code Flux}, it is also written into the returned
 * publisher's Reactor context: the model call of a stream usually happens when it is
 * subscribed, long after the method returned and often on another thread.
 *
 * @author llm-cost contributors
 */
public class LlmFeatureInterceptor implements MethodInterceptor {

	private final Map<Method, Attribution> attributions = new ConcurrentHashMap<>();

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
				: invocation.getMethod().getDeclaringClass();
		Attribution attribution = within(AttributionContext.current(),
				attributionOf(invocation.getMethod(), targetClass));
		Attribution previous = AttributionContext.enter(attribution);
		try {
			Object result = invocation.proceed();
			return ReactorAttribution.attachIfReactive(result, attribution);
		}
		finally {
			AttributionContext.restore(previous);
		}
	}

	/**
	 * The feature and team of the method, and the tenant and user of the scope the method
	 * runs in: who the call is made for does not change with the feature it serves.
	 */
	private static Attribution within(@Nullable Attribution current, Attribution annotated) {
		if (current == null) {
			return annotated;
		}
		return current.withFeature(annotated.feature()).withTeam(annotated.team());
	}

	private Attribution attributionOf(Method method, Class<?> targetClass) {
		return this.attributions.computeIfAbsent(ClassUtils.getMostSpecificMethod(method, targetClass),
				(specific) -> annotatedAttribution(specific, targetClass));
	}

	private static Attribution annotatedAttribution(Method method, Class<?> targetClass) {
		LlmFeature annotation = AnnotatedElementUtils.findMergedAnnotation(method, LlmFeature.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, LlmFeature.class);
		}
		if (annotation == null) {
			return Attribution.UNATTRIBUTED;
		}
		return Attribution.of(annotation.value()).withTeam(annotation.team());
	}

}
