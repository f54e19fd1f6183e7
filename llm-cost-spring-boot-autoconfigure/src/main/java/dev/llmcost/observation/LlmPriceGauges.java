package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmcost.observation.LlmCallObservationDocumentation.LowCardinalityKeyNames;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.usage.TokenType;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the price of every model calls were priced for as {@code llm.price} gauges:
 * one per provider, response model and token bucket, tagged as the call's
 * {@code llm.tokens} series are, so that {@code llm_tokens_total} times the price is the
 * cost in PromQL.
 * <p>
 * A model's gauges are registered at its first priced call and read the catalog each time
 * they are read, through the same {@link CallPricer#entryFor resolution} that prices
 * calls: when a catalog is refreshed or its price changes on a day, the gauges follow.
 * Their value is the base rate of the price in force today (UTC), converted to the
 * reporting currency; calls above a context-length tier, and one-hour cache writes, are
 * charged other rates. A model the catalog no longer prices reads {@code NaN}.
 * <p>
 * No gauge for the response models {@value ModelNames#OTHER} (past
 * {@code llm.cost.attribution.max-models}: many models, no one price) and
 * {@value LlmCallObservationContext#UNKNOWN} (failed calls, priced by whatever was
 * requested), nor for unpriced calls. Models are capped, so the gauges are bounded.
 *
 * @author llm-cost contributors
 */
public class LlmPriceGauges implements ObservationHandler<LlmCallObservationContext> {

	private static final String PROVIDER = LowCardinalityKeyNames.PROVIDER_NAME.asString();

	private static final String RESPONSE_MODEL = LowCardinalityKeyNames.RESPONSE_MODEL.asString();

	private static final String TOKEN_TYPE = LlmCostMeters.MeterKeyNames.TOKEN_TYPE.asString();

	/**
	 * Bounds the models priced, whatever the caps: each costs five gauges.
	 */
	private static final int MAX_MODELS = 10_000;

	private final MeterRegistry meterRegistry;

	private final CallPricer pricer;

	private final ReportingCurrency currency;

	private final Clock clock;

	private final Map<Tags, PricedName> models = new ConcurrentHashMap<>();

	/**
	 * Create the gauges.
	 * @param meterRegistry the registry to register them in
	 * @param pricer the pricer of the calls, whose catalog the gauges read
	 * @param currency the currency costs are reported in
	 * @param clock tells which day's price is in force
	 */
	public LlmPriceGauges(MeterRegistry meterRegistry, CallPricer pricer, ReportingCurrency currency, Clock clock) {
		this.meterRegistry = meterRegistry;
		this.pricer = pricer;
		this.currency = currency;
		this.clock = clock;
	}

	@Override
	public void onStop(LlmCallObservationContext context) {
		if (!context.isPriced()) {
			return;
		}
		String provider = tagValue(context, PROVIDER);
		String responseModel = tagValue(context, RESPONSE_MODEL);
		if (provider == null || responseModel == null || ModelNames.OTHER.equals(responseModel)
				|| LlmCallObservationContext.UNKNOWN.equals(responseModel)) {
			return;
		}
		Tags tags = Tags.of(PROVIDER, provider, RESPONSE_MODEL, responseModel);
		if (this.models.containsKey(tags) || this.models.size() >= MAX_MODELS) {
			return;
		}
		PricedName name = new PricedName(context.getProvider().name(), context.getResponseModelForPricing(),
				context.getRequestModelForPricing());
		if (this.models.putIfAbsent(tags, name) == null) {
			for (TokenType type : TokenType.values()) {
				Gauge.builder(LlmCostMeters.PRICE.getName(), new BucketPrice(name, type), BucketPrice::value)
					.description(LlmCostMeters.PRICE.description())
					.baseUnit(this.currency.baseUnit() + "_per_million_tokens")
					.tags(tags.and(TOKEN_TYPE, type.tagValue()))
					.strongReference(true)
					.register(this.meterRegistry);
			}
		}
	}

	private static @Nullable String tagValue(LlmCallObservationContext context, String key) {
		KeyValue keyValue = context.getLowCardinalityKeyValue(key);
		return (keyValue != null) ? keyValue.getValue() : null;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof LlmCallObservationContext;
	}

	/**
	 * The names a model's calls were priced by, as the calls gave them.
	 */
	private record PricedName(String provider, @Nullable String responseModel, @Nullable String requestModel) {

	}

	/**
	 * The gauge of one bucket of one model.
	 */
	private final class BucketPrice {

		private final PricedName name;

		private final TokenType type;

		BucketPrice(PricedName name, TokenType type) {
			this.name = name;
			this.type = type;
		}

		double value() {
			PricedModel entry = LlmPriceGauges.this.pricer.entryFor(this.name.provider(), this.name.responseModel(),
					this.name.requestModel());
			if (entry == null) {
				return Double.NaN;
			}
			LocalDate today = LocalDate.ofInstant(LlmPriceGauges.this.clock.instant(), ZoneOffset.UTC);
			BigDecimal usdPerMillion = entry.priceOn(today).rates().perMillion(this.type);
			return LlmPriceGauges.this.currency.convert(usdPerMillion).doubleValue();
		}

	}

}
