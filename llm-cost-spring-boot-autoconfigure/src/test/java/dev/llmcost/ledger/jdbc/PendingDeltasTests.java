package dev.llmcost.ledger.jdbc;

import java.math.BigDecimal;
import java.time.Instant;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.ledger.jdbc.PendingDeltas.RowKey;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PendingDeltas}.
 */
class PendingDeltasTests {

	private static final Instant TEN = Instant.parse("2026-12-10T10:00:00Z");

	private static final Instant ELEVEN = Instant.parse("2026-12-10T11:00:00Z");

	private final PendingDeltas pending = new PendingDeltas(100);

	/**
	 * Two instances adding to the same rows lock them in the order they write them: the
	 * same order everywhere, or two flushes could each hold a row the other waits for.
	 */
	@Test
	void sealShouldGiveTheRowsInOneOrderByHourFeatureAndModel() {
		add(ELEVEN, "a", "x");
		add(TEN, "b", "x");
		add(TEN, "a", "y");
		add(TEN, "a", "x");

		assertThat(this.pending.seal())
			.extracting((row) -> row.hour().toString() + " " + row.feature() + " " + row.model())
			.containsExactly("2026-12-10T10:00:00Z a x", "2026-12-10T10:00:00Z a y", "2026-12-10T10:00:00Z b x",
					"2026-12-10T11:00:00Z a x");
	}

	@Test
	void callsAfterASealShouldStartANewDelta() {
		add(TEN, "a", "x");
		add(TEN, "a", "x");
		assertThat(this.pending.seal()).singleElement().extracting((row) -> row.totals().calls()).isEqualTo(2L);

		add(TEN, "a", "x");

		assertThat(this.pending.rows(TEN, ELEVEN)).singleElement()
			.extracting((row) -> row.totals().calls())
			.isEqualTo(1L);
		assertThat(this.pending.seal()).extracting(LedgerRow::feature).containsExactly("a");
		assertThat(this.pending.size()).isZero();
	}

	@Test
	void sealedRowsShouldCountAgainstTheBoundUntilWritten() {
		PendingDeltas pending = new PendingDeltas(2);
		pending.add(new RowKey(TEN, "a", "x"), call());
		pending.add(new RowKey(TEN, "b", "x"), call());
		pending.sealed(pending.seal().size());

		assertThat(pending.add(new RowKey(TEN, "c", "x"), call())).isFalse();
		pending.sealed(0);
		assertThat(pending.add(new RowKey(TEN, "c", "x"), call())).isTrue();
		assertThat(pending.droppedCalls()).isEqualTo(1);
	}

	private void add(Instant hour, String feature, String model) {
		assertThat(this.pending.add(new RowKey(hour, feature, model), call())).isTrue();
	}

	private static RecordedCall call() {
		return new RecordedCall(TEN, Attribution.of("any"), "openai", "chat", "m", "m", new TokenUsage(1, 0, 0, 1, 0),
				BigDecimal.ONE, true, false);
	}

}
