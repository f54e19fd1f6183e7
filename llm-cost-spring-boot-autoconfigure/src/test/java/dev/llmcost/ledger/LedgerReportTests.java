package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.LedgerSeries.Point;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LedgerReport} and {@link LedgerSeries}: totals of a period from the
 * hourly rows of an {@link InMemoryCostLedger} in Europe/Paris, computed by hand.
 */
class LedgerReportTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private static final TokenUsage USAGE = new TokenUsage(1000, 0, 0, 100, 0);

	@Test
	void reportShouldTotalTheRowsOfThePeriodPerFeatureAndModelSortedByCost() {
		InMemoryCostLedger ledger = ledger("2026-10-24T20:00:00Z");
		record(ledger, "2026-10-24T21:30:00Z", "digest", "gpt-4o-mini", "0.1");
		record(ledger, "2026-10-24T22:30:00Z", "digest", "gpt-4o-mini", "0.1");
		record(ledger, "2026-10-25T00:30:00Z", "digest", "gpt-5", "0.4");
		record(ledger, "2026-10-25T01:30:00Z", "chat", "gpt-4o-mini", "0.3");
		record(ledger, "2026-10-25T01:45:00Z", "chat", "my-finetune", "0");
		record(ledger, "2026-10-25T02:00:00Z", "digest", "my-finetune", "0");
		record(ledger, "2026-10-25T23:00:00Z", "chat", "gpt-4o-mini", "0.7");

		LedgerReport report = report(ledger, today("2026-10-25T12:00:00Z"), null);

		// Oct 25 in Paris: 2026-10-24T22:00Z to 2026-10-25T23:00Z, every call but the
		// first and the last.
		assertThat(report.total().calls()).isEqualTo(5);
		assertThat(report.total().cost()).isEqualByComparingTo("0.8");
		assertThat(report.total().tokens()).isEqualTo(new TokenUsage(5000, 0, 0, 500, 0));
		assertThat(report.features()).extracting(FeatureTotals::feature).containsExactly("digest", "chat");
		FeatureTotals digest = report.features().get(0);
		assertThat(digest.totals().cost()).isEqualByComparingTo("0.5");
		assertThat(digest.models()).extracting(ModelTotals::model)
			.containsExactly("gpt-5", "gpt-4o-mini", "my-finetune");
		assertThat(report.unpriced()).containsExactly(new UnpricedModel("my-finetune", 2));
		assertThat(report.feature("chat")).isNotNull();
		assertThat(report.feature("no-such-feature")).isNull();
		assertThat(report.series()).isNull();
	}

	@Test
	void hourlySeriesOfTheDayClocksGoBackShouldHaveTwentyFivePoints() {
		InMemoryCostLedger ledger = ledger("2026-10-24T20:00:00Z");
		// The first 02:30 (summer time), then the second (winter time).
		record(ledger, "2026-10-25T00:30:00Z", "digest", "gpt-4o-mini", "0.1");
		record(ledger, "2026-10-25T01:30:00Z", "digest", "gpt-4o-mini", "0.2");
		record(ledger, "2026-10-25T01:40:00Z", "chat", "gpt-4o-mini", "0.3");

		LedgerSeries series = report(ledger, today("2026-10-25T12:00:00Z"), LedgerStep.HOUR).series();

		assertThat(series).isNotNull();
		List<Point> points = series.points();
		assertThat(points).hasSize(25);
		assertThat(points).extracting(Point::from)
			.startsWith(Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-10-24T23:00:00Z"))
			.endsWith(Instant.parse("2026-10-25T22:00:00Z"));
		assertThat(points.get(24).to()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
		assertThat(points).extracting((point) -> point.total().calls())
			.containsExactly(0L, 0L, 1L, 2L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
					0L, 0L);
		assertThat(points.get(3).feature("digest").cost()).isEqualByComparingTo("0.2");
		assertThat(points.get(3).feature("chat").cost()).isEqualByComparingTo("0.3");
		assertThat(points.get(2).feature("chat")).isEqualTo(Totals.NONE);
		assertThat(points.get(0).features()).isEmpty();
	}

	@Test
	void hourlySeriesOfTheDayClocksGoForwardShouldHaveTwentyThreePoints() {
		LedgerPeriod march29 = today("2026-03-29T12:00:00Z");

		assertThat(LedgerStep.HOUR.starts(march29)).hasSize(23);
		assertThat(LedgerStep.DAY.starts(march29)).containsExactly(Instant.parse("2026-03-28T23:00:00Z"));
	}

	@Test
	void dailySeriesOfAMonthShouldHaveOnePointPerDayOfTheZone() {
		InMemoryCostLedger ledger = ledger("2026-10-01T00:00:00Z");
		record(ledger, "2026-10-24T21:59:00Z", "digest", "gpt-4o-mini", "0.1");
		record(ledger, "2026-10-24T22:00:00Z", "digest", "gpt-4o-mini", "0.2");
		record(ledger, "2026-10-25T22:59:00Z", "digest", "gpt-4o-mini", "0.3");
		record(ledger, "2026-10-25T23:00:00Z", "digest", "gpt-4o-mini", "0.4");

		LedgerReport report = report(ledger, LedgerPeriod.month(Instant.parse("2026-10-25T12:00:00Z"), PARIS),
				LedgerStep.DAY);

		List<Point> points = report.series().points();
		assertThat(points).hasSize(31);
		// Oct 25: 00:00 summer time to 00:00 winter time, 25 hours.
		Point october25 = points.get(24);
		assertThat(october25.from()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
		assertThat(Duration.between(october25.from(), october25.to())).hasHours(25);
		assertThat(points.get(23).total().cost()).as("Oct 24").isEqualByComparingTo("0.1");
		assertThat(october25.total().cost()).isEqualByComparingTo("0.5");
		assertThat(points.get(25).total().cost()).as("Oct 26").isEqualByComparingTo("0.4");
		assertThat(points.stream().map((point) -> point.total().cost()).reduce(BigDecimal.ZERO, BigDecimal::add))
			.isEqualByComparingTo(report.total().cost());
	}

	@Test
	void seriesSinceStartShouldStartItsFirstPointWhenTheLedgerStarted() {
		InMemoryCostLedger ledger = ledger("2026-10-25T09:13:14Z");
		record(ledger, "2026-10-25T09:20:00Z", "digest", "gpt-4o-mini", "0.1");
		LedgerPeriod period = LedgerPeriod.sinceStart(Instant.parse("2026-10-25T09:13:14Z"),
				Instant.parse("2026-10-25T11:05:00Z"), PARIS);

		LedgerSeries series = LedgerSeries.of(period, ledger.rows(period.firstHour(), period.to()), LedgerStep.HOUR);

		assertThat(series.points()).extracting(Point::from)
			.containsExactly(Instant.parse("2026-10-25T09:13:14Z"), Instant.parse("2026-10-25T10:00:00Z"),
					Instant.parse("2026-10-25T11:00:00Z"));
		assertThat(series.points().get(0).total().calls()).isOne();
		assertThat(series.points().get(2).to()).isEqualTo(Instant.parse("2026-10-25T11:05:00Z"));
	}

	@Test
	void rowsOutsideThePeriodShouldBeLeftOutOfTheSeries() {
		LedgerPeriod today = today("2026-10-25T12:00:00Z");
		LedgerRow after = new LedgerRow(today.to(), "digest", "gpt-4o-mini", new Totals(1, 0, BigDecimal.ONE, USAGE),
				0);

		LedgerSeries series = LedgerSeries.of(today, List.of(after), LedgerStep.DAY);

		assertThat(series.points()).singleElement()
			.satisfies((point) -> assertThat(point.total()).isEqualTo(Totals.NONE));
	}

	@Test
	void seriesOfMoreThanTheMostPointsShouldBeRefused() {
		// 42 days of hours: 1,008 points.
		LedgerPeriod period = LedgerPeriod.between("2026-09-01", "2026-10-13", Instant.parse("2026-11-01T00:00:00Z"),
				PARIS);

		assertThatIllegalArgumentException().isThrownBy(() -> LedgerStep.HOUR.starts(period))
			.withMessage("Period 2026-08-31T22:00:00Z to 2026-10-12T22:00:00Z has more than 1000 points of "
					+ "step=1h; use a longer step or a shorter period");
		assertThat(LedgerStep.DAY.starts(period)).hasSize(42);
	}

	@Test
	void unknownStepShouldNameTheAcceptedOnes() {
		assertThat(LedgerStep.parse(" 1D ")).isEqualTo(LedgerStep.DAY);
		assertThatIllegalArgumentException().isThrownBy(() -> LedgerStep.parse("1w"))
			.withMessage("Unknown step '1w'; use 1h or 1d");
	}

	private static InMemoryCostLedger ledger(String started) {
		return new InMemoryCostLedger(Clock.fixed(Instant.parse(started), PARIS), PARIS, Duration.ofDays(35));
	}

	private static LedgerPeriod today(String now) {
		return LedgerPeriod.day(Instant.parse(now), PARIS);
	}

	private static LedgerReport report(CostLedger ledger, LedgerPeriod period, LedgerStep step) {
		return LedgerReport.of(period, ledger.rows(period.firstHour(), period.to()), step);
	}

	private static void record(CostLedger ledger, String at, String feature, String model, String cost) {
		boolean priced = new BigDecimal(cost).signum() != 0;
		ledger.record(new RecordedCall(Instant.parse(at), Attribution.of(feature), "openai", "chat", model, model,
				USAGE, new BigDecimal(cost), priced, false));
	}

}
