package dev.llmcost.observation;

import dev.llmcost.usage.UnitType;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * Documented {@code llm.call} observation: one real model call, attributed to a feature
 * and priced.
 *
 * @author llm-cost contributors
 */
public enum LlmCallObservationDocumentation implements ObservationDocumentation {

	/**
	 * One model call, recorded exactly once, with its feature, tokens and cost.
	 */
	LLM_CALL {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultLlmCallObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}
	};

	/**
	 * Low-cardinality keys: tags of the span and of every meter.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The feature the call is attributed to.
		 */
		FEATURE {
			@Override
			public String asString() {
				return "feature";
			}
		},

		/**
		 * The provider, per the OpenTelemetry GenAI conventions.
		 */
		PROVIDER_NAME {
			@Override
			public String asString() {
				return "gen_ai.provider.name";
			}
		},

		/**
		 * The operation, for example {@code chat}.
		 */
		OPERATION_NAME {
			@Override
			public String asString() {
				return "gen_ai.operation.name";
			}
		},

		/**
		 * The model the request asked for.
		 */
		REQUEST_MODEL {
			@Override
			public String asString() {
				return "gen_ai.request.model";
			}
		},

		/**
		 * The model the provider says answered.
		 */
		RESPONSE_MODEL {
			@Override
			public String asString() {
				return "gen_ai.response.model";
			}
		},

		/**
		 * How the call failed: the HTTP status the provider answered with (for example
		 * {@code 429}), else the exception's class name; {@code none} when it did not.
		 * Only the {@code llm.call} timer carries it, not the token and cost meters.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		}

	}

	/**
	 * High-cardinality keys: span attributes only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * All input tokens, cache reads and writes included.
		 */
		USAGE_INPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.input_tokens";
			}
		},

		/**
		 * All output tokens, reasoning included.
		 */
		USAGE_OUTPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.output_tokens";
			}
		},

		/**
		 * Input tokens read from the prompt cache.
		 */
		USAGE_CACHE_READ_INPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.cache_read.input_tokens";
			}
		},

		/**
		 * Input tokens written to the prompt cache.
		 */
		USAGE_CACHE_CREATION_INPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.cache_creation.input_tokens";
			}
		},

		/**
		 * Output tokens spent on reasoning.
		 */
		USAGE_REASONING_OUTPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.reasoning.output_tokens";
			}
		},

		/**
		 * The cost of the call.
		 */
		COST_AMOUNT {
			@Override
			public String asString() {
				return "gen_ai.usage.cost.amount";
			}
		},

		/**
		 * The currency of the cost.
		 */
		COST_CURRENCY {
			@Override
			public String asString() {
				return "gen_ai.usage.cost.currency";
			}
		},

		/**
		 * Where the cost comes from: {@code local} for catalog prices.
		 */
		COST_SOURCE {
			@Override
			public String asString() {
				return "gen_ai.usage.cost.source";
			}
		},

		/**
		 * The catalog entry that priced the call, or {@code none}.
		 */
		PRICING_ENTRY {
			@Override
			public String asString() {
				return "llm.pricing.entry";
			}
		},

		/**
		 * Where the price of that entry comes from: {@code built-in},
		 * {@code llm.cost.pricing.models}, or an external catalog's location.
		 */
		PRICING_SOURCE {
			@Override
			public String asString() {
				return "llm.pricing.source";
			}
		},

		/**
		 * Whether the call was priced as the requested model because the model the
		 * response named has no price: {@code true} or {@code false}.
		 */
		PRICING_FALLBACK {
			@Override
			public String asString() {
				return "llm.pricing.fallback";
			}
		},

		/**
		 * Whether the usage was estimated by the starter because the provider never
		 * reported it (a stream stopped by its caller before its usage chunk):
		 * {@code true} or {@code false}.
		 */
		USAGE_ESTIMATED {
			@Override
			public String asString() {
				return "llm.usage.estimated";
			}
		},

		/**
		 * The team that owns the call's feature, {@code unassigned} when none does.
		 */
		TEAM {
			@Override
			public String asString() {
				return "llm.team";
			}
		},

		/**
		 * The tenant the call was made for, as given (sanitised); present when known.
		 */
		TENANT {
			@Override
			public String asString() {
				return "llm.tenant";
			}
		},

		/**
		 * The keyed hash of the user the call was made for, never the user id itself;
		 * present when known and {@code llm.cost.attribution.user.hash-key} is set.
		 */
		USER_ID {
			@Override
			public String asString() {
				return "user.id";
			}
		},

		/**
		 * The provider's id of the response.
		 */
		RESPONSE_ID {
			@Override
			public String asString() {
				return "gen_ai.response.id";
			}
		},

		/**
		 * Images the call is billed for; present when there are some.
		 */
		USAGE_UNITS_IMAGE {
			@Override
			public String asString() {
				return "llm.usage.units.image";
			}
		},

		/**
		 * Seconds of audio the call is billed for; present when there are some.
		 */
		USAGE_UNITS_SECOND {
			@Override
			public String asString() {
				return "llm.usage.units.second";
			}
		},

		/**
		 * Characters the call is billed for; present when there are some.
		 */
		USAGE_UNITS_CHARACTER {
			@Override
			public String asString() {
				return "llm.usage.units.character";
			}
		},

		/**
		 * Requests of a server-side tool (web searches) the call is billed for; present
		 * when there are some.
		 */
		USAGE_UNITS_REQUEST {
			@Override
			public String asString() {
				return "llm.usage.units.request";
			}
		};

		/**
		 * Return the key of the count of one unit billed besides tokens.
		 * @param type the unit
		 * @return the key, {@code llm.usage.units.} and the unit's {@code llm.unit.type}
		 */
		public static HighCardinalityKeyNames units(UnitType type) {
			return switch (type) {
				case IMAGE -> USAGE_UNITS_IMAGE;
				case SECOND -> USAGE_UNITS_SECOND;
				case CHARACTER -> USAGE_UNITS_CHARACTER;
				case REQUEST -> USAGE_UNITS_REQUEST;
			};
		}

	}

}
