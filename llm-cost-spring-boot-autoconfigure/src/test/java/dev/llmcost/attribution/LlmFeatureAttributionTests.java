package dev.llmcost.attribution;

import java.util.Map;
import java.util.stream.Collectors;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.test.CostTestApplication.ClassLevelService;
import dev.llmcost.test.CostTestApplication.OuterService;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which feature a call is attributed to, through real annotated beans and the real OpenAI
 * client, in one scenario because the ledger and the feature cap (6 here) are shared by
 * every call of the application. The cap counts every feature the application has seen,
 * so this test has an application of its own.
 */
@CostTrackingTest(properties = "llm.cost.attribution.max-features=6")
class LlmFeatureAttributionTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	@Autowired
	private SummaryService summaryService;

	@Autowired
	private ClassLevelService classLevelService;

	@Autowired
	private OuterService outerService;

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private CostLedger ledger;

	@BeforeEach
	void replies() {
		server.reset();
		for (int i = 0; i < 20; i++) {
			server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "ok", new Usage(100, 0, 10, 0)));
		}
	}

	@Test
	void attributionShouldFollowAnnotationsNestingOverridesAndTheCap() {
		this.summaryService.summarize("plain");
		this.classLevelService.ask("class");
		this.classLevelService.askOwnFeature("method");
		this.outerService.run();
		this.summaryService.summarizeFor("per-request", "override");
		this.summaryService.unannotated("nothing");
		this.chatClient.prompt().user("outside any bean").call().content();
		// Six named features so far (document-summary, class-feature, method-feature,
		// outer,
		// inner, per-request): the cap is reached, so further new names become "other".
		this.summaryService.summarizeFor("one-too-many", "overflow");
		this.summaryService.summarizeFor("  document summary!  ", "sanitised and over the cap");

		assertThat(AttributionContext.current()).as("feature restored after nested scopes").isNull();
		Map<String, Long> calls = callsPerFeature();
		assertThat(calls).containsEntry("document-summary", 1L)
			.containsEntry("class-feature", 1L)
			.containsEntry("method-feature", 1L)
			.containsEntry("outer", 2L)
			.containsEntry("inner", 1L)
			.containsEntry("per-request", 1L)
			.containsEntry(Attribution.UNATTRIBUTED_FEATURE, 2L)
			.containsEntry(FeatureNames.OTHER, 2L)
			.doesNotContainKeys("one-too-many", "document_summary_");
	}

	private Map<String, Long> callsPerFeature() {
		return this.ledger.snapshot()
			.features()
			.stream()
			.collect(Collectors.toMap(FeatureTotals::feature, (feature) -> feature.totals().calls()));
	}

}
