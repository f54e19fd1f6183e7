package dev.llmcost.observation;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.observation.LlmCallObservationDocumentation.HighCardinalityKeyNames;
import dev.llmcost.observation.LlmCallObservationDocumentation.LowCardinalityKeyNames;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * Default {@link LlmCallObservationConvention}: the {@code llm.call} name, the common
 * tags of every meter as low-cardinality keys, and OpenTelemetry GenAI usage and cost
 * attributes as high-cardinality keys.
 *
 * @author llm-cost contributors
 */
public class DefaultLlmCallObservationConvention implements LlmCallObservationConvention {

	/**
	 * Name of the observation, and so of the {@code llm.call} timer.
	 */
	public static final String NAME = "llm.call";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(LlmCallObservationContext context) {
		return context.getOperation() + " " + context.getRequestModel();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LlmCallObservationContext context) {
		return KeyValues.of(LowCardinalityKeyNames.FEATURE.withValue(context.getFeature()),
				LowCardinalityKeyNames.PROVIDER_NAME.withValue(context.getProvider().name()),
				LowCardinalityKeyNames.OPERATION_NAME.withValue(context.getOperation()),
				LowCardinalityKeyNames.REQUEST_MODEL.withValue(context.getRequestModel()),
				LowCardinalityKeyNames.RESPONSE_MODEL.withValue(orUnknown(context.getResponseModel())),
				LowCardinalityKeyNames.ERROR_TYPE.withValue(ErrorTypes.of(context.getError())));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(LlmCallObservationContext context) {
		TokenUsage usage = context.getUsage();
		PricedModel pricedModel = context.getPricedModel();
		KeyValues keyValues = KeyValues.of(
				HighCardinalityKeyNames.USAGE_INPUT_TOKENS.withValue(Long.toString(usage.totalInput())),
				HighCardinalityKeyNames.USAGE_OUTPUT_TOKENS.withValue(Long.toString(usage.totalOutput())),
				HighCardinalityKeyNames.USAGE_CACHE_READ_INPUT_TOKENS.withValue(Long.toString(usage.cacheRead())),
				HighCardinalityKeyNames.USAGE_CACHE_CREATION_INPUT_TOKENS.withValue(Long.toString(usage.cacheWrite())),
				HighCardinalityKeyNames.USAGE_REASONING_OUTPUT_TOKENS.withValue(Long.toString(usage.reasoning())),
				HighCardinalityKeyNames.COST_AMOUNT.withValue(
						context.getCurrency().convert(context.getTotalCost()).stripTrailingZeros().toPlainString()),
				HighCardinalityKeyNames.COST_CURRENCY.withValue(context.getCurrency().code()),
				HighCardinalityKeyNames.COST_SOURCE.withValue("local"),
				HighCardinalityKeyNames.PRICING_ENTRY.withValue((pricedModel != null) ? pricedModel.model() : "none"),
				HighCardinalityKeyNames.PRICING_SOURCE.withValue((pricedModel != null) ? pricedModel.source() : "none"),
				HighCardinalityKeyNames.PRICING_FALLBACK.withValue(Boolean.toString(context.isPricingFallback())),
				HighCardinalityKeyNames.USAGE_ESTIMATED.withValue(Boolean.toString(context.isUsageEstimated())),
				HighCardinalityKeyNames.TEAM.withValue(teamOf(context.getAttribution())));
		Attribution attribution = context.getAttribution();
		if (attribution.tenant() != null) {
			keyValues = keyValues.and(HighCardinalityKeyNames.TENANT.withValue(attribution.tenant()));
		}
		if (attribution.userHash() != null) {
			keyValues = keyValues.and(HighCardinalityKeyNames.USER_ID.withValue(attribution.userHash()));
		}
		if (context.getResponseId() != null) {
			keyValues = keyValues.and(HighCardinalityKeyNames.RESPONSE_ID.withValue(context.getResponseId()));
		}
		UnitUsage units = context.getUnits();
		if (!units.isEmpty()) {
			for (UnitType type : UnitType.values()) {
				if (units.get(type) != 0) {
					keyValues = keyValues
						.and(HighCardinalityKeyNames.units(type).withValue(Long.toString(units.get(type))));
				}
			}
		}
		return keyValues;
	}

	private static String teamOf(Attribution attribution) {
		return (attribution.team() != null) ? attribution.team() : LlmFeatureInfoGauges.UNASSIGNED;
	}

	private static String orUnknown(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value : LlmCallObservationContext.UNKNOWN;
	}

}
