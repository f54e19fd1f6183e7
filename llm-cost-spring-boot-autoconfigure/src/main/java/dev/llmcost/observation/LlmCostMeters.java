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
	 * Units billed besides tokens: images, seconds of audio, characters, requests.
	 */
	UNITS {
		@Override
		public String getName() {
			return "llm.units";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return withCallTags(MeterKeyNames.UNIT_TYPE);
		}

		@Override
		public String description() {
			return "Units of LLM calls billed besides tokens";
		}
	},

	/**
	 * Cost per billing bucket, in the reporting currency: its base unit is the currency's
	 * code in lower case ({@code llm_cost_usd_total}). The cost of units billed besides
	 * tokens has the unit's {@code llm.unit.type} value as its {@code llm.token.type}
	 * ({@code image}, {@code second}, {@code character}, {@code request}), so every
	 * series keeps the same tag keys and the series add up to the cost of the calls.
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
	 * The price of each token bucket of each model calls were priced for, per million
	 * tokens in the reporting currency ({@code llm_price_usd_per_million_tokens}), from
	 * the catalog in effect: {@code llm_tokens_total} times it is the cost, in PromQL.
	 * Registered for a provider and response model at their first priced call; the
	 * response models {@code other} and {@code unknown} have none. The base rates of the
	 * price in force today (UTC): calls priced at a context-length tier or with one-hour
	 * cache writes cost more than tokens times this price. {@code NaN} when the catalog
	 * no longer prices the model.
	 */
	PRICE {
		@Override
		public String getName() {
			return "llm.price";
		}

		@Override
		public String getBaseUnit() {
			return "usd_per_million_tokens";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { LowCardinalityKeyNames.PROVIDER_NAME, LowCardinalityKeyNames.RESPONSE_MODEL,
					MeterKeyNames.TOKEN_TYPE };
		}

		@Override
		public String description() {
			return "Price per million tokens of an LLM model and token bucket, from the catalog that prices the calls";
		}
	},

	/**
	 * One series per feature calls were recorded under, of value 1, naming the team that
	 * owns it ({@code unassigned} when none does): PromQL joins it to the cost and token
	 * series by {@code feature} to sum them by team, so the {@code llm.*} series carry no
	 * {@code team} tag of their own.
	 */
	FEATURE_INFO {
		@Override
		public String getName() {
			return "llm.feature.info";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { LowCardinalityKeyNames.FEATURE, MeterKeyNames.TEAM };
		}

		@Override
		public String description() {
			return "The team that owns an LLM feature, as a series of value 1 to join on feature";
		}
	},

	/**
	 * Cost of each call, in the reporting currency: {@code _count}, {@code _sum} and
	 * {@code _max}, without buckets (see {@link #CALL_COST_DISTRIBUTION} for those).
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
	 * Cost of each call in billionths of the reporting currency ({@code nanousd},
	 * {@code nanoeur}), with histogram buckets from 0.000001 to 10 units of the currency,
	 * for percentiles across instances.
	 * <p>
	 * Billionths because Micrometer rounds every value up to a whole unit before it
	 * counts it in a bucket: in USD a call of 0.00021 would be counted in the bucket of 1
	 * USD, in nano-USD it is 210,000 and is counted where it belongs. Rounding up to the
	 * next nano-unit is far below the width of any bucket. {@link #CALL_COST} keeps its
	 * unit and its series.
	 * <p>
	 * Not {@code llm.call.cost.histogram}: Prometheus' linter ({@code promtool check
	 * metrics}) reports metric names that contain a metric type.
	 */
	CALL_COST_DISTRIBUTION {
		@Override
		public String getName() {
			return "llm.call.cost.distribution";
		}

		@Override
		public String getBaseUnit() {
			return "nanousd";
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
			return "Cost of each LLM call in billionths of the reporting currency, with histogram buckets, "
					+ "for percentiles";
		}

		/**
		 * 1, 2.5 and 5 per decade from 0.000001 to 10 units of the currency (1,000 to
		 * 10,000,000,000 billionths): neighbouring boundaries are at most 2.5 times
		 * apart, so a percentile interpolated inside a bucket is off by less than that
		 * factor. Calls under 0.000001 count in the first bucket, calls over 10 only in
		 * {@code +Inf}.
		 */
		@Override
		public double[] serviceLevelObjectives() {
			return new double[] { 1e3, 2.5e3, 5e3, 1e4, 2.5e4, 5e4, 1e5, 2.5e5, 5e5, 1e6, 2.5e6, 5e6, 1e7, 2.5e7, 5e7,
					1e8, 2.5e8, 5e8, 1e9, 2.5e9, 5e9, 1e10 };
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
	 * Calls priced as the requested model because the model the response named has no
	 * price; registered at the first one. The call tags name both: the model that
	 * answered ({@code gen_ai.response.model}) and the one priced instead
	 * ({@code gen_ai.request.model}).
	 */
	PRICING_FALLBACK_CALLS {
		@Override
		public String getName() {
			return "llm.pricing.fallback.calls";
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
			return "LLM calls priced as the requested model because the model that answered had no price";
		}
	},

	/**
	 * Calls recorded with a usage the starter estimated because the provider never
	 * reported it: streams stopped by their caller before the usage chunk; registered at
	 * the first one. Their tokens and cost are in {@code llm.tokens} and {@code llm.cost}
	 * with the others.
	 */
	USAGE_ESTIMATED_CALLS {
		@Override
		public String getName() {
			return "llm.usage.estimated.calls";
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
			return "LLM calls whose token usage was estimated because the provider did not report it";
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

		/**
		 * 1, 2.5 and 5 per decade from 0.05 to 25 seconds: nine boundaries (ten buckets
		 * with {@code +Inf}) instead of the 69 of a percentile histogram, so a stream
		 * adds 13 series per tag set, not 72. First chunks of chat models come after a
		 * few hundred milliseconds to several seconds; neighbouring boundaries are at
		 * most 2.5 times apart, so a percentile interpolated inside a bucket is off by
		 * less than that factor. Waits over 25 seconds count only in {@code +Inf}.
		 */
		@Override
		public double[] serviceLevelObjectives() {
			return new double[] { 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25 };
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
	 * {@code llm.cost.attribution.max-features} was reached ({@code dimension=feature}),
	 * or with a model recorded as {@code other} because
	 * {@code llm.cost.attribution.max-models} was reached ({@code dimension=model}).
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
		public KeyName[] getKeyNames() {
			return new KeyName[] { MeterKeyNames.DIMENSION };
		}

		@Override
		public String description() {
			return "LLM calls recorded with a feature or model name 'other' because llm.cost.attribution.max-features "
					+ "or max-models was reached";
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
	},

	/**
	 * Flushes of the JDBC ledger's pending totals to its table, by outcome:
	 * {@code success}, {@code failure} (kept in memory and written again later), or
	 * {@code already_applied} (a flush written again whose first commit had succeeded
	 * although its answer was lost). Only with {@code llm.cost.ledger.store=jdbc}.
	 */
	LEDGER_FLUSHES {
		@Override
		public String getName() {
			return "llm.ledger.flushes";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { MeterKeyNames.OUTCOME };
		}

		@Override
		public String description() {
			return "Flushes of the LLM cost ledger's pending totals to its database table, by outcome";
		}
	},

	/**
	 * The (hour, feature, model) totals of the JDBC ledger waiting in memory to be
	 * written to its table. Only with {@code llm.cost.ledger.store=jdbc}.
	 */
	LEDGER_PENDING {
		@Override
		public String getName() {
			return "llm.ledger.pending";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[0];
		}

		@Override
		public String description() {
			return "LLM cost ledger totals waiting in memory to be written to its database table";
		}
	},

	/**
	 * Calls left out of the JDBC ledger's table because
	 * {@code llm.cost.ledger.jdbc.max-pending} totals were already waiting to be written;
	 * they still count in the other meters. Only with {@code llm.cost.ledger.store=jdbc}.
	 */
	LEDGER_DROPPED {
		@Override
		public String getName() {
			return "llm.ledger.dropped";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[0];
		}

		@Override
		public String description() {
			return "LLM calls left out of the cost ledger's database table because too many totals were waiting "
					+ "to be written";
		}
	},

	/**
	 * The limit of each budget of {@code llm.cost.budgets}, in the reporting currency.
	 */
	BUDGET_LIMIT {
		@Override
		public String getName() {
			return "llm.budget.limit";
		}

		@Override
		public String getBaseUnit() {
			return "usd";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { MeterKeyNames.BUDGET };
		}

		@Override
		public String description() {
			return "Limit of an LLM cost budget over its period";
		}
	},

	/**
	 * What the calls of each budget cost in its current period (a calendar period, or the
	 * rolling window up to now), in the reporting currency.
	 */
	BUDGET_SPENT {
		@Override
		public String getName() {
			return "llm.budget.spent";
		}

		@Override
		public String getBaseUnit() {
			return "usd";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { MeterKeyNames.BUDGET };
		}

		@Override
		public String description() {
			return "Cost of the LLM calls an LLM cost budget counts in its current period";
		}
	},

	/**
	 * What is left of each budget's limit in its current period, never below zero, in the
	 * reporting currency.
	 */
	BUDGET_REMAINING {
		@Override
		public String getName() {
			return "llm.budget.remaining";
		}

		@Override
		public String getBaseUnit() {
			return "usd";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { MeterKeyNames.BUDGET };
		}

		@Override
		public String description() {
			return "What is left of an LLM cost budget's limit in its current period";
		}
	},

	/**
	 * Calls a budget whose action is {@code block} stopped before the model was called:
	 * never billed.
	 */
	BUDGET_BLOCKED {
		@Override
		public String getName() {
			return "llm.budget.blocked";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { MeterKeyNames.BUDGET, LowCardinalityKeyNames.FEATURE };
		}

		@Override
		public String description() {
			return "LLM calls a budget blocked before the model was called";
		}
	};

	/**
	 * Return the meter's description, its help text in Prometheus.
	 * @return the description
	 */
	public abstract String description();

	/**
	 * Return the meter's histogram bucket boundaries, in its base unit.
	 * @return the boundaries, a new array; empty for meters without fixed buckets
	 */
	public double[] serviceLevelObjectives() {
		return new double[0];
	}

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
		 * The unit of {@code llm.units}: {@code image}, {@code second},
		 * {@code character}, {@code request}.
		 */
		UNIT_TYPE {
			@Override
			public String asString() {
				return "llm.unit.type";
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
		 * The name of a price catalog source: its {@code name}, else its location without
		 * user info, query or fragment, made unique.
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
		 * Which name of {@code llm.attribution.overflow} reached its cap: {@code feature}
		 * or {@code model}.
		 */
		DIMENSION {
			@Override
			public String asString() {
				return "dimension";
			}
		},

		/**
		 * How a catalog load ended: {@code success}, {@code failure} or {@code rejected};
		 * how a ledger flush ended: {@code success}, {@code failure} or
		 * {@code already_applied}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * The name of a budget: its key under {@code llm.cost.budgets}.
		 */
		BUDGET {
			@Override
			public String asString() {
				return "budget";
			}
		},

		/**
		 * The team that owns a feature, on {@code llm.feature.info}: from
		 * {@code @LlmFeature(team = ...)} or {@code llm.cost.features.<feature>.team},
		 * {@code unassigned} when neither names one.
		 */
		TEAM {
			@Override
			public String asString() {
				return "team";
			}
		}

	}

}
