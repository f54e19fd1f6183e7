package dev.llmcost.advisor;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.observation.LlmCostMeters;
import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.test.CostTestApplication.ChatService;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure inside cost tracking (here, a price catalog that throws) never changes what
 * the caller of the model gets; it is counted and logged, and the call's tokens are kept.
 * <p>
 * The broken catalog replaces the application's, so this test has an application of its
 * own: its configuration differs, and Spring's context cache keeps it apart.
 */
@CostTrackingTest
@Import(CostTrackingFailureTests.BrokenCatalog.class)
@ExtendWith(OutputCaptureExtension.class)
class CostTrackingFailureTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	@Autowired
	private SummaryService summaryService;

	@Autowired
	private ChatService chatService;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private MeterRegistry meterRegistry;

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void throwingPriceLookupShouldNotChangeTheCallersResponse(CapturedOutput output) {
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Still answered.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(10, 0, 2, 0), "Still ", "streamed."));
		double failuresBefore = pricingFailures();

		String answer = this.summaryService.summarize("Hello");
		String streamed = String.join("", this.chatService.chat("Hello").collectList().block());

		assertThat(answer).isEqualTo("Still answered.");
		assertThat(streamed).isEqualTo("Still streamed.");
		assertThat(pricingFailures() - failuresBefore).isEqualTo(2);
		assertThat(output).containsOnlyOnce("LLM cost tracking failed while pricing a model call");
		Totals call = LedgerFeatures.feature(this.ledger, "document-summary").totals();
		Totals stream = LedgerFeatures.feature(this.ledger, "support-chat").totals();
		assertThat(call.calls()).as("the call is still recorded").isEqualTo(1);
		assertThat(call.tokens().cacheRead()).isEqualTo(1024);
		assertThat(stream.calls()).as("the stream is still recorded").isEqualTo(1);
	}

	private double pricingFailures() {
		return this.meterRegistry.find(LlmCostMeters.ERRORS.getName())
			.tag("exception", "IllegalStateException")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class BrokenCatalog {

		@Bean
		PriceCatalog brokenPriceCatalog() {
			return (provider, model) -> {
				throw new IllegalStateException("price catalog unavailable");
			};
		}

	}

}
