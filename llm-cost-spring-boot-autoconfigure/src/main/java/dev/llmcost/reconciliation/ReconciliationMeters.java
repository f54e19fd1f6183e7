package dev.llmcost.reconciliation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * The meters of the reconciliation with the providers' bills.
 *
 * @author llm-cost contributors
 */
public enum ReconciliationMeters implements MeterDocumentation {

	/**
	 * The drift of the latest day the ledger holds whole:
	 * {@code (estimated - reported) / reported}, negative when the bill is higher; NaN
	 * before the first comparison, +Inf when the bill is zero and the estimate is not.
	 */
	DRIFT {
		@Override
		public String getName() {
			return "llm.reconciliation.drift";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { Keys.PROVIDER };
		}

		@Override
		public String description() {
			return "Drift of the estimated cost from the provider's bill on the latest compared day, "
					+ "(estimated - reported) / reported";
		}
	},

	/**
	 * Reads of a provider's cost report, by outcome.
	 */
	FETCHES {
		@Override
		public String getName() {
			return "llm.reconciliation.fetches";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return Keys.values();
		}

		@Override
		public String description() {
			return "Reads of a provider's cost report, by outcome";
		}
	};

	/**
	 * Return the meter's description, its help text in Prometheus.
	 * @return the description
	 */
	public abstract String description();

	/**
	 * The tags of the reconciliation meters.
	 */
	public enum Keys implements KeyName {

		/**
		 * The provider, as a {@code gen_ai.provider.name} value.
		 */
		PROVIDER {
			@Override
			public String asString() {
				return "gen_ai.provider.name";
			}
		},

		/**
		 * How the read ended: a {@link FetchOutcome#tagValue()}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

}
