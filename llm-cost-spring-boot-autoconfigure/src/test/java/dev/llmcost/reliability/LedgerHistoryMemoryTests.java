package dev.llmcost.reliability;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.test.MutableClock;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory ledger's hourly rows at the default caps, every hour: 100 features × 5
 * models × 35 days. Hours older than the retention are dropped as new hours begin, so ten
 * more days keep the rows and the heap where they were.
 * <p>
 * Heap figures are rough, as in {@link BoundedMemoryTests}: used heap after
 * {@code System.gc()}; they are printed for {@code docs/reliability.md}, and only loosely
 * asserted.
 */
class LedgerHistoryMemoryTests {

	private static final int FEATURES = 100;

	private static final int MODELS = 5;

	private static final int RETAINED_DAYS = 35;

	// The hour of now and the 35 days of hours before it.
	private static final int RETAINED_HOURS = RETAINED_DAYS * 24 + 1;

	private static final Instant START = Instant.parse("2026-09-01T00:00:00Z");

	private final Attribution[] features = new Attribution[FEATURES];

	private final String[] models = new String[MODELS];

	LedgerHistoryMemoryTests() {
		for (int i = 0; i < FEATURES; i++) {
			this.features[i] = Attribution.of("feature-" + i);
		}
		for (int i = 0; i < MODELS; i++) {
			this.models[i] = "model-" + i;
		}
	}

	@Test
	void hourlyRowsOfEveryFeatureAndModelShouldBeBoundedByTheRetention() {
		MutableClock clock = new MutableClock(START);
		long heapBefore = usedHeapAfterGc();
		InMemoryCostLedger ledger = new InMemoryCostLedger(clock, ZoneOffset.UTC, Duration.ofDays(RETAINED_DAYS));

		int hour = 0;
		for (; hour < RETAINED_HOURS; hour++) {
			callEveryFeatureAndModel(ledger, clock, hour);
		}
		long heapFull = usedHeapAfterGc();
		for (; hour < RETAINED_HOURS + 10 * 24; hour++) {
			callEveryFeatureAndModel(ledger, clock, hour);
		}
		long heapTenDaysLater = usedHeapAfterGc();

		Instant now = clock.instant();
		int rows = ledger.rows(START, now.plus(Duration.ofHours(1))).size();
		Instant oldest = ledger.rows(START, now.plus(Duration.ofHours(1)))
			.stream()
			.map(LedgerRow::hour)
			.min(Instant::compareTo)
			.orElseThrow();
		long cells = (long) FEATURES * MODELS * RETAINED_HOURS;
		System.out.printf(
				"In-memory ledger, %d features x %d models x %d hours (%d rows): used heap after GC %d KB -> %d KB "
						+ "(%d bytes a row) -> %d KB ten days later%n",
				FEATURES, MODELS, RETAINED_HOURS, cells, heapBefore / 1024, heapFull / 1024,
				(heapFull - heapBefore) / cells, heapTenDaysLater / 1024);
		assertThat(rows).isEqualTo(cells);
		assertThat(oldest).as("the hour 35 days before now's")
			.isEqualTo(now.minus(Duration.ofDays(RETAINED_DAYS)).truncatedTo(java.time.temporal.ChronoUnit.HOURS));
		assertThat(ledger.snapshot().total().calls()).as("since the start, beyond the retention")
			.isEqualTo((long) FEATURES * MODELS * hour);
		long retained = heapFull - heapBefore;
		assertThat(heapTenDaysLater - heapFull).as("rough: heap growth over ten more days")
			.isLessThan(retained / 10 + 8L * 1024 * 1024);
	}

	private void callEveryFeatureAndModel(InMemoryCostLedger ledger, MutableClock clock, int hour) {
		Instant at = START.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(30));
		clock.set(at);
		for (Attribution feature : this.features) {
			for (String model : this.models) {
				ledger.record(new RecordedCall(at, feature, "openai", "chat", model, model,
						new TokenUsage(1000, 0, 0, 100, 0), new BigDecimal("0.00021"), true, false));
			}
		}
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
