package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link InMemoryCostLedger}.
 */
class InMemoryCostLedgerTests {

	private final InMemoryCostLedger ledger = new InMemoryCostLedger();

	@Test
	void snapshotShouldSortFeaturesAndModelsByCostAndSumExactly() {
		this.ledger.record(call("cheap", "gpt-4o-mini", "0.1", true, false));
		this.ledger.record(call("dear", "gpt-4o-mini", "0.2", true, false));
		this.ledger.record(call("dear", "gpt-5", "0.7", true, true));
		this.ledger.record(call("dear", "my-finetune", "0", false, false));

		LedgerSnapshot snapshot = this.ledger.snapshot();

		assertThat(snapshot.features()).extracting(FeatureTotals::feature).containsExactly("dear", "cheap");
		FeatureTotals dear = snapshot.features().get(0);
		assertThat(dear.models()).extracting(ModelTotals::model).containsExactly("gpt-5", "gpt-4o-mini", "my-finetune");
		assertThat(dear.totals().cost()).isEqualByComparingTo("0.9");
		assertThat(dear.totals().calls()).isEqualTo(3);
		assertThat(dear.totals().errors()).isEqualTo(1);
		assertThat(snapshot.total().cost()).as("0.1 + 0.2 + 0.7 exactly").isEqualByComparingTo("1.0");
		assertThat(snapshot.total().tokens()).isEqualTo(new TokenUsage(40, 80, 0, 120, 160));
		assertThat(snapshot.unpriced()).containsExactly(new LedgerSnapshot.UnpricedModel("my-finetune", 1));
	}

	@Test
	void concurrentRecordsShouldAddUpExactly() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(4);
		for (int i = 0; i < 20_000; i++) {
			String feature = "feature-" + (i % 7);
			executor.execute(() -> this.ledger.record(call(feature, "gpt-4o-mini", "0.0000001", true, false)));
		}
		executor.shutdown();
		assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

		LedgerSnapshot snapshot = this.ledger.snapshot();
		assertThat(snapshot.total().calls()).isEqualTo(20_000);
		assertThat(snapshot.total().cost()).isEqualByComparingTo("0.002");
		assertThat(snapshot.total().tokens().input()).isEqualTo(200_000);
	}

	@Test
	void costsWithManyDecimalsOrMillionsOfDollarsShouldAddUpExactly() {
		// 1,234 tokens at a tier rate of 0.1333333333333333 USD per million (a rate
		// scaled by a tier ratio): 22 decimals.
		BigDecimal tierCost = new BigDecimal("0.1333333333333333").multiply(new BigDecimal(1234)).movePointLeft(6);
		this.ledger.record(call("tiered", "gemini-2.5-pro", tierCost.toPlainString(), true, false));
		this.ledger.record(call("tiered", "gemini-2.5-pro", "0.000000000001", true, false));
		this.ledger.record(call("batch", "gpt-5", "9000000", true, false));
		this.ledger.record(call("batch", "gpt-5", "9000000", true, false));
		this.ledger.record(call("batch", "gpt-5", "999999.999999999999", true, false));
		this.ledger.record(call("batch", "gpt-5", "999999.999999999999", true, false));

		LedgerSnapshot snapshot = this.ledger.snapshot();

		// 0.1333333333333333 x 1,234 / 10^6 = 0.0001645333333333332922, + 10^-12
		assertThat(costOf(snapshot, "tiered")).isEqualByComparingTo("0.0001645333343333332922");
		assertThat(costOf(snapshot, "batch")).isEqualByComparingTo("19999999.999999999998");
		assertThat(snapshot.total().cost()).isEqualByComparingTo("20000000.0001645333323333332922");
	}

	@Test
	void callsShouldBeFiledUnderTheResponseModelElseTheRequestedOne() {
		this.ledger.record(new RecordedCall(Instant.parse("2026-12-03T10:00:00Z"), Attribution.of("summary"), "openai",
				"chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", TokenUsage.EMPTY, BigDecimal.ZERO, true, false));
		this.ledger.record(new RecordedCall(Instant.parse("2026-12-03T10:00:01Z"), Attribution.of("summary"), "openai",
				"chat", "gpt-4o-mini", null, TokenUsage.EMPTY, BigDecimal.ZERO, true, true));

		assertThat(this.ledger.snapshot().features().get(0).models()).extracting(ModelTotals::model)
			.containsExactlyInAnyOrder("gpt-4o-mini-2024-07-18", "gpt-4o-mini");
	}

	@Test
	void unpricedShouldCountTheModelsAndListThoseWithMostCallsFirst() {
		this.ledger.record(call("chat", "gpt-4o-mini", "0.1", true, false));
		this.ledger.record(call("chat", "zephyr-local", "0", false, false));
		this.ledger.record(call("chat", "my-finetune", "0", false, false));
		this.ledger.record(call("search", "my-finetune", "0", false, false));
		this.ledger.record(call("chat", "alpaca-local", "0", false, false));
		this.ledger.record(call("chat", "mistral-local", "0", false, false));

		UnpricedModels unpriced = this.ledger.unpriced(3);

		assertThat(unpriced.count()).isEqualTo(4);
		assertThat(unpriced.top()).as("most calls first, ties by name")
			.containsExactly(new UnpricedModel("my-finetune", 2), new UnpricedModel("alpaca-local", 1),
					new UnpricedModel("mistral-local", 1));
		assertThat(this.ledger.unpriced(10).top()).isEqualTo(this.ledger.snapshot().unpriced());
		assertThat(this.ledger.unpriced(0).top()).isEmpty();
	}

	@Test
	void callsPricedAsTheRequestedModelShouldBeListedWithItAmongTheUnpricedOfTheSnapshot() {
		this.ledger.record(pricedAs("chat", "gateway-route-7", "gpt-4o-mini"));
		this.ledger.record(pricedAs("search", "gateway-route-7", "gpt-4o-mini"));
		this.ledger.record(pricedAs("chat", "gateway-route-7", "gpt-4o"));
		this.ledger.record(call("chat", "gateway-route-7", "0", false, false));

		assertThat(this.ledger.snapshot().unpriced()).as("most calls first, then by name, calls costing 0 first")
			.containsExactly(new UnpricedModel("gateway-route-7", 2, "gpt-4o-mini"),
					new UnpricedModel("gateway-route-7", 1), new UnpricedModel("gateway-route-7", 1, "gpt-4o"));
	}

	@Test
	void callsPricedAsTheRequestedModelShouldNotCountAmongTheUnpricedModelsOfHealth() {
		this.ledger.record(pricedAs("chat", "gateway-route-7", "gpt-4o-mini"));
		this.ledger.record(call("chat", "my-finetune", "0", false, false));

		UnpricedModels unpriced = this.ledger.unpriced(10);

		assertThat(unpriced.count()).isEqualTo(1);
		assertThat(unpriced.top()).containsExactly(new UnpricedModel("my-finetune", 1));
	}

	@Test
	void unpricedCallCannotHaveBeenPricedAsAnotherModel() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RecordedCall(Instant.parse("2026-12-03T10:00:00Z"),
				Attribution.of("chat"), "openai", "chat", "gpt-4o-mini", "gateway-route-7", TokenUsage.EMPTY,
				BigDecimal.ZERO, false, false, "gpt-4o-mini"));
	}

	private static RecordedCall pricedAs(String feature, String responseModel, String requestModel) {
		return new RecordedCall(Instant.parse("2026-12-03T10:00:00Z"), Attribution.of(feature), "openai", "chat",
				requestModel, responseModel, new TokenUsage(10, 20, 0, 30, 40), new BigDecimal("0.1"), true, false,
				requestModel);
	}

	private static BigDecimal costOf(LedgerSnapshot snapshot, String feature) {
		return snapshot.features()
			.stream()
			.filter((totals) -> totals.feature().equals(feature))
			.findFirst()
			.orElseThrow()
			.totals()
			.cost();
	}

	@Test
	void callsShouldBeFiledInHoursOfTheLedgersZone() {
		// Kolkata is UTC+05:30: its hours start at half past the UTC hour.
		Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
		InMemoryCostLedger ledger = new InMemoryCostLedger(clock, ZoneId.of("Asia/Kolkata"), Duration.ofDays(35));
		ledger.record(callAt("2026-12-03T10:15:00Z", "0.1", true));
		ledger.record(callAt("2026-12-03T10:45:00Z", "0.2", true));
		ledger.record(callAt("2026-12-03T11:05:00Z", "0", false));

		List<LedgerRow> rows = ledger.rows(Instant.parse("2026-12-03T09:30:00Z"),
				Instant.parse("2026-12-03T11:30:00Z"));

		assertThat(rows)
			.extracting(LedgerRow::hour, (row) -> row.totals().calls(), (row) -> row.totals().cost(),
					LedgerRow::unpricedCalls)
			.containsExactlyInAnyOrder(tuple(Instant.parse("2026-12-03T09:30:00Z"), 1L, new BigDecimal("0.1"), 0L),
					tuple(Instant.parse("2026-12-03T10:30:00Z"), 2L, new BigDecimal("0.2"), 1L));
		assertThat(ledger.rows(Instant.parse("2026-12-03T10:30:00Z"), Instant.parse("2026-12-03T10:30:00Z")))
			.as("an empty range")
			.isEmpty();
		assertThat(ledger.scope()).isEqualTo(LedgerScope.INSTANCE);
	}

	@Test
	void hoursOlderThanTheRetentionShouldBeLeftOutButCountSinceStart() {
		Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
		InMemoryCostLedger ledger = new InMemoryCostLedger(clock, ZoneOffset.UTC, Duration.ofHours(2));
		ledger.record(callAt("2026-12-03T09:59:00Z", "0.1", true));
		ledger.record(callAt("2026-12-03T10:00:00Z", "0.2", true));

		assertThat(ledger.rows(Instant.EPOCH, Instant.parse("2026-12-04T00:00:00Z"))).singleElement()
			.satisfies((row) -> assertThat(row.hour()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z")));
		assertThat(ledger.snapshot().total().cost()).isEqualByComparingTo("0.3");
		// Started at 12:00, so it holds every call from then on only.
		assertThat(ledger.holdsFrom()).isEqualTo(Instant.parse("2026-12-03T12:00:00Z"));
	}

	private static RecordedCall callAt(String at, String cost, boolean priced) {
		return new RecordedCall(Instant.parse(at), Attribution.of("f"), "openai", "chat", "m", null,
				new TokenUsage(10, 20, 0, 30, 40), new BigDecimal(cost), priced, false);
	}

	private static RecordedCall call(String feature, String model, String cost, boolean priced, boolean error) {
		return new RecordedCall(Instant.parse("2026-12-03T10:00:00Z"), Attribution.of(feature), "openai", "chat", model,
				null, new TokenUsage(10, 20, 0, 30, 40), new BigDecimal(cost), priced, error);
	}

}
