package dev.llmcost.benchmarks.advisor;

import dev.llmcost.observation.DefaultLlmCallObservationConvention;
import dev.llmcost.observation.LlmCallMeterObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application with everything auto-configured, as a user's would be, around the
 * {@link StubChatModel}: Spring AI's {@code ChatClient} and observations, Micrometer with
 * Spring Boot's meter handler, actuator, and the starter unless it is turned off.
 *
 * @author llm-cost contributors
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StubChatApplication {

	static final String VARIANT = "benchmark.variant";

	@Bean
	StubChatModel stubChatModel(ObjectProvider<ObservationRegistry> observationRegistry) {
		return new StubChatModel(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	@Bean
	SummaryService summaryService(ChatClient.Builder chatClientBuilder) {
		return new SummaryService(chatClientBuilder);
	}

	/**
	 * Variant {@code no-llm-meters}: the starter's token and cost meters are replaced by
	 * a handler that does nothing (the starter backs off when one is defined).
	 */
	@Bean
	@ConditionalOnProperty(name = VARIANT, havingValue = "no-llm-meters")
	LlmCallMeterObservationHandler noLlmCallMeters(MeterRegistry meterRegistry) {
		return new LlmCallMeterObservationHandler(meterRegistry) {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return false;
			}

		};
	}

	/**
	 * Variant {@code no-llm-call-observation}: the {@code llm.call} observation is
	 * disabled, so the advisor runs but nothing is priced, metered or recorded.
	 */
	@Bean
	@ConditionalOnProperty(name = VARIANT, havingValue = "no-llm-call-observation")
	ObservationPredicate noLlmCallObservation() {
		return (name, context) -> !DefaultLlmCallObservationConvention.NAME.equals(name);
	}

	/**
	 * Start the application.
	 * @param starter whether the starter is on ({@code llm.cost.enabled})
	 * @param registry {@code simple} for Spring Boot's fallback
	 * {@code SimpleMeterRegistry}, {@code prometheus} for the Prometheus registry
	 * @return the running application
	 */
	public static ConfigurableApplicationContext run(boolean starter, String registry) {
		return run(starter, registry, "full");
	}

	/**
	 * Start the application with parts of the starter turned off, to break its cost down.
	 * @param starter whether the starter is on ({@code llm.cost.enabled})
	 * @param registry {@code simple} or {@code prometheus}
	 * @param variant {@code full}, {@code no-llm-meters},
	 * {@code no-llm-call-observation}, {@code advisor-observed} or
	 * {@code no-spring-ai-feature-tag}
	 * @param properties more properties, in {@code key=value} form
	 * @return the running application
	 */
	public static ConfigurableApplicationContext run(boolean starter, String registry, String variant,
			String... properties) {
		return new SpringApplicationBuilder(StubChatApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties("llm.cost.enabled=" + starter,
					// The demo application is on this classpath too: keep its
					// application.yml and its OpenAI simulator out of this application.
					"spring.config.name=stub-chat-benchmark", "demo.simulator.enabled=false",
					// The stub is the only model: no OpenAI client beans.
					"spring.ai.model.chat=none", "spring.ai.model.embedding=none", "spring.ai.model.image=none",
					"spring.ai.model.audio.speech=none", "spring.ai.model.audio.transcription=none",
					"spring.ai.model.moderation=none",
					// Without Prometheus, Spring Boot falls back to a
					// SimpleMeterRegistry.
					"management.prometheus.metrics.export.enabled=" + "prometheus".equals(registry),
					"logging.level.root=warn", VARIANT + "=" + variant,
					"llm.cost.attribution.tag-spring-ai-observations=" + !"no-spring-ai-feature-tag".equals(variant),
					"llm.cost.advisor.observed=" + "advisor-observed".equals(variant))
			.properties(properties)
			.run();
	}

}
