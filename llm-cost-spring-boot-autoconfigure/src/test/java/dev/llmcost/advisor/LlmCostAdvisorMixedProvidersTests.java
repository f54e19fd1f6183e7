package dev.llmcost.advisor;

import dev.llmcost.annotation.LlmFeature;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.test.ScriptedHttpServer;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientBuilderConfigurer;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An application with both Spring AI's OpenAI and Anthropic chat models, as Spring AI
 * auto-configures them when {@code spring.ai.model.chat} is not set, and one
 * {@code ChatClient} per model: a feature calling both shows each call under its model
 * and its provider. Prices (USD per million tokens, built-in catalog): gpt-4o-mini 0.15
 * input / 0.60 output; claude-haiku-4-5 1 input / 5 output.
 * <p>
 * The tests' {@code application.properties} selects OpenAI alone
 * ({@code spring.ai.model.chat=openai}), and a property cannot be unset: this application
 * reads no {@code application.properties} ({@code spring.config.name} names a file that
 * does not exist) and repeats what it needs of it. Spring AI's Ollama and Google Gen AI
 * chat models, on the test class path for other tests, are left out.
 */
@SpringBootTest(classes = LlmCostAdvisorMixedProvidersTests.MixedApplication.class,
		webEnvironment = WebEnvironment.NONE,
		properties = { "spring.config.name=llm-cost-mixed-providers",
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
						+ "org.springframework.ai.model.ollama.autoconfigure.OllamaChatAutoConfiguration,"
						+ "org.springframework.ai.model.google.genai.autoconfigure.chat.GoogleGenAiChatAutoConfiguration",
				"management.otlp.metrics.export.enabled=false", "management.tracing.export.otlp.enabled=false",
				"management.logging.export.otlp.enabled=false", "spring.ai.model.embedding=openai",
				"spring.ai.model.embedding.text=openai", "spring.ai.model.image=openai",
				"spring.ai.openai.api-key=test-key", "spring.ai.openai.chat.model=gpt-4o-mini",
				"spring.ai.openai.max-retries=0", "spring.ai.anthropic.api-key=test-key",
				"spring.ai.anthropic.chat.options.model=claude-haiku-4-5", "spring.ai.anthropic.max-retries=0",
				"spring.ai.retry.max-attempts=1" })
class LlmCostAdvisorMixedProvidersTests {

	private static final OpenAiWireServer openAi = OpenAiWireServer.shared();

	private static final ScriptedHttpServer anthropic = LlmCostAdvisorAnthropicTests.startServer();

	@Autowired
	private AssistantService assistant;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private MeterRegistry meterRegistry;

	@DynamicPropertySource
	static void baseUrls(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.base-url", openAi::baseUrl);
		registry.add("spring.ai.anthropic.base-url", anthropic::baseUrl);
	}

	@AfterAll
	static void stopServer() {
		anthropic.stop();
	}

	@Test
	void eachCallShouldBeRecordedUnderItsProviderAndModel() {
		openAi.reset();
		openAi.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Drafted.", new Usage(1000, 0, 200, 0)));
		anthropic.enqueue(LlmCostAdvisorAnthropicTests.message("Reviewed.",
				"{\"input_tokens\":1000,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
						+ "\"output_tokens\":200}"));

		assertThat(this.assistant.draftAndReview("a memo")).isEqualTo("Drafted. Reviewed.");

		assertThat(openAi.requests()).hasSize(1);
		assertThat(anthropic.paths()).containsExactly("/v1/messages");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "draft-and-review");
		assertThat(feature.totals().calls()).isEqualTo(2);
		assertThat(feature.models()).extracting(ModelTotals::model)
			.containsExactlyInAnyOrder("gpt-4o-mini-2024-07-18", "claude-haiku-4-5");
		ModelTotals gpt = LedgerFeatures.model(this.ledger, "draft-and-review", "gpt-4o-mini-2024-07-18");
		assertThat(gpt.totals().tokens()).isEqualTo(new TokenUsage(1000, 0, 0, 200, 0));
		// 1000 x 0.15 + 200 x 0.60 = 150 + 120 = 270 USD per million
		assertThat(gpt.totals().cost()).isEqualByComparingTo("0.00027");
		ModelTotals claude = LedgerFeatures.model(this.ledger, "draft-and-review", "claude-haiku-4-5");
		assertThat(claude.totals().tokens()).isEqualTo(new TokenUsage(1000, 0, 0, 200, 0));
		// 1000 x 1 + 200 x 5 = 1000 + 1000 = 2000 USD per million
		assertThat(claude.totals().cost()).isEqualByComparingTo("0.002");
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00227");

		DistributionSummary openAiCost = callCost("openai", "gpt-4o-mini-2024-07-18");
		assertThat(openAiCost.count()).isEqualTo(1);
		assertThat(openAiCost.totalAmount()).isCloseTo(0.00027, within(1e-12));
		DistributionSummary anthropicCost = callCost("anthropic", "claude-haiku-4-5");
		assertThat(anthropicCost.count()).isEqualTo(1);
		assertThat(anthropicCost.totalAmount()).isCloseTo(0.002, within(1e-12));
		assertThat(this.meterRegistry.find("llm.call.cost").tag("feature", "draft-and-review").summaries())
			.as("one series per provider and model")
			.hasSize(2);
	}

	private DistributionSummary callCost(String provider, String model) {
		return this.meterRegistry.get("llm.call.cost")
			.tag("feature", "draft-and-review")
			.tag("gen_ai.provider.name", provider)
			.tag("gen_ai.response.model", model)
			.summary();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MixedApplication {

		// One client per model, each built as Spring AI builds the auto-configured
		// ChatClient.Builder's: its configurer applies the customizers, the starter's
		// cost advisor among them.
		@Bean
		ChatClient openAiChatClient(OpenAiChatModel chatModel, ChatClientBuilderConfigurer configurer) {
			return configurer.configure(ChatClient.builder(chatModel)).build();
		}

		@Bean
		ChatClient anthropicChatClient(AnthropicChatModel chatModel, ChatClientBuilderConfigurer configurer) {
			return configurer.configure(ChatClient.builder(chatModel)).build();
		}

		@Bean
		AssistantService assistantService(ChatClient openAiChatClient, ChatClient anthropicChatClient) {
			return new AssistantService(openAiChatClient, anthropicChatClient);
		}

	}

	/**
	 * Drafts with one provider's model and reviews with the other's, in one feature.
	 */
	public static class AssistantService {

		private final ChatClient drafter;

		private final ChatClient reviewer;

		AssistantService(ChatClient drafter, ChatClient reviewer) {
			this.drafter = drafter;
			this.reviewer = reviewer;
		}

		@LlmFeature("draft-and-review")
		public String draftAndReview(String text) {
			String draft = this.drafter.prompt().user("Draft " + text).call().content();
			String review = this.reviewer.prompt().user("Review: " + draft).call().content();
			return draft + " " + review;
		}

	}

}
