package dev.llmcost.attribution;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmcost.annotation.LlmFeature;

import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ReflectionUtils;

/**
 * Proxies beans that use {@link LlmFeature @LlmFeature} on their class or on any method,
 * so that the annotated methods run through {@link LlmFeatureInterceptor}.
 * <p>
 * A dedicated post-processor (as Spring Framework does for {@code @Async} and
 * {@code @ConcurrencyLimit}) needs no AspectJ and works whether or not the application
 * has an auto-proxy creator.
 *
 * @author llm-cost contributors
 */
public class LlmFeatureBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	/**
	 * Whether each class of a bean's hierarchy declares {@code @LlmFeature} itself,
	 * shared by every bean class that inherits from it.
	 */
	private final Map<Class<?>, Boolean> declaring = new ConcurrentHashMap<>();

	/**
	 * Whether each annotation type is {@code @LlmFeature} or carries it as a
	 * meta-annotation.
	 */
	private final Map<Class<? extends Annotation>, Boolean> featureAnnotations = new ConcurrentHashMap<>();

	/**
	 * Create a post-processor that applies the given interceptor to annotated beans.
	 * @param interceptor the interceptor
	 */
	public LlmFeatureBeanPostProcessor(LlmFeatureInterceptor interceptor) {
		setBeforeExistingAdvisors(true);
		setProxyTargetClass(true);
		this.advisor = new DefaultPointcutAdvisor(pointcut(), interceptor);
	}

	/**
	 * Only classes that carry the annotation are proxied, whatever their package. The
	 * pointcut's own check searches every method's whole hierarchy, which for the
	 * hundreds of beans of a context that cannot carry it (most of them Spring's own) was
	 * most of the starter's startup cost: a plain scan of the annotations each class of
	 * the hierarchy declares rules them out first.
	 */
	@Override
	protected boolean isEligible(Class<?> targetClass) {
		return AnnotationUtils.isCandidateClass(targetClass, LlmFeature.class) && carriesFeature(targetClass)
				&& super.isEligible(targetClass);
	}

	private boolean carriesFeature(Class<?> type) {
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			if (declaresFeature(current)) {
				return true;
			}
			for (Class<?> implemented : current.getInterfaces()) {
				if (carriesFeature(implemented)) {
					return true;
				}
			}
		}
		return false;
	}

	private boolean declaresFeature(Class<?> type) {
		return this.declaring.computeIfAbsent(type, (key) -> {
			if (isAnnotated(key)) {
				return true;
			}
			for (Method method : ReflectionUtils.getDeclaredMethods(key)) {
				if (isAnnotated(method)) {
					return true;
				}
			}
			return false;
		});
	}

	private boolean isAnnotated(AnnotatedElement element) {
		for (Annotation annotation : element.getDeclaredAnnotations()) {
			if (this.featureAnnotations.computeIfAbsent(annotation.annotationType(),
					(annotationType) -> annotationType == LlmFeature.class
							|| MergedAnnotations.from(annotationType).isPresent(LlmFeature.class))) {
				return true;
			}
		}
		return false;
	}

	private static Pointcut pointcut() {
		Pointcut onClass = new AnnotationMatchingPointcut(LlmFeature.class, true);
		Pointcut onMethod = new AnnotationMatchingPointcut(null, LlmFeature.class, true);
		return new ComposablePointcut(onClass).union(onMethod);
	}

}
