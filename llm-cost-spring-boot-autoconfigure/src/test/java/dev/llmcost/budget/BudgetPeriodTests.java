package dev.llmcost.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BudgetPeriod}.
 *
 * @author llm-cost contributors
 */
class BudgetPeriodTests {

	@Test
	void calendarPeriodsAreThoseOfTheLedger() {
		BudgetPeriod day = BudgetPeriod.parse(" Day ");
		assertThat(day.isRolling()).isFalse();
		assertThat(day.name()).isEqualTo("day");
		// 25 October 2026 is 25 hours long in Paris: the clocks go back.
		assertThat(day.calendarPeriod(Instant.parse("2026-10-25T12:00:00Z"), ZoneId.of("Europe/Paris")))
			.satisfies((period) -> {
				assertThat(period.from()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
				assertThat(period.to()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
			});
		assertThat(BudgetPeriod.parse("week").isRolling()).isFalse();
		assertThat(BudgetPeriod.parse("month").isRolling()).isFalse();
	}

	@Test
	void durationsAreRollingWindows() {
		assertThat(BudgetPeriod.parse("10m").window()).isEqualTo(Duration.ofMinutes(10));
		assertThat(BudgetPeriod.parse("1h").window()).isEqualTo(Duration.ofHours(1));
		assertThat(BudgetPeriod.parse("PT90M").window()).isEqualTo(Duration.ofMinutes(90));
	}

	@Test
	void unparseablePeriodsAreRejectedNamingTheAcceptedForms() {
		assertThatIllegalArgumentException().isThrownBy(() -> BudgetPeriod.parse("fortnight"))
			.withMessageContaining("Unknown period 'fortnight'")
			.withMessageContaining("day, week, month");
		// A number without a unit would be milliseconds to Boot.
		assertThatIllegalArgumentException().isThrownBy(() -> BudgetPeriod.parse("30"))
			.withMessageContaining("Unknown period '30'");
		assertThatIllegalArgumentException().isThrownBy(() -> BudgetPeriod.parse(""));
	}

	@Test
	void windowsShorterThanAMinuteOrNegativeAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> BudgetPeriod.parse("30s"))
			.withMessageContaining("from 1m to 366d");
		assertThatIllegalArgumentException().isThrownBy(() -> BudgetPeriod.parse("-10m"))
			.withMessageContaining("from 1m to 366d");
		assertThatIllegalArgumentException().isThrownBy(() -> BudgetPeriod.parse("400d"))
			.withMessageContaining("from 1m to 366d");
	}

}
