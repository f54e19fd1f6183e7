package dev.llmcost.attribution;

import dev.llmcost.annotation.LlmFeature;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;

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

	private static final String[] FRAMEWORK_PACKAGES = { "java.", "javax.", "jakarta.", "org.springframework.",
			"io.micrometer.", "reactor.", "tools.jackson.", "com.fasterxml.", "org.apache.", "com.openai.", "okhttp3.",
			"io.opentelemetry.", "dev.llmcost.autoconfigure.", "dev.llmcost.pricing." };

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
	 * Checking a bean for the annotation scans every method of its class; frameworks' own
	 * beans, most of a context, cannot carry it, so their classes are skipped by package
	 * first (measured in the benchmarks module: this is most of the starter's startup
	 * cost).
	 */
	@Override
	protected boolean isEligible(Class<?> targetClass) {
		String name = targetClass.getName();
		for (String prefix : FRAMEWORK_PACKAGES) {
			if (name.startsWith(prefix)) {
				return false;
			}
		}
		return super.isEligible(targetClass);
	}

	private static Pointcut pointcut() {
		Pointcut onClass = new AnnotationMatchingPointcut(LlmFeature.class, true);
		Pointcut onMethod = new AnnotationMatchingPointcut(null, LlmFeature.class, true);
		return new ComposablePointcut(onClass).union(onMethod);
	}

}
