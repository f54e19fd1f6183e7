package dev.llmcost.autoconfigure;

import java.time.Clock;

import dev.llmcost.attribution.AttributionSources;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.observation.CostTrackingFailures;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.observation.LlmCallLedgerObservationHandler;
import dev.llmcost.observation.LlmCallObservationConvention;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.ModelNames;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.ReportingCurrency;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for recording calls: the {@link LlmCallRecorder} that starts,
 * prices and stops every {@code llm.call} observation, and the handler that adds each to
 * the ledger.
 * <p>
 * The recorder records into the application's {@link ObservationRegistry}, whose handlers
 * include one that records through the recorder (calls made without the advisor), so the
 * registry is handed to the recorder once it is configured. Without an application
 * registry, the recorder keeps a registry of its own with the starter's handlers, so that
 * the ledger and the endpoint still work.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		after = { LlmCostPricingAutoConfiguration.class, LlmCostLedgerAutoConfiguration.class,
				LlmCostAttributionAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
public final class LlmCostObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CostTrackingFailures llmCostTrackingFailures(ObjectProvider<MeterRegistry> meterRegistry) {
		return new CostTrackingFailures(meterRegistry.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCallLedgerObservationHandler llmCallLedgerObservationHandler(CostLedger ledger, ObjectProvider<Clock> clock) {
		return new LlmCallLedgerObservationHandler(ledger, clock.getIfUnique(Clock::systemUTC));
	}

	private static LlmCallRecorder recorder(ObservationRegistry registry,
			ObjectProvider<LlmCallObservationConvention> convention, FeatureNames featureNames, ModelNames modelNames,
			CallPricer pricer, ReportingCurrency currency, CostTrackingFailures failures, ObjectProvider<Clock> clock,
			ObjectProvider<AttributionSources> attributionSources) {
		return new LlmCallRecorder(registry, convention.getIfAvailable(), featureNames, modelNames, pricer, currency,
				failures, clock.getIfUnique(Clock::systemUTC), attributionSources.getIfUnique(AttributionSources::new));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ApplicationRegistryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmCallRecorder llmCallRecorder(ObjectProvider<LlmCallObservationConvention> convention,
				FeatureNames featureNames, ModelNames modelNames, CallPricer pricer, ReportingCurrency currency,
				CostTrackingFailures failures, ObjectProvider<Clock> clock,
				ObjectProvider<AttributionSources> attributionSources) {
			// Records nothing until the registry below is configured, which happens
			// before any model or ChatClient can exist: both are made with it.
			return recorder(ObservationRegistry.NOOP, convention, featureNames, modelNames, pricer, currency, failures,
					clock, attributionSources);
		}

		@Bean
		ObservationRegistryCustomizer<ObservationRegistry> llmCallRecorderObservationRegistry(
				LlmCallRecorder recorder) {
			return recorder::observeWith;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(ObservationRegistry.class)
	static class StandaloneRegistryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmCallRecorder llmCallRecorder(ObjectProvider<LlmCallObservationConvention> convention,
				FeatureNames featureNames, ModelNames modelNames, CallPricer pricer, ReportingCurrency currency,
				CostTrackingFailures failures, ObjectProvider<Clock> clock,
				ObjectProvider<ObservationHandler<?>> handlers, ObjectProvider<AttributionSources> attributionSources) {
			ObservationRegistry registry = ObservationRegistry.create();
			handlers.orderedStream().forEach((handler) -> registry.observationConfig().observationHandler(handler));
			return recorder(registry, convention, featureNames, modelNames, pricer, currency, failures, clock,
					attributionSources);
		}

	}

}
