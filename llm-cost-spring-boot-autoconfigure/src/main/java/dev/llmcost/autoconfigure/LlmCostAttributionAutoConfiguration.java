package dev.llmcost.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionSources;
import dev.llmcost.attribution.LlmAttribution;
import dev.llmcost.attribution.LlmAttributionResolver;
import dev.llmcost.attribution.SecurityContextUserResolver;
import dev.llmcost.attribution.UserIdHasher;
import dev.llmcost.attribution.LlmFeatureBeanPostProcessor;
import dev.llmcost.attribution.LlmFeatureInterceptor;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.observation.ModelNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for attribution: {@code @LlmFeature} applied to the application's
 * beans, the teams of features, the tenant and user of calls (explicit scopes, resolver
 * beans, Spring Security's principal, hashed users), and the caps on distinct feature and
 * model names.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmCostProperties.class)
public final class LlmCostAttributionAutoConfiguration {

	private static final String USER_HASH_KEY = LlmCostProperties.PREFIX + ".attribution.user.hash-key";

	private static final Log logger = LogFactory.getLog(LlmCostAttributionAutoConfiguration.class);

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
	AttributionSources llmCostAttributionSources(LlmCostProperties properties,
			ObjectProvider<LlmAttributionResolver> resolvers,
			ObjectProvider<SecurityContextUserResolver> securityContextUserResolver) {
		Map<String, String> teams = new LinkedHashMap<>();
		properties.getFeatures().forEach((feature, settings) -> {
			if (settings.getTeam() != null) {
				teams.put(feature, settings.getTeam());
			}
		});
		List<LlmAttributionResolver> orderedResolvers = new ArrayList<>(resolvers.orderedStream().toList());
		// The principal is the default: the application's own resolvers come first.
		securityContextUserResolver.ifAvailable(orderedResolvers::add);
		return new AttributionSources(teams, orderedResolvers, userIdHasher(properties));
	}

	private static @Nullable UserIdHasher userIdHasher(LlmCostProperties properties) {
		String hashKey = properties.getAttribution().getUser().getHashKey();
		if (hashKey == null || hashKey.isBlank()) {
			logger.info("LLM user attribution is off: set " + USER_HASH_KEY + " (at least 32 hex digits, e.g. from "
					+ "'openssl rand -hex 32') to record a keyed hash of the user of each call on its span and in "
					+ "the ledger. User ids are never recorded in clear.");
			return null;
		}
		try {
			return UserIdHasher.ofHexKey(hashKey);
		}
		catch (IllegalArgumentException ex) {
			// Never the key itself in the message.
			throw new InvalidConfigurationPropertyValueException(USER_HASH_KEY, "[hidden]", ex.getMessage());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	LlmAttribution llmAttribution(AttributionSources sources) {
		return new LlmAttribution(sources);
	}

	/**
	 * Spring Security's authenticated principal as the user of calls.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
	static class SpringSecurityConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecurityContextUserResolver llmCostSecurityContextUserResolver() {
			return new SecurityContextUserResolver();
		}

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
