package dev.llmcost.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionSources;
import dev.llmcost.attribution.LlmFeatureBeanPostProcessor;
import dev.llmcost.attribution.LlmFeatureInterceptor;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.observation.ModelNames;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for attribution: {@code @LlmFeature} applied to the application's
 * beans, the teams of features, and the caps on distinct feature and model names.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmCostProperties.class)
public final class LlmCostAttributionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LlmFeatureBeanPostProcessor llmFeatureBeanPostProcessor() {
		return new LlmFeatureBeanPostProcessor(new LlmFeatureInterceptor());
	}

	@Bean
	@ConditionalOnMissingBean
	FeatureNames llmCostFeatureNames(LlmCostProperties properties) {
		int maxFeatures = properties.getAttribution().getMaxFeatures();
		if (maxFeatures < 1) {
			throw new InvalidConfigurationPropertyValueException(LlmCostProperties.PREFIX + ".attribution.max-features",
					maxFeatures, "It must be at least 1.");
		}
		// Budgets count their feature's calls by name: those names never become "other".
		Set<String> budgetFeatures = properties.getBudgets()
			.values()
			.stream()
			.map(LlmCostProperties.Budget::getFeature)
			.filter((feature) -> feature != null && !feature.isBlank())
			.map(Attribution::sanitize)
			.collect(Collectors.toSet());
		return new FeatureNames(maxFeatures, budgetFeatures);
	}

	@Bean
	@ConditionalOnMissingBean
	AttributionSources llmCostAttributionSources(LlmCostProperties properties) {
		Map<String, String> teams = new LinkedHashMap<>();
		properties.getFeatures().forEach((feature, settings) -> {
			if (settings.getTeam() != null) {
				teams.put(feature, settings.getTeam());
			}
		});
		return new AttributionSources(teams);
	}

	@Bean
	@ConditionalOnMissingBean
	ModelNames llmCostModelNames(LlmCostProperties properties) {
		int maxModels = properties.getAttribution().getMaxModels();
		if (maxModels < 1) {
			throw new InvalidConfigurationPropertyValueException(LlmCostProperties.PREFIX + ".attribution.max-models",
					maxModels, "It must be at least 1.");
		}
		return new ModelNames(maxModels);
	}

}
