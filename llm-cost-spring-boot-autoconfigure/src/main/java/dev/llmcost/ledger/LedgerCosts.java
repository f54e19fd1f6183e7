package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The cost of the calls a ledger holds for a span of hours, by feature, and for a span of
 * days, by tenant.
 *
 * @author llm-cost contributors
 */
@FunctionalInterface
public interface LedgerCosts {

	/**
	 * Return the cost of the calls of the hours from {@code from}, inclusive, to
	 * {@code to}, exclusive, by feature.
	 * @param from the start, on an hour of the ledger's zone
	 * @param to the end, on an hour of the ledger's zone
	 * @return the cost of each feature that has calls, in USD, the currency of every
	 * price
	 * @throws LedgerUnavailableException if the ledger's store cannot be read now
	 */
	Map<String, BigDecimal> byFeature(Instant from, Instant to);

	/**
	 * Return the cost of the calls of the days from {@code from}, inclusive, to
	 * {@code to}, exclusive, by tenant. This default, for a ledger that does not total by
	 * tenant, returns no tenant.
	 * @param from the start, on a day of the ledger's zone
	 * @param to the end, on a day of the ledger's zone
	 * @return the cost of each tenant that has calls, in USD
	 * @throws LedgerUnavailableException if the ledger's store cannot be read now
	 */
	default Map<String, BigDecimal> byTenant(Instant from, Instant to) {
		return Map.of();
	}

	/**
	 * Return the costs of a ledger's {@link CostLedger#rows rows}.
	 * @param ledger the ledger
	 * @return its costs
	 */
	static LedgerCosts of(CostLedger ledger) {
		return new LedgerCosts() {

			@Override
			public Map<String, BigDecimal> byFeature(Instant from, Instant to) {
				Map<String, BigDecimal> costs = new HashMap<>();
				for (LedgerRow row : ledger.rows(from, to)) {
					costs.merge(row.feature(), row.totals().cost(), BigDecimal::add);
				}
				return costs;
			}

			@Override
			public Map<String, BigDecimal> byTenant(Instant from, Instant to) {
				Map<String, BigDecimal> costs = new HashMap<>();
				for (Spender spender : ledger.spenders(AttributionDimension.TENANT, from, to, null, Integer.MAX_VALUE)
					.top()) {
					costs.put(spender.name(), spender.totals().cost());
				}
				return costs;
			}

		};
	}

}
