package dev.llmcost.benchmarks.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.catalog.BuiltInCatalog;
import dev.llmcost.usage.TokenUsage;

/**
 * Calls as the ledger receives them: the benchmark model call's usage (1,500 prompt
 * tokens of which 1,024 cached, 250 completion tokens), priced by the built-in catalog.
 *
 * @author llm-cost contributors
 */
final class LedgerCalls {

	static final String MODEL = "gpt-4o-mini-2024-07-18";

	private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

	static final TokenUsage USAGE = TokenUsage.fromInclusive(1500, 1024, null, 250, null);

	private static final CallPricer PRICER = new CallPricer(
			new DefaultPriceCatalog(PriceList.of("user", Map.of()), Map.of(), List.of(BuiltInCatalog.load())));

	// Every call of the benchmarks costs what a call of MODEL does, whatever its model.
	private static final BigDecimal COST = cost(MODEL);

	private LedgerCalls() {
	}

	/**
	 * Return a call of the benchmark's usage and cost at a given instant.
	 * @param feature the feature
	 * @param model the model, which need not have a price
	 * @param at when it ended
	 * @return the call
	 */
	static RecordedCall call(String feature, String model, Instant at) {
		return new RecordedCall(at, Attribution.of(feature), "openai", "chat", model, model, USAGE, COST, true, false);
	}

	static RecordedCall call(String feature, String model) {
		return new RecordedCall(AT, Attribution.of(feature), "openai", "chat", model, model, USAGE, cost(model), true,
				false);
	}

	private static BigDecimal cost(String model) {
		CallPricer.PricedCall priced = PRICER.price("openai", model, null, USAGE, Instant.now());
		if (!priced.isPriced()) {
			throw new IllegalStateException(model + " has no price");
		}
		return priced.cost().total();
	}

}
