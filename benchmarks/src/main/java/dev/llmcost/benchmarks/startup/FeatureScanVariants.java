package dev.llmcost.benchmarks.startup;

import dev.llmcost.attribution.LlmFeatureBeanPostProcessor;
import dev.llmcost.attribution.LlmFeatureInterceptor;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * Replacements for the starter's {@code @LlmFeature} bean post-processor, which checks
 * every bean of the application for the annotation; the starter backs off when one is
 * defined. Selected by {@value #VARIANT}.
 *
 * @author llm-cost contributors
 */
@Configuration(proxyBeanMethods = false)
public class FeatureScanVariants {

	static final String VARIANT = "benchmark.feature-scan";

	/**
	 * {@code none}: no bean is checked (and none is attributed): what the check costs.
	 * @return the post-processor
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnProperty(name = VARIANT, havingValue = "none")
	static LlmFeatureBeanPostProcessor llmFeatureBeanPostProcessor() {
		return new LlmFeatureBeanPostProcessor(new LlmFeatureInterceptor()) {

			@Override
			protected boolean isEligible(Class<?> targetClass) {
				return false;
			}

		};
	}

}
