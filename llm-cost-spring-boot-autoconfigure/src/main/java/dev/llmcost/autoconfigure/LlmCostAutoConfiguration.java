package dev.llmcost.autoconfigure;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmcost.advisor.CostTrackingFailures;
import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.attribution.FeatureNames;
import dev.llmcost.attribution.LlmFeatureBeanPostProcessor;
import dev.llmcost.attribution.LlmFeatureInterceptor;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.observation.LlmCallLedgerObservationHandler;
import dev.llmcost.observation.LlmCallMeterObservationHandler;
import dev.llmcost.observation.LlmCallObservationConvention;
import dev.llmcost.pricing.BuiltInCatalog;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceCatalog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for LLM cost tracking: adds {@link LlmCostAdvisor} to every
 * auto-configured {@code ChatClient.Builder}, applies {@code @LlmFeature}, prices calls
 * from the built-in catalog and the user's prices, and feeds the ledger and the meters.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" },
		beforeName = "org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration")
@ConditionalOnClass(ChatClient.class)
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmCostProperties.class)
public final class LlmCostAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PriceCatalog llmCostPriceCatalog(LlmCostProperties properties, Environment environment) {
		rejectUnquotedDottedModelNames(environment);
		return new DefaultPriceCatalog(BuiltInCatalog.load().prices(), userPrices(properties.getPricing()),
				properties.getPricing().getAliases());
	}

	@Bean
	@ConditionalOnMissingBean
	CallPricer llmCostCallPricer(PriceCatalog priceCatalog) {
		return new CallPricer(priceCatalog);
	}

	@Bean
	@ConditionalOnMissingBean
	CostLedger llmCostLedger() {
		return new InMemoryCostLedger();
	}

	@Bean
	@ConditionalOnMissingBean
	FeatureNames llmCostFeatureNames(LlmCostProperties properties) {
		int maxFeatures = properties.getAttribution().getMaxFeatures();
		if (maxFeatures < 1) {
			throw new InvalidConfigurationPropertyValueException(LlmCostProperties.PREFIX + ".attribution.max-features",
					maxFeatures, "It must be at least 1.");
		}
		return new FeatureNames(maxFeatures);
	}

	@Bean
	@ConditionalOnMissingBean
	CostTrackingFailures llmCostTrackingFailures(ObjectProvider<MeterRegistry> meterRegistry) {
		return new CostTrackingFailures(meterRegistry.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCallLedgerObservationHandler llmCallLedgerObservationHandler(CostLedger ledger) {
		return new LlmCallLedgerObservationHandler(ledger);
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCostAdvisor llmCostAdvisor(LlmCostProperties properties, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<LlmCallObservationConvention> convention, FeatureNames featureNames, CallPricer pricer,
			CostTrackingFailures failures, ObjectProvider<ObservationHandler<?>> handlers) {
		return new LlmCostAdvisor(observationRegistry.getIfUnique(() -> standaloneRegistry(handlers)),
				convention.getIfAvailable(), featureNames, pricer, failures, properties.getAdvisor().getOrder());
	}

	@Bean
	@ConditionalOnMissingBean(name = "llmCostChatClientBuilderCustomizer")
	ChatClientBuilderCustomizer llmCostChatClientBuilderCustomizer(LlmCostAdvisor advisor) {
		return (builder) -> builder.defaultAdvisors(advisor);
	}

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LlmFeatureBeanPostProcessor llmFeatureBeanPostProcessor() {
		return new LlmFeatureBeanPostProcessor(new LlmFeatureInterceptor());
	}

	/**
	 * Without an application observation registry (no Micrometer observation
	 * auto-configuration), the advisor still needs its own handlers to run, so the ledger
	 * and the endpoint keep working.
	 */
	private static ObservationRegistry standaloneRegistry(ObjectProvider<ObservationHandler<?>> handlers) {
		ObservationRegistry registry = ObservationRegistry.create();
		handlers.orderedStream().forEach((handler) -> registry.observationConfig().observationHandler(handler));
		return registry;
	}

	private static Map<String, ModelPrice> userPrices(LlmCostProperties.Pricing pricing) {
		Map<String, ModelPrice> prices = new LinkedHashMap<>();
		pricing.getModels().forEach((model, price) -> prices.put(model, userPrice(model, price)));
		return prices;
	}

	private static ModelPrice userPrice(String model, LlmCostProperties.ModelPrice price) {
		String property = LlmCostProperties.PREFIX + ".pricing.models[" + model + "]";
		return ModelPrice.of(model, "unknown", required(property + ".input", price.getInput()),
				nonNegative(property + ".cache-read", price.getCacheRead()),
				nonNegative(property + ".cache-write", price.getCacheWrite()),
				required(property + ".output", price.getOutput()),
				nonNegative(property + ".reasoning", price.getReasoning()));
	}

	/**
	 * Model names such as {@code gpt-4.1} contain dots, which the binder reads as
	 * nesting: unquoted, the price would be dropped without a word. Fail instead, saying
	 * how to quote the name.
	 */
	private static void rejectUnquotedDottedModelNames(Environment environment) {
		for (String group : List.of("models", "aliases")) {
			ConfigurationPropertyName prefix = ConfigurationPropertyName
				.of(LlmCostProperties.PREFIX + ".pricing." + group);
			int expectedElements = prefix.getNumberOfElements() + (group.equals("models") ? 2 : 1);
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
				if (source instanceof IterableConfigurationPropertySource iterable) {
					iterable.filter(prefix::isAncestorOf)
						.stream()
						.filter((name) -> name.getNumberOfElements() > expectedElements)
						.findFirst()
						.ifPresent((name) -> {
							throw new InvalidConfigurationPropertyValueException(name.toString(), null,
									"Model names that contain dots must be quoted in brackets, for example " + prefix
											+ "[gpt-4.1]" + (group.equals("models") ? ".input" : "")
											+ " (in YAML: \"[gpt-4.1]\").");
						});
				}
			}
		}
	}

	private static BigDecimal required(String property, @Nullable BigDecimal price) {
		if (price == null) {
			throw new InvalidConfigurationPropertyValueException(property, null,
					"A price in USD per million tokens is required.");
		}
		return nonNegative(property, price);
	}

	private static @Nullable BigDecimal nonNegative(String property, @Nullable BigDecimal price) {
		if (price != null && price.signum() < 0) {
			throw new InvalidConfigurationPropertyValueException(property, price, "A price must not be negative.");
		}
		return price;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MeterRegistry.class)
	static class LlmCostMeterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmCallMeterObservationHandler llmCallMeterObservationHandler(MeterRegistry meterRegistry) {
			return new LlmCallMeterObservationHandler(meterRegistry);
		}

		@Bean
		@ConditionalOnMissingBean(name = "llmCostAttributionMeterBinder")
		MeterBinder llmCostAttributionMeterBinder(FeatureNames featureNames) {
			return (registry) -> FunctionCounter
				.builder("llm.attribution.overflow", featureNames, FeatureNames::overflowCount)
				.description(
						"LLM calls recorded as feature 'other' because llm.cost.attribution.max-features was reached")
				.register(registry);
		}

	}

}
