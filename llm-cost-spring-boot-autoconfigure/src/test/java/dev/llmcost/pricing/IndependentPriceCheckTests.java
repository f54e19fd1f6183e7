package dev.llmcost.pricing;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Costs the starter reports for OpenAI calls and streams, through the real client, with
 * cached and reasoning tokens and dated response names, agree within 1% with an
 * independent price source: {@code catalogs/independent-openai-prices.json}, read here
 * with plain Jackson and priced with this test's own arithmetic.
 */
@CostTrackingTest
class IndependentPriceCheckTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static JsonNode independent;

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private CostLedger ledger;

	@BeforeAll
	static void readIndependentSource() throws Exception {
		try (InputStream in = IndependentPriceCheckTests.class
			.getResourceAsStream("/catalogs/independent-openai-prices.json")) {
			independent = JsonMapper.builder().build().readTree(in);
		}
	}

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@ParameterizedTest(name = "{0} answered as {1}, stream={2}")
	@CsvSource({ "gpt-4o-mini, gpt-4o-mini-2024-07-18, false, 1500, 1024, 250, 0",
			"gpt-4o-mini, gpt-4o-mini-2024-07-18, true, 1500, 1024, 250, 0",
			"gpt-5, gpt-5-2025-08-07, false, 10000, 5000, 2000, 1500",
			"gpt-5, gpt-5-2025-08-07, true, 42000, 40960, 9000, 8000",
			"o4-mini, o4-mini-2025-04-16, true, 3000, 2048, 800, 512",
			"gpt-4.1-nano, gpt-4.1-nano-2025-04-14, false, 20000, 0, 300, 0",
			"gpt-4o, gpt-4o-2024-08-06, true, 5000, 4096, 100, 0" })
	void reportedCostShouldMatchTheIndependentSource(String model, String responseModel, boolean stream, int prompt,
			int cached, int completion, int reasoning) {
		Usage usage = new Usage(prompt, cached, completion, reasoning);
		String feature = "check-" + model + "-" + stream;
		server.enqueue(stream ? Reply.stream(responseModel, usage, "An", " answer")
				: Reply.chat(responseModel, "An answer", usage));

		ChatClient.ChatClientRequestSpec request = this.chatClient.prompt()
			.options(OpenAiChatOptions.builder().model(model))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
			.user("Question");
		if (stream) {
			request.stream().content().collectList().block(Duration.ofSeconds(10));
		}
		else {
			request.call().content();
		}

		double expected = independentCost(model, prompt, cached, completion);
		BigDecimal reported = LedgerFeatures.feature(this.ledger, feature).totals().cost();
		assertThat(reported.doubleValue()).isCloseTo(expected, within(expected * 0.01));
	}

	/**
	 * OpenAI's billing: prompt tokens include the cached ones, completion tokens include
	 * reasoning, which is billed as output.
	 */
	private static double independentCost(String model, int prompt, int cached, int completion) {
		JsonNode price = independent.path(model);
		return (prompt - cached) * price.path("input_cost_per_token").asDouble()
				+ cached * price.path("cache_read_input_token_cost").asDouble()
				+ completion * price.path("output_cost_per_token").asDouble();
	}

}
