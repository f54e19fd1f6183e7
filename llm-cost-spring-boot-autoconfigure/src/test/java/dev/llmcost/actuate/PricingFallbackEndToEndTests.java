package dev.llmcost.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway that answers with a model name the catalog does not know, through the real
 * OpenAI client: the call is priced as the requested model, and says so in a counter and
 * in the endpoint's {@code unpriced} section. Built-in gpt-4o-mini prices, USD per
 * million tokens: 0.15 input, 0.60 output.
 */
@CostTrackingTest
class PricingFallbackEndToEndTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private SummaryService summaryService;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private MeterRegistry meterRegistry;

	@LocalServerPort
	private int port;

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void responseModelWithoutPriceShouldBePricedAsTheRequestedModelAndListedAsSo() throws Exception {
		server.enqueue(Reply.chat("fallback-e2e-route", "Routed.", new Usage(3000, 0, 400, 0)));
		server.enqueue(Reply.chat("fallback-e2e-route", "Routed again.", new Usage(3000, 0, 400, 0)));

		this.summaryService.summarizeFor("fallback-e2e", "gpt-4o-mini", "one");
		this.summaryService.summarizeFor("fallback-e2e", "gpt-4o-mini", "two");

		ModelTotals model = LedgerFeatures.model(this.ledger, "fallback-e2e", "fallback-e2e-route");
		// twice 3000 x 0.15 + 400 x 0.60 = 450 + 240 = 690 USD per million
		assertThat(model.totals().cost()).isEqualByComparingTo("0.00138");
		assertThat(this.meterRegistry.get("llm.pricing.fallback.calls")
			.tag("gen_ai.response.model", "fallback-e2e-route")
			.tag("gen_ai.request.model", "gpt-4o-mini")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.meterRegistry.find("llm.unpriced.calls")
			.tag("gen_ai.response.model", "fallback-e2e-route")
			.counters()).isEmpty();
		assertThat(unpricedEntries("fallback-e2e-route")).singleElement()
			.satisfies((entry) -> assertThat(entry.toString())
				.isEqualTo("{\"model\":\"fallback-e2e-route\",\"calls\":2,\"pricedAs\":\"gpt-4o-mini\"}"));
	}

	@Test
	void responseModelWithoutPriceAnsweringAnUnpricedRequestShouldStayUnpriced() throws Exception {
		server.enqueue(Reply.chat("fallback-e2e-other-route", "Unpriced.", new Usage(3000, 0, 400, 0)));

		this.summaryService.summarizeFor("fallback-e2e-unpriced", "fallback-e2e-finetune", "one");

		ModelTotals model = LedgerFeatures.model(this.ledger, "fallback-e2e-unpriced", "fallback-e2e-other-route");
		assertThat(model.totals().cost()).isEqualByComparingTo("0");
		assertThat(this.meterRegistry.get("llm.unpriced.calls")
			.tag("gen_ai.response.model", "fallback-e2e-other-route")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.meterRegistry.find("llm.pricing.fallback.calls")
			.tag("gen_ai.response.model", "fallback-e2e-other-route")
			.counters()).isEmpty();
		assertThat(unpricedEntries("fallback-e2e-other-route")).singleElement()
			.satisfies((entry) -> assertThat(entry.toString())
				.isEqualTo("{\"model\":\"fallback-e2e-other-route\",\"calls\":1}"));
	}

	private List<JsonNode> unpricedEntries(String model) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/llmcost")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		List<JsonNode> entries = new ArrayList<>();
		for (JsonNode entry : json.readTree(response.body()).path("unpriced")) {
			if (entry.path("model").asString().equals(model)) {
				entries.add(entry);
			}
		}
		return entries;
	}

}
