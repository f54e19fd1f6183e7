package dev.llmcost.advisor;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mistral AI through Spring AI's OpenAI client pointed at an OpenAI-compatible base URL,
 * Mistral's chat completions being OpenAI-shaped: Spring AI 2.0.1's own Mistral module
 * ({@code spring-ai-mistral-ai}) is not available to this build. The server answers as
 * Mistral's API reference documents {@code POST /v1/chat/completions}: {@code usage} with
 * {@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens}, and the prompt
 * tokens read from the prompt cache in {@code prompt_tokens_details.cached_tokens}
 * (billed at 10% of the input price). A stream carries its usage in its last chunk, the
 * one with the finish reason, whether or not {@code stream_options} asked for it.
 * <p>
 * Prices (USD per million tokens, built-in catalog, Mistral's pricing page):
 * mistral-large-latest 0.50 input / 0.05 cached / 1.50 output.
 */
@CostTrackingTest
class LlmCostAdvisorMistralTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private CostLedger ledger;

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void callWithCachedPromptTokensShouldBePricedByMistralPrices() {
		server.enqueue(Reply.chatWithRawUsage("mistral-large-latest", "Bonjour.",
				"{\"prompt_tokens\":5000,\"completion_tokens\":400,\"total_tokens\":5400,"
						+ "\"prompt_tokens_details\":{\"cached_tokens\":3072}}"));

		String answer = this.chatClient.prompt()
			.options(OpenAiChatOptions.builder().model("mistral-large-latest"))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "mistral-call"))
			.user("Hello")
			.call()
			.content();

		assertThat(answer).isEqualTo("Bonjour.");
		ModelTotals model = LedgerFeatures.model(this.ledger, "mistral-call", "mistral-large-latest");
		assertThat(model.totals().calls()).isEqualTo(1);
		assertThat(model.totals().tokens()).isEqualTo(new TokenUsage(1928, 3072, 0, 400, 0));
		// 1928 x 0.50 + 3072 x 0.05 + 400 x 1.50 = 964 + 153.6 + 600 = 1717.6 USD per
		// million
		assertThat(model.totals().cost()).isEqualByComparingTo("0.0017176");
	}

	@Test
	void streamWithUsageInItsFinishChunkShouldBePricedByMistralPrices() {
		server.enqueue(mistralStream("{\"prompt_tokens\":5000,\"completion_tokens\":400,\"total_tokens\":5400,"
				+ "\"prompt_tokens_details\":{\"cached_tokens\":3072}}", "Bon", "jour."));

		List<String> pieces = this.chatClient.prompt()
			.options(OpenAiChatOptions.builder().model("mistral-large-latest"))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "mistral-stream"))
			.user("Hello")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(String.join("", pieces)).isEqualTo("Bonjour.");
		ModelTotals model = LedgerFeatures.model(this.ledger, "mistral-stream", "mistral-large-latest");
		assertThat(model.totals().calls()).isEqualTo(1);
		assertThat(model.totals().tokens()).isEqualTo(new TokenUsage(1928, 3072, 0, 400, 0));
		// as the call: 1717.6 USD per million
		assertThat(model.totals().cost()).isEqualByComparingTo("0.0017176");
	}

	/**
	 * A stream as Mistral sends it: chunks of {@code delta} content, the last with the
	 * finish reason and the usage of the whole call in the same chunk, then
	 * {@code [DONE]}.
	 */
	private static Reply mistralStream(String usage, String... pieces) {
		return (exchange, request) -> {
			StringBuilder body = new StringBuilder();
			body.append(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", null));
			for (String piece : pieces) {
				body.append(chunk("{\"content\":\"" + piece + "\"}", "null", null));
			}
			body.append(chunk("{\"content\":\"\"}", "\"stop\"", usage));
			body.append("data: [DONE]\n\n");
			byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		};
	}

	private static String chunk(String delta, String finishReason, String usage) {
		return "data: {\"id\":\"cmpl-mistral-1\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,"
				+ "\"model\":\"mistral-large-latest\",\"choices\":[{\"index\":0,\"delta\":" + delta
				+ ",\"finish_reason\":" + finishReason + "}]" + ((usage != null) ? ",\"usage\":" + usage : "")
				+ "}\n\n";
	}

}
