package dev.llmcost.reliability;

import java.math.BigDecimal;
import java.util.Collection;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.usage.TokenType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The two records of a call, the ledger behind {@code /actuator/llmcost} and the meters,
 * must tell the same story: same calls, errors, tokens per bucket and cost.
 */
final class LedgerAndMeters {

	private LedgerAndMeters() {
	}

	/**
	 * Return a feature's totals in the ledger.
	 * @param ledger the ledger
	 * @param feature the feature
	 * @return the totals
	 */
	static Totals totals(CostLedger ledger, String feature) {
		return LedgerFeatures.feature(ledger, feature).totals();
	}

	/**
	 * Assert that the ledger and the meters agree on a feature.
	 * @param ledger the ledger
	 * @param registry the meter registry
	 * @param feature the feature
	 */
	static void assertAgree(CostLedger ledger, MeterRegistry registry, String feature) {
		Totals totals = totals(ledger, feature);
		Collection<Timer> timers = registry.find("llm.call").tag("feature", feature).timers();
		assertThat(timers.stream().mapToLong(Timer::count).sum()).as("llm.call count of %s", feature)
			.isEqualTo(totals.calls());
		assertThat(timers.stream()
			.filter((timer) -> !"none".equals(timer.getId().getTag("error.type")))
			.mapToLong(Timer::count)
			.sum()).as("failed llm.call count of %s", feature).isEqualTo(totals.errors());
		for (TokenType type : TokenType.values()) {
			double tokens = registry.find("llm.tokens")
				.tag("feature", feature)
				.tag("llm.token.type", type.tagValue())
				.counters()
				.stream()
				.mapToDouble(Counter::count)
				.sum();
			assertThat(tokens).as("llm.tokens %s of %s", type.tagValue(), feature)
				.isEqualTo((double) totals.tokens().get(type));
		}
		double cost = registry.find("llm.cost")
			.tag("feature", feature)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
		assertCostClose(cost, totals.cost(), "llm.cost of " + feature);
	}

	/**
	 * Assert that a meter's double cost is an exact cost to within 1e-9 relative.
	 * @param actual the meter's value
	 * @param expected the exact cost
	 * @param description what is compared
	 */
	static void assertCostClose(double actual, BigDecimal expected, String description) {
		double exact = expected.doubleValue();
		assertThat(actual).as(description).isCloseTo(exact, within(Math.abs(exact) * 1e-9));
	}

}
