package dev.llmcost.advisor;

import java.time.Duration;
import java.util.List;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams the caller stops before the provider's closing usage chunk (a user pressing
 * "stop"), through the real OpenAI client over HTTP: the provider bills the prompt and
 * what it generated, so the call is recorded with estimated usage, marked as such, and
 * not as an error.
 * <p>
 * Expected counts, by hand with OpenAI's o200k_base encoding (gpt-4o-mini's): "Count to
 * three" is 3 tokens ("Count", " to", " three"), plus 3 for its message and 3 that prime
 * the reply: 9 input tokens; "one" is 1 output token. Price of gpt-4o-mini (USD per
 * million tokens, built-in catalog): 0.15 input / 0.60 output, so 9 x 0.15 + 1 x 0.60 =
 * 1.95 per million.
 */
@CostTrackingTest
class AbandonedStreamOpenAiTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final String MINI = "gpt-4o-mini-2024-07-18";

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private MeterRegistry meterRegistry;

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void streamStoppedAfterItsFirstPieceShouldBeRecordedWithEstimatedUsage() {
		server.enqueue(Reply.stream(MINI, new Usage(100, 0, 10, 0), "one", " two", " three"));

		List<String> taken = this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "abandoned-stream"))
			.user("Count to three")
			.stream()
			.content()
			.filter((piece) -> !piece.isEmpty())
			.take(1)
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(taken).containsExactly("one");
		FeatureTotals totals = LedgerFeatures.feature(this.ledger, "abandoned-stream");
		assertThat(totals.totals().calls()).isEqualTo(1);
		assertThat(totals.totals().errors()).isZero();
		assertThat(totals.totals().tokens()).isEqualTo(new TokenUsage(9, 0, 0, 1, 0));
		assertThat(totals.totals().cost()).isEqualByComparingTo("0.00000195");
		assertThat(estimatedCalls("abandoned-stream")).isEqualTo(1);
		assertThat(this.meterRegistry.get("llm.call").tag("feature", "abandoned-stream").timer().count()).isOne();
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "abandoned-stream")
			.tag("error.type", "none")
			.timer()
			.count()).isOne();
	}

	/**
	 * Spring AI's {@code OpenAiChatModel} is a final class: its chunks cannot be kept, so
	 * a direct stream of it is estimated from its prompt alone (9 x 0.15 = 1.35 per
	 * million).
	 */
	@Test
	void directModelStreamStoppedAfterItsFirstPieceShouldBeRecordedWithTheEstimatedUsageOfItsPrompt() {
		server.enqueue(Reply.stream(MINI, new Usage(100, 0, 10, 0), "one", " two", " three"));

		List<String> taken;
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("abandoned-direct-stream"))) {
			taken = this.chatModel.stream(new Prompt("Count to three"))
				.map((response) -> (response.getResult() != null) ? response.getResult().getOutput().getText() : "")
				.filter((piece) -> piece != null && !piece.isEmpty())
				.take(1)
				.collectList()
				.block(Duration.ofSeconds(10));
		}

		assertThat(taken).containsExactly("one");
		FeatureTotals totals = LedgerFeatures.feature(this.ledger, "abandoned-direct-stream");
		assertThat(totals.totals().calls()).isEqualTo(1);
		assertThat(totals.totals().errors()).isZero();
		assertThat(totals.totals().tokens()).isEqualTo(new TokenUsage(9, 0, 0, 0, 0));
		assertThat(totals.totals().cost()).isEqualByComparingTo("0.00000135");
		assertThat(estimatedCalls("abandoned-direct-stream")).isEqualTo(1);
	}

	@Test
	void streamReadToItsEndShouldKeepTheProvidersUsageAndNotBeEstimated() {
		server.enqueue(Reply.stream(MINI, new Usage(100, 0, 10, 0), "one", " two", " three"));

		List<String> pieces = this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "complete-stream-not-estimated"))
			.user("Count to three")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(pieces).contains("one", " two", " three");
		FeatureTotals totals = LedgerFeatures.feature(this.ledger, "complete-stream-not-estimated");
		assertThat(totals.totals().tokens()).isEqualTo(new TokenUsage(100, 0, 0, 10, 0));
		assertThat(estimatedCalls("complete-stream-not-estimated")).isZero();
	}

	private double estimatedCalls(String feature) {
		return this.meterRegistry.find("llm.usage.estimated.calls")
			.tag("feature", feature)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

}
