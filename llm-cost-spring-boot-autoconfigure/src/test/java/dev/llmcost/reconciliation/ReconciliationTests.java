package dev.llmcost.reconciliation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.test.MutableClock;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link Reconciliation} against local servers speaking OpenAI's organization
 * Costs API and Anthropic's Admin API cost report, as their API references document them.
 * The ledger holds, on 2026-03-04 (UTC), 10.00 USD of gpt-4o-mini calls and 3.00 USD of
 * claude-sonnet-4 calls, and on 2026-03-03 5.00 USD of gpt-4o calls; the comparison runs
 * on 2026-03-05 at 02:00 UTC, over 2026-02-26 to 2026-03-04.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReconciliationTests {

	static final String OPENAI_KEY = "sk-admin-openai-test-1234567890";

	static final String ANTHROPIC_KEY = "sk-ant-admin01-test-abcdefghij";

	private final BillingApiServer server = BillingApiServer.start();

	private final MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");

	private final InMemoryCostLedger ledger = new InMemoryCostLedger(this.clock, ZoneOffset.UTC, Duration.ofDays(35));

	ReconciliationTests() {
		this.clock.set("2026-03-03T09:00:00Z");
		record("2026-03-03T09:30:00Z", "gpt-4o-2024-08-06", "5.00");
		this.clock.set("2026-03-04T23:59:00Z");
		record("2026-03-04T10:00:00Z", "gpt-4o-mini", "4.00");
		record("2026-03-04T23:30:00Z", "gpt-4o-mini", "6.00");
		record("2026-03-04T12:00:00Z", "claude-sonnet-4-20250514", "3.00");
		// Claude on Amazon Bedrock is on AWS's bill, not Anthropic's.
		record("2026-03-04T12:00:00Z", "anthropic.claude-3-5-sonnet-20240620-v1:0", "100.00");
		this.clock.set("2026-03-05T02:00:00Z");
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void openAiDayMatchingTheLedgerShouldHaveNoDrift(CapturedOutput output) {
		this.server.reply(openAiPage(false, null, bucket("2026-03-03", "5.0"), bucket("2026-03-04", "7.5", "2.5")));
		Reconciliation reconciliation = reconciliation(openAi(null));
		reconciliation.reconcile();
		assertThat(reconciliation.results())
			.extracting(ReconciledDay::day, ReconciledDay::reported, ReconciledDay::estimated, ReconciledDay::drift,
					ReconciledDay::scope, ReconciledDay::complete)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-04"), new BigDecimal("10.0"),
							new BigDecimal("10.00"), 0.0, "instance", true),
					org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-03"), new BigDecimal("5.0"),
							new BigDecimal("5.00"), 0.0, "instance", true));
		assertThat(reconciliation.latestDrift("openai")).isEqualTo(0.0);
		assertThat(output).doesNotContain("WARN");
	}

	@Test
	void openAiRequestShouldAskForTheClosedDaysWithTheAdminKey() {
		this.server.reply(openAiPage(false, null));
		reconciliation(openAi("proj_abc")).reconcile();
		BillingApiServer.Request request = this.server.requests().get(0);
		// 2026-02-26T00:00:00Z and 2026-03-05T00:00:00Z in Unix seconds.
		assertThat(request.uri()).isEqualTo("/v1/organization/costs?start_time=1772064000&end_time=1772668800"
				+ "&bucket_width=1d&limit=7&project_ids=proj_abc");
		assertThat(request.headers()).containsEntry("Authorization", "Bearer " + OPENAI_KEY);
	}

	@Test
	void billTwentyPercentHigherShouldBeReportedAndLoggedOnce(CapturedOutput output) {
		String page = openAiPage(false, null, bucket("2026-03-03", "5.00"), bucket("2026-03-04", "12.00"));
		this.server.reply(page).reply(page);
		Reconciliation reconciliation = reconciliation(openAi(null));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		reconciliation.bindTo(registry);
		reconciliation.reconcile();
		// (10.00 - 12.00) / 12.00 = -1/6
		assertThat(reconciliation.results().get(0).drift()).isCloseTo(-0.1666666666666667, within(1e-12));
		assertThat(registry.get("llm.reconciliation.drift").tag("gen_ai.provider.name", "openai").gauge().value())
			.isCloseTo(-0.1666666666666667, within(1e-12));
		assertThat(output).contains("WARN")
			.contains("The LLM cost estimate of openai on 2026-03-04 is 16.7% below its bill")
			.contains("(estimated 10.00 USD, billed 12.00 USD, instance ledger)")
			.doesNotContain("2026-03-03 is");
		// The same day compared again the next run is not logged again.
		reconciliation.reconcile();
		assertThat(output.getOut().split("16.7% below", -1)).hasSize(2);
	}

	@Test
	void everyPageOfAMultiPageAnswerShouldBeRead() {
		this.server.reply(openAiPage(true, "page_AAAAAGdGxdEiJdKOAAAAAGcqsYA=", bucket("2026-03-03", "5.00")))
			.reply(openAiPage(false, null, bucket("2026-03-04", "4.00", "6.00")));
		Reconciliation reconciliation = reconciliation(openAi(null));
		reconciliation.reconcile();
		assertThat(this.server.requests()).hasSize(2);
		assertThat(this.server.requests().get(1).uri()).endsWith("&page=page_AAAAAGdGxdEiJdKOAAAAAGcqsYA%3D");
		assertThat(reconciliation.results()).extracting(ReconciledDay::reported)
			.containsExactly(new BigDecimal("10.00"), new BigDecimal("5.00"));
		assertThat(reconciliation.results()).extracting(ReconciledDay::drift).containsExactly(0.0, 0.0);
	}

	@Test
	void anthropicAmountsInCentsShouldBeComparedInDollarsOverEveryPage(CapturedOutput output) {
		this.server.reply(anthropicPage(true, "page_MjAyNi0wMy0wNFQwMDowMDowMFo=", anthropicBucket("2026-03-03", "0")))
			.reply(anthropicPage(false, null, anthropicBucket("2026-03-04", "240.5", "119.5")));
		Reconciliation reconciliation = reconciliation(anthropic());
		reconciliation.reconcile();
		BillingApiServer.Request first = this.server.requests().get(0);
		assertThat(first.uri()).isEqualTo("/v1/organizations/cost_report?starting_at=2026-02-26T00:00:00Z"
				+ "&ending_at=2026-03-05T00:00:00Z&bucket_width=1d&limit=7");
		assertThat(first.headers()).containsEntry("x-api-key", ANTHROPIC_KEY)
			.containsEntry("anthropic-version", "2023-06-01");
		assertThat(this.server.requests().get(1).uri()).endsWith("&page=page_MjAyNi0wMy0wNFQwMDowMDowMFo%3D");
		// 240.5 + 119.5 = 360 cents = 3.60 USD; (3.00 - 3.60) / 3.60 = -1/6. The Bedrock
		// Claude call (100.00 USD) is not on Anthropic's bill.
		ReconciledDay latest = reconciliation.results().get(0);
		assertThat(latest.reported()).isEqualByComparingTo("3.60");
		assertThat(latest.estimated()).isEqualByComparingTo("3.00");
		assertThat(latest.drift()).isCloseTo(-0.1666666666666667, within(1e-12));
		assertThat(reconciliation.results().get(1).drift()).isEqualTo(0.0);
		assertThat(output).contains("The LLM cost estimate of anthropic on 2026-03-04 is 16.7% below its bill");
	}

	@ParameterizedTest
	@CsvSource({ "401, unauthorized", "403, unauthorized", "429, rate_limited", "500, server_error",
			"404, client_error" })
	void failedReadShouldKeepTheLastResultAndBeCounted(int status, String outcome, CapturedOutput output) {
		this.server.reply(openAiPage(false, null, bucket("2026-03-04", "10.00")))
			.reply(status, "{\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_KEY + "\"}}");
		Reconciliation reconciliation = reconciliation(openAi(null));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		reconciliation.bindTo(registry);
		reconciliation.reconcile();
		List<ReconciledDay> first = reconciliation.results();
		reconciliation.reconcile();
		assertThat(reconciliation.results()).isEqualTo(first).hasSize(1);
		assertThat(registry.get("llm.reconciliation.fetches")
			.tags("gen_ai.provider.name", "openai", "outcome", outcome)
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(registry.get("llm.reconciliation.fetches")
			.tags("gen_ai.provider.name", "openai", "outcome", "success")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(output).contains("Cost report of openai: HTTP " + status)
			.doesNotContain(OPENAI_KEY)
			.doesNotContain("Incorrect API key");
	}

	@Test
	void malformedAnswerShouldKeepTheLastResultAndBeCounted(CapturedOutput output) {
		this.server.reply(anthropicPage(false, null, anthropicBucket("2026-03-04", "300")))
			.reply("{\"data\": [ {\"starting_at\": \"2026-03-04T00:00:00Z\", " + ANTHROPIC_KEY);
		Reconciliation reconciliation = reconciliation(anthropic());
		reconciliation.reconcile();
		reconciliation.reconcile();
		assertThat(reconciliation.results()).singleElement()
			.satisfies((day) -> assertThat(day.reported()).isEqualByComparingTo("3.00"));
		assertThat(reconciliation.fetches("anthropic", FetchOutcome.INVALID_RESPONSE)).isEqualTo(1);
		assertThat(output).contains("Cost report of anthropic: an answer that is not valid JSON")
			.doesNotContain(ANTHROPIC_KEY);
	}

	@Test
	void unreachableApiShouldBeCountedAndThrowNothing() {
		String baseUrl = this.server.baseUrl();
		this.server.close();
		Reconciliation reconciliation = new Reconciliation(List.of(new OpenAiCostReport(OPENAI_KEY, baseUrl, null)),
				this.ledger, this.clock, 0.05);
		reconciliation.reconcile();
		assertThat(reconciliation.results()).isEmpty();
		assertThat(reconciliation.fetches("openai", FetchOutcome.IO_ERROR)).isEqualTo(1);
		assertThat(reconciliation.latestDrift("openai")).isNaN();
	}

	@Test
	void estimateOnADayBilledZeroShouldHaveNoDriftButBeLogged(CapturedOutput output) {
		this.server.reply(openAiPage(false, null, bucket("2026-03-04")));
		Reconciliation reconciliation = reconciliation(openAi(null));
		reconciliation.reconcile();
		assertThat(reconciliation.results().get(0).drift()).isNull();
		assertThat(reconciliation.latestDrift("openai")).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(output).contains("The LLM cost estimate of openai on 2026-03-04 is not zero but its bill is");
	}

	@Test
	void dayBeforeTheLedgerStartedShouldBeShownIncompleteAndNotLogged(CapturedOutput output) {
		// The ledger started on 2026-03-01: it cannot know 2026-02-28's calls.
		this.server.reply(openAiPage(false, null, bucket("2026-02-28", "50.00")));
		Reconciliation reconciliation = reconciliation(openAi(null));
		reconciliation.reconcile();
		ReconciledDay day = reconciliation.results().get(0);
		assertThat(day.complete()).isFalse();
		assertThat(day.drift()).isEqualTo(-1.0);
		assertThat(reconciliation.latestDrift("openai")).isNaN();
		assertThat(output).doesNotContain("WARN");
	}

	private Reconciliation reconciliation(ProviderCostReport report) {
		return new Reconciliation(List.of(report), this.ledger, this.clock, 0.05);
	}

	private OpenAiCostReport openAi(String project) {
		return new OpenAiCostReport(OPENAI_KEY, this.server.baseUrl() + "/", project);
	}

	private AnthropicCostReport anthropic() {
		return new AnthropicCostReport(ANTHROPIC_KEY, this.server.baseUrl());
	}

	private void record(String at, String model, String cost) {
		String provider = model.startsWith("anthropic.") ? "aws.bedrock"
				: model.startsWith("claude") ? "anthropic" : "openai";
		this.ledger.record(new RecordedCall(Instant.parse(at), Attribution.of("support"), provider, "chat", model,
				model, new TokenUsage(1000, 0, 0, 100, 0), new BigDecimal(cost), true, false));
	}

	/**
	 * A page of OpenAI's Costs API, as its API reference shows it.
	 */
	static String openAiPage(boolean hasMore, String nextPage, String... buckets) {
		return "{\"object\": \"page\", \"data\": [" + String.join(",", buckets) + "], \"has_more\": " + hasMore
				+ ", \"next_page\": " + ((nextPage != null) ? "\"" + nextPage + "\"" : "null") + "}";
	}

	static String bucket(String day, String... values) {
		long start = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
		StringBuilder results = new StringBuilder();
		for (String value : values) {
			if (!results.isEmpty()) {
				results.append(",");
			}
			results.append("{\"object\": \"organization.costs.result\", \"amount\": {\"value\": ")
				.append(value)
				.append(", \"currency\": \"usd\"}, \"line_item\": null, \"project_id\": null}");
		}
		return "{\"object\": \"bucket\", \"start_time\": " + start + ", \"end_time\": " + (start + 86400)
				+ ", \"results\": [" + results + "]}";
	}

	/**
	 * A page of Anthropic's cost report, as its API reference shows it.
	 */
	static String anthropicPage(boolean hasMore, String nextPage, String... buckets) {
		return "{\"data\": [" + String.join(",", buckets) + "], \"has_more\": " + hasMore + ", \"next_page\": "
				+ ((nextPage != null) ? "\"" + nextPage + "\"" : "null") + "}";
	}

	static String anthropicBucket(String day, String... amountsInCents) {
		StringBuilder results = new StringBuilder();
		for (String amount : amountsInCents) {
			if (!results.isEmpty()) {
				results.append(",");
			}
			results.append("{\"amount\": \"")
				.append(amount)
				.append("\", \"currency\": \"USD\", \"context_window\": null, \"cost_type\": null, "
						+ "\"description\": null, \"model\": null, \"service_tier\": null, \"token_type\": null, "
						+ "\"workspace_id\": null}");
		}
		LocalDate start = LocalDate.parse(day);
		return "{\"starting_at\": \"" + start + "T00:00:00Z\", \"ending_at\": \"" + start.plusDays(1)
				+ "T00:00:00Z\", \"results\": [" + results + "]}";
	}

}
