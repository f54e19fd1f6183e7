package dev.llmcost.observation;

import java.util.Arrays;
import java.util.stream.Stream;

import dev.llmcost.observation.LlmCallObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Every meter the starter registers besides the {@code llm.call} timer of the
 * {@link LlmCallObservationDocumentation#LLM_CALL observation}: name, type, tags and
 * description, in one place. The common tags of the call meters are the observation's
 * low-cardinality keys but {@code error.type}: tokens and cost count what was billed,
 * whatever the outcome.
 *
 * @author llm-cost contributors
 */
public enum LlmCostMeters implements MeterDocumentation {

	/**
	 * Model calls, one per real model call: the timer Spring Boot makes from the
	 * {@code llm.call} observation, with its {@code error} and {@code error.type} tags.
	 */
	CALL {
		@Override
		public String getName() {
			return DefaultLlmCallObservationConvention.NAME;
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.TIMER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public Enum<?> overridesDefaultMetricFrom() {
			return LlmCallObservationDocumentation.LLM_CALL;
		}

		@Override
		public String description() {
			return "LLM model calls, one per real model call";
		}
	},

	/**
	 * Tokens per billing bucket.
	 */
	TOKENS {
		@Override
		public String getName() {
			return "llm.tokens";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return withCallTags(MeterKeyNames.TOKEN_TYPE);
		}

		@Override
		public String description() {
			return "Tokens of LLM calls per billing bucket";
		}
	},

	/**
	 * Cost per billing bucket, in the reporting currency: its base unit is the currency's
	 * code in lower case ({@code llm_cost_usd_total}).
	 */
	COST {
		@Override
		public String getName() {
			return "llm.cost";
		}

		@Override
		public String getBaseUnit() {
			return "usd";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return withCallTags(MeterKeyNames.TOKEN_TYPE);
		}

		@Override
		public String description() {
			return "Cost of LLM calls per billing bucket";
		}
	},

	/**
	 * Cost of each call, in the reporting currency, with histogram buckets from
	 * {@code 0.000001} to {@code 10}.
	 */
	CALL_COST {
		@Override
		public String getName() {
			return "llm.call.cost";
		}

		@Override
		public String getBaseUnit() {
			return "usd";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.DISTRIBUTION_SUMMARY;
		}

		@Override
		public KeyName[] getKeyNames() {
			return withCallTags();
		}

		@Override
		public String description() {
			return "Cost of each LLM call";
		}
	},

	/**
	 * Calls whose model had no price; registered at the first one.
	 */
	UNPRICED_CALLS {
		@Override
		public String getName() {
			return "llm.unpriced.calls";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return withCallTags();
		}

		@Override
		public String description() {
			return "LLM calls whose model had no price";
		}
	},

	/**
	 * Streams only: the time until the first content chunk.
	 */
	TIME_TO_FIRST_CHUNK {
		@Override
		public String getName() {
			return "llm.call.time_to_first_chunk";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.TIMER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return withCallTags();
		}

		@Override
		public String description() {
			return "Time from the start of a streamed LLM call to its first content chunk";
		}
	},

	/**
	 * Failures inside the starter itself, which never reach the caller.
	 */
	ERRORS {
		@Override
		public String getName() {
			return "llm.cost.errors";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { MeterKeyNames.EXCEPTION };
		}

		@Override
		public String description() {
			return "Failures inside LLM cost tracking; the model call itself was not affected";
		}
	},

	/**
	 * Calls recorded as feature {@code other} because
	 * {@code llm.cost.attribution.max-features} was reached.
	 */
	ATTRIBUTION_OVERFLOW {
		@Override
		public String getName() {
			return "llm.attribution.overflow";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public String description() {
			return "LLM calls recorded as feature 'other' because llm.cost.attribution.max-features was reached";
		}
	},

	/**
	 * Loads of external price catalogs, by outcome.
	 */
	CATALOG_LOADS {
		@Override
		public String getName() {
			return "llm.pricing.catalog.loads";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { MeterKeyNames.SOURCE, MeterKeyNames.FORMAT, MeterKeyNames.OUTCOME };
		}

		@Override
		public String description() {
			return "Loads of external price catalogs, by outcome";
		}
	};

	/**
	 * Return the meter's description, its help text in Prometheus.
	 * @return the description
	 */
	public abstract String description();

	private static KeyName[] withCallTags(KeyName... extra) {
		return Stream
			.concat(Arrays.stream(LowCardinalityKeyNames.values())
				.filter((key) -> key != LowCardinalityKeyNames.ERROR_TYPE), Arrays.stream(extra))
			.toArray(KeyName[]::new);
	}

	/**
	 * Tags of these meters beyond the observation's keys.
	 */
	public enum MeterKeyNames implements KeyName {

		/**
		 * The billing bucket of {@code llm.tokens} and {@code llm.cost}: {@code input},
		 * {@code cache_read}, {@code cache_write}, {@code output}, {@code reasoning}.
		 */
		TOKEN_TYPE {
			@Override
			public String asString() {
				return "llm.token.type";
			}
		},

		/**
		 * The simple class name of a failure inside the starter.
		 */
		EXCEPTION {
			@Override
			public String asString() {
				return "exception";
			}
		},

		/**
		 * Where a price catalog is loaded from, without credentials.
		 */
		SOURCE {
			@Override
			public String asString() {
				return "source";
			}
		},

		/**
		 * The format of a price catalog.
		 */
		FORMAT {
			@Override
			public String asString() {
				return "format";
			}
		},

		/**
		 * How a catalog load ended: {@code success}, {@code failure} or {@code rejected}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

}
