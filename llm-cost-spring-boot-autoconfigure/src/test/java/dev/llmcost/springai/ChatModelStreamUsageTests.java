package dev.llmcost.springai;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.autoconfigure.LlmCostAttributionAutoConfiguration;
import dev.llmcost.autoconfigure.LlmCostLedgerAutoConfiguration;
import dev.llmcost.autoconfigure.LlmCostObservationAutoConfiguration;
import dev.llmcost.autoconfigure.LlmCostPricingAutoConfiguration;
import dev.llmcost.autoconfigure.LlmCostSpringAiAutoConfiguration;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.model.MessageAggregator;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams made on a chat model directly are priced with the usage of the provider's last
 * chunk, not with Spring AI's aggregate of the stream, which drops the cached tokens. The
 * model below streams as Spring AI's own models do (its observation, then
 * {@link MessageAggregator}). Price of deepseek-chat since 2025-09-29 (USD per million
 * tokens): 0.28 input / 0.028 cached / 0.42 output.
 */
class ChatModelStreamUsageTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ObservationAutoConfiguration.class, LlmCostPricingAutoConfiguration.class,
						LlmCostLedgerAutoConfiguration.class, LlmCostAttributionAutoConfiguration.class,
						LlmCostObservationAutoConfiguration.class, LlmCostSpringAiAutoConfiguration.class))
		.withBean(Clock.class, () -> CLOCK);

	@Test
	void directStreamShouldBePricedWithTheCachedTokensOfItsLastChunk() {
		this.contextRunner.withUserConfiguration(StreamingModelConfiguration.class).run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("direct-stream"))) {
				assertThat(model.stream(new Prompt("Hello")).collectList().block(Duration.ofSeconds(5))).hasSize(3);
			}

			Totals totals = totals(context.getBean(CostLedger.class), "direct-stream");
			assertThat(totals.calls()).isEqualTo(1);
			assertThat(totals.tokens()).isEqualTo(new TokenUsage(476, 1024, 0, 250, 0));
			// 476 x 0.28 + 1024 x 0.028 + 250 x 0.42 = 133.28 + 28.672 + 105
			assertThat(totals.cost()).isEqualByComparingTo("0.000266952");
		});
	}

	@Test
	void directTextStreamShouldBePricedWithTheCachedTokensOfItsLastChunk() {
		this.contextRunner.withUserConfiguration(StreamingModelConfiguration.class).run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			List<String> pieces;
			try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("text-stream"))) {
				pieces = model.stream("Hello").collectList().block(Duration.ofSeconds(5));
			}

			assertThat(String.join("", pieces)).isEqualTo("Hello");
			assertThat(totals(context.getBean(CostLedger.class), "text-stream").tokens())
				.isEqualTo(new TokenUsage(476, 1024, 0, 250, 0));
		});
	}

	@Test
	void streamOfAFinalModelClassShouldBePricedWithSpringAisAggregate() {
		this.contextRunner.withUserConfiguration(FinalStreamingModelConfiguration.class).run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("final-model"))) {
				model.stream(new Prompt("Hello")).blockLast(Duration.ofSeconds(5));
			}

			// 1500 x 0.28 + 250 x 0.42: the aggregate has no cached tokens
			Totals totals = totals(context.getBean(CostLedger.class), "final-model");
			assertThat(totals.tokens()).isEqualTo(new TokenUsage(1500, 0, 0, 250, 0));
			assertThat(totals.cost()).isEqualByComparingTo("0.000525");
		});
	}

	private static Totals totals(CostLedger ledger, String feature) {
		return ledger.snapshot()
			.features()
			.stream()
			.filter((totals) -> totals.feature().equals(feature))
			.findFirst()
			.orElseThrow(() -> new AssertionError("nothing recorded for " + feature + ": " + ledger.snapshot()))
			.totals();
	}

	@Configuration(proxyBeanMethods = false)
	static class StreamingModelConfiguration {

		@Bean
		StreamingModel streamingModel(ObservationRegistry registry) {
			return new StreamingModel(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FinalStreamingModelConfiguration {

		@Bean
		FinalStreamingModel finalStreamingModel(ObservationRegistry registry) {
			return new FinalStreamingModel(registry);
		}

	}

	/**
	 * Streams "Hel", "lo", then a last chunk with no content and the usage: 1500 prompt
	 * tokens of which 1024 cached, 250 completion tokens.
	 */
	static class StreamingModel implements ChatModel {

		private final ObservationRegistry registry;

		StreamingModel(ObservationRegistry registry) {
			this.registry = registry;
		}

		@Override
		public ChatResponse call(Prompt prompt) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Flux<ChatResponse> stream(Prompt prompt) {
			return Flux.deferContextual((reactorContext) -> {
				ChatModelObservationContext context = ChatModelObservationContext.builder()
					.prompt(prompt)
					.provider("deepseek")
					.streaming(true)
					.build();
				Observation observation = ChatModelObservationDocumentation.CHAT_MODEL_OPERATION.observation(null,
						new DefaultChatModelObservationConvention(), () -> context, this.registry);
				observation.parentObservation(reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
				observation.start();
				Flux<ChatResponse> chunks = Flux
					.just(chunk("Hel", new DefaultUsage(0, 0)), chunk("lo", new DefaultUsage(0, 0)),
							new ChatResponse(List.of(), metadata(new DefaultUsage(1500, 250, 1750, null, 1024L, null))))
					.doOnError(observation::error)
					.doFinally((signal) -> observation.stop())
					.contextWrite((writable) -> writable.put(ObservationThreadLocalAccessor.KEY, observation));
				return new MessageAggregator().aggregate(chunks, context::setResponse);
			});
		}

		private static ChatResponse chunk(String text, Usage usage) {
			return new ChatResponse(List.of(new Generation(new AssistantMessage(text))), metadata(usage));
		}

		private static ChatResponseMetadata metadata(Usage usage) {
			return ChatResponseMetadata.builder().id("chunk").model("deepseek-chat").usage(usage).build();
		}

	}

	/**
	 * The same model in a final class, which cannot be proxied.
	 */
	static final class FinalStreamingModel implements ChatModel {

		private final StreamingModel model;

		FinalStreamingModel(ObservationRegistry registry) {
			this.model = new StreamingModel(registry);
		}

		@Override
		public ChatResponse call(Prompt prompt) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Flux<ChatResponse> stream(Prompt prompt) {
			return this.model.stream(prompt);
		}

	}

}
