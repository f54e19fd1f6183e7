package dev.llmcost.attribution;

import java.util.Map;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.test.CostTestApplication.TeamService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.PrometheusScrape;
import dev.llmcost.test.PrometheusScrape.Sample;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The team of a feature, from {@code llm.cost.features.<feature>.team} (set in the shared
 * test properties) or from {@code @LlmFeature(team = ...)}, in the real Prometheus scrape
 * as {@code llm_feature_info{feature, team} 1}, the series PromQL joins cost to by
 * feature.
 */
@CostTrackingTest
class FeatureTeamTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	@LocalServerPort
	private int port;

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private TeamService teamService;

	@Test
	void teamFromPropertiesShouldBeTheFeatureInfo() throws Exception {
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Hi.", new Usage(10, 0, 1, 0)));
		this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "teams-configured"))
			.user("hello")
			.call()
			.content();

		assertThat(infoOf(PrometheusScrape.of(this.port), "teams-configured"))
			.containsExactly(Map.of("feature", "teams-configured", "team", "payments"));
	}

	@Test
	void teamFromTheAnnotationShouldWinOverTheProperties() throws Exception {
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Hi.", new Usage(10, 0, 1, 0)));
		this.teamService.ask("hello");

		assertThat(infoOf(PrometheusScrape.of(this.port), "teams-annotated"))
			.containsExactly(Map.of("feature", "teams-annotated", "team", "search"));
	}

	@Test
	void featureWithoutATeamShouldBeUnassigned() throws Exception {
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Hi.", new Usage(10, 0, 1, 0)));
		this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "teams-none"))
			.user("hello")
			.call()
			.content();

		PrometheusScrape scrape = PrometheusScrape.of(this.port);
		assertThat(infoOf(scrape, "teams-none")).containsExactly(Map.of("feature", "teams-none", "team", "unassigned"));
		assertThat(scrape.samples()).filteredOn((sample) -> sample.name().equals("llm_feature_info"))
			.allSatisfy((sample) -> assertThat(sample.value()).isEqualTo(1.0));
		// The team is on the info series only: the cost series keep their tags.
		assertThat(scrape.samples())
			.filteredOn((sample) -> sample.name().startsWith("llm_") && !sample.name().equals("llm_feature_info"))
			.allSatisfy((sample) -> assertThat(sample.labels()).doesNotContainKey("team"));
	}

	private static java.util.List<Map<String, String>> infoOf(PrometheusScrape scrape, String feature) {
		return scrape.samples()
			.stream()
			.filter((sample) -> sample.name().equals("llm_feature_info")
					&& feature.equals(sample.labels().get("feature")))
			.map(Sample::labels)
			.toList();
	}

}
