package dev.llmcost.test;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;

/**
 * One feature's entries in an application's {@link CostLedger}: tests that share an
 * application read their own features, never the ledger's totals.
 */
public final class LedgerFeatures {

	private LedgerFeatures() {
	}

	/**
	 * Return what the ledger holds for a feature.
	 * @param ledger the ledger
	 * @param feature the feature
	 * @return the feature's totals and models
	 * @throws AssertionError if nothing was recorded for the feature
	 */
	public static FeatureTotals feature(CostLedger ledger, String feature) {
		return ledger.snapshot()
			.features()
			.stream()
			.filter((totals) -> totals.feature().equals(feature))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No feature '" + feature + "' in " + ledger.snapshot()));
	}

	/**
	 * Return what the ledger holds for one model of a feature.
	 * @param ledger the ledger
	 * @param feature the feature
	 * @param model the response model
	 * @return the model's totals
	 * @throws AssertionError if nothing was recorded for the feature and model
	 */
	public static ModelTotals model(CostLedger ledger, String feature, String model) {
		FeatureTotals totals = feature(ledger, feature);
		return totals.models()
			.stream()
			.filter((candidate) -> candidate.model().equals(model))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No model '" + model + "' in " + totals));
	}

	/**
	 * Return the calls recorded for a feature so far, none before its first.
	 * @param ledger the ledger
	 * @param feature the feature
	 * @return the number of calls
	 */
	public static long calls(CostLedger ledger, String feature) {
		return ledger.snapshot()
			.features()
			.stream()
			.filter((totals) -> totals.feature().equals(feature))
			.mapToLong((totals) -> totals.totals().calls())
			.sum();
	}

}
