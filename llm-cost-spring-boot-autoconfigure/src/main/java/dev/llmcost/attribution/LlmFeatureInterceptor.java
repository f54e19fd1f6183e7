package dev.llmcost.attribution;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmcost.annotation.LlmFeature;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Runs an {@link LlmFeature @LlmFeature} method with its feature as the current
 * {@link Attribution}.
 * <p>
 * The attribution is set on the calling thread for the duration of the method. When the
 * method returns a {@code Mono} or {@code Flux}, it is also written into the returned
 * publisher's Reactor context: the model call of a stream usually happens when it is
 * subscribed, long after the method returned and often on another thread.
 *
 * @author llm-cost contributors
 */
public class LlmFeatureInterceptor implements MethodInterceptor {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Flux",
			LlmFeatureInterceptor.class.getClassLoader());

	private final Map<Method, Attribution> attributions = new ConcurrentHashMap<>();

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
				: invocation.getMethod().getDeclaringClass();
		Attribution attribution = attributionOf(invocation.getMethod(), targetClass);
		Attribution previous = AttributionContext.enter(attribution);
		try {
			Object result = invocation.proceed();
			return (REACTOR_PRESENT) ? ReactorAttribution.attach(result, attribution) : result;
		}
		finally {
			AttributionContext.restore(previous);
		}
	}

	private Attribution attributionOf(Method method, Class<?> targetClass) {
		return this.attributions.computeIfAbsent(ClassUtils.getMostSpecificMethod(method, targetClass),
				(specific) -> Attribution.of(annotatedFeature(specific, targetClass)));
	}

	private static @Nullable String annotatedFeature(Method method, Class<?> targetClass) {
		LlmFeature onMethod = AnnotatedElementUtils.findMergedAnnotation(method, LlmFeature.class);
		if (onMethod != null) {
			return onMethod.value();
		}
		LlmFeature onClass = AnnotatedElementUtils.findMergedAnnotation(targetClass, LlmFeature.class);
		return (onClass != null) ? onClass.value() : null;
	}

	/**
	 * Reactor-specific code, loaded only when Reactor is on the classpath.
	 */
	private static final class ReactorAttribution {

		static @Nullable Object attach(@Nullable Object result, Attribution attribution) {
			if (result instanceof Mono<?> mono) {
				return Mono.from(subscribedWith(mono, attribution));
			}
			if (result instanceof Flux<?> flux) {
				return Flux.from(subscribedWith(flux, attribution));
			}
			return result;
		}

		/**
		 * The attribution travels in the Reactor context, for code that reads it there,
		 * and is the thread's attribution while the pipeline is being subscribed, for
		 * code that only sees thread-locals then (observation handlers starting Spring
		 * AI's observations, for example).
		 */
		private static <T> Publisher<T> subscribedWith(Publisher<T> publisher, Attribution attribution) {
			Flux<T> withContext = Flux.from(publisher)
				.contextWrite((context) -> context.put(AttributionContext.KEY, attribution));
			return (subscriber) -> {
				Attribution previous = AttributionContext.enter(attribution);
				try {
					withContext.subscribe(subscriber);
				}
				finally {
					AttributionContext.restore(previous);
				}
			};
		}

	}

}
