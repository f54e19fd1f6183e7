package dev.llmcost.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.llmcost.observation.CostTrackingFailures;
import dev.llmcost.observation.DefaultLlmCallObservationConvention;
import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.attribution.FeatureNames;
import dev.llmcost.attribution.LlmFeatureBeanPostProcessor;
import dev.llmcost.attribution.LlmFeatureInterceptor;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.observation.LlmCallLedgerObservationHandler;
import dev.llmcost.observation.LlmCallMeterObservationHandler;
import dev.llmcost.observation.LlmCallObservationConvention;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.catalog.BuiltInCatalog;
import dev.llmcost.pricing.source.CatalogSources;
import dev.llmcost.pricing.source.CatalogSources.SourceStatus;
import dev.llmcost.springai.CostAdvisorObservationPredicate;
import dev.llmcost.springai.FeatureCaptureObservationHandler;
import dev.llmcost.springai.FeatureObservationFilter;
import dev.llmcost.springai.ModelCallObservationHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

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
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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

	/**
	 * Loads of external price catalogs, tagged with the source and the outcome.
	 */
	static final String CATALOG_LOADS = "llm.pricing.catalog.loads";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean({ CatalogSources.class, PriceCatalog.class })
	CatalogSources llmCostCatalogSources(LlmCostProperties properties, Environment environment) {
		LlmCostProperties.Pricing pricing = properties.getPricing();
		CatalogSources sources = new CatalogSources(PricingSettings.userPrices(pricing, environment),
				pricing.getAliases(), PricingSettings.sources(pricing), BuiltInCatalog.load());
		sources.start();
		return sources;
	}

	@Bean
	@ConditionalOnMissingBean
	PriceCatalog llmCostPriceCatalog(CatalogSources sources) {
		return sources.catalog();
	}

	@Bean
	@ConditionalOnMissingBean
	CallPricer llmCostCallPricer(PriceCatalog priceCatalog) {
		return new CallPricer(priceCatalog);
	}

	@Bean
	@ConditionalOnMissingBean
	ReportingCurrency llmCostReportingCurrency(LlmCostProperties properties) {
		return PricingSettings.currency(properties);
	}

	@Bean
	StreamUsageCheck llmCostStreamUsageCheck(Environment environment) {
		return new StreamUsageCheck(environment);
	}

	@Bean
	UnpricedDefaultModelCheck llmCostUnpricedDefaultModelCheck(Environment environment, PriceCatalog catalog,
			LlmCostProperties properties) {
		return new UnpricedDefaultModelCheck(environment, catalog, properties.getPricing().isFailOnUnpriced());
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
	LlmCallRecorder llmCallRecorder(ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<LlmCallObservationConvention> convention, FeatureNames featureNames, CallPricer pricer,
			ReportingCurrency currency, CostTrackingFailures failures, ObjectProvider<ObservationHandler<?>> handlers) {
		return new LlmCallRecorder(observationRegistry.getIfUnique(() -> standaloneRegistry(handlers)),
				convention.getIfAvailable(), featureNames, pricer, currency, failures);
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCostAdvisor llmCostAdvisor(LlmCallRecorder recorder, LlmCostProperties properties) {
		return new LlmCostAdvisor(recorder, properties.getAdvisor().getOrder());
	}

	@Bean
	@ConditionalOnMissingBean
	ModelCallObservationHandler llmCostModelCallObservationHandler(ObjectProvider<LlmCallRecorder> recorder) {
		return new ModelCallObservationHandler(recorder::getObject);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".attribution.tag-spring-ai-observations",
			matchIfMissing = true)
	FeatureObservationFilter llmCostFeatureObservationFilter(FeatureNames featureNames) {
		return new FeatureObservationFilter(featureNames);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".attribution.tag-spring-ai-observations",
			matchIfMissing = true)
	FeatureCaptureObservationHandler llmCostFeatureCaptureObservationHandler() {
		return new FeatureCaptureObservationHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".advisor.observed", havingValue = false,
			matchIfMissing = true)
	CostAdvisorObservationPredicate llmCostAdvisorObservationPredicate() {
		return new CostAdvisorObservationPredicate();
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MeterRegistry.class)
	static class LlmCostMeterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmCallMeterObservationHandler llmCallMeterObservationHandler(MeterRegistry meterRegistry) {
			return new LlmCallMeterObservationHandler(meterRegistry);
		}

		/**
		 * Spring Boot makes the {@code llm.call} timers from the observation, which has
		 * no description; Prometheus' linter and dashboards want help text.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "llmCostCallTimerDescription")
		MeterFilter llmCostCallTimerDescription() {
			return new MeterFilter() {
				@Override
				public Meter.Id map(Meter.Id id) {
					if (id.getDescription() == null && (id.getName().equals(DefaultLlmCallObservationConvention.NAME)
							|| id.getName().equals(DefaultLlmCallObservationConvention.NAME + ".active"))) {
						return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
								"LLM model calls, one per real model call", id.getType());
					}
					return id;
				}
			};
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

		@Bean
		@ConditionalOnMissingBean(name = "llmCostCatalogMeterBinder")
		MeterBinder llmCostCatalogMeterBinder(ObjectProvider<CatalogSources> catalogSources) {
			return (registry) -> catalogSources.ifUnique((sources) -> {
				List<SourceStatus> statuses = sources.status();
				for (int i = 0; i < statuses.size(); i++) {
					int index = i;
					SourceStatus status = statuses.get(i);
					Map<String, ToDoubleFunction<CatalogSources>> outcomes = Map.of("success",
							(catalog) -> catalog.status().get(index).successes(), "failure",
							(catalog) -> catalog.status().get(index).failures(), "rejected",
							(catalog) -> catalog.status().get(index).rejections());
					outcomes.forEach((outcome, count) -> FunctionCounter.builder(CATALOG_LOADS, sources, count)
						.description("Loads of external price catalogs, by outcome")
						.tag("source", status.location())
						.tag("format", status.format())
						.tag("outcome", outcome)
						.register(registry));
				}
			});
		}

	}

}
