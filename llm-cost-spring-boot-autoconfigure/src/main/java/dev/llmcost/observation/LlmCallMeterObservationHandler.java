package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmcost.pricing.Cost;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.usage.TokenType;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * Turns each stopped {@code llm.call} observation into the token and cost meters of
 * {@link LlmCostMeters}, tagged with the observation's low-cardinality keys. The
 * {@code llm.call} timer itself comes from Spring Boot's default meter handler.
 *
 * @author llm-cost contributors
 */
public class LlmCallMeterObservationHandler implements ObservationHandler<LlmCallObservationContext> {

	private static final String ERROR_TYPE = LlmCallObservationDocumentation.LowCardinalityKeyNames.ERROR_TYPE
		.asString();

	private static final String TOKEN_TYPE = LlmCostMeters.MeterKeyNames.TOKEN_TYPE.asString();

	private static final String UNIT_TYPE = LlmCostMeters.MeterKeyNames.UNIT_TYPE.asString();

	/**
	 * {@code llm.call.cost.distribution} counts billionths of the reporting currency: the
	 * prefix of its base unit, and the decimal places its values are moved by.
	 */
	private static final String NANO = "nano";

	private static final int NANO_DIGITS = 9;

	private static final Duration[] TIME_TO_FIRST_CHUNK_BUCKETS = Arrays
		.stream(LlmCostMeters.TIME_TO_FIRST_CHUNK.serviceLevelObjectives())
		.mapToObj((seconds) -> Duration.ofNanos(Math.round(seconds * 1e9)))
		.toArray(Duration[]::new);

	/**
	 * Bounds the cached meter sets: tag sets grow with features times models, both
	 * capped, but their product can still be large.
	 */
	private static final int MAX_CACHED_TAG_SETS = 10_000;

	private final MeterRegistry meterRegistry;

	private final Map<Tags, Meters> meters = new ConcurrentHashMap<>();

	/**
	 * Create a handler that registers meters in the given registry.
	 * @param meterRegistry the registry
	 */
	public LlmCallMeterObservationHandler(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void onStop(LlmCallObservationContext context) {
		Tags tags = tags(context);
		ReportingCurrency currency = context.getCurrency();
		Meters meters = this.meters.get(tags);
		if (meters == null) {
			meters = new Meters(tags, currency);
			if (this.meters.size() < MAX_CACHED_TAG_SETS) {
				this.meters.putIfAbsent(tags, meters);
			}
		}
		TokenUsage usage = context.getUsage();
		Cost cost = context.getCost();
		// Most calls leave some buckets empty (no cache writes, no reasoning): adding
		// zero changes no counter and costs a decimal conversion and an update each.
		for (TokenType type : TokenType.values()) {
			long tokens = usage.get(type);
			if (tokens != 0) {
				meters.tokens[type.ordinal()].increment(tokens);
			}
			BigDecimal bucketCost = cost.of(type);
			if (bucketCost.signum() != 0) {
				meters.cost[type.ordinal()].increment(currency.convert(bucketCost).doubleValue());
			}
		}
		UnitUsage units = context.getUnits();
		if (!units.isEmpty()) {
			for (UnitType type : UnitType.values()) {
				long count = units.get(type);
				if (count != 0) {
					meters.units(type).increment(count);
				}
				BigDecimal unitCost = cost.of(type);
				if (unitCost.signum() != 0) {
					meters.unitCost(type).increment(currency.convert(unitCost).doubleValue());
				}
			}
		}
		BigDecimal callCost = currency.convert(cost.total());
		meters.callCost.record(callCost.doubleValue());
		// Moved exactly: in doubles 0.00000101 * 1e9 is 1010.0000000000001, which
		// Micrometer would round up to 1011 before bucketing.
		meters.callCostDistribution.record(callCost.movePointRight(NANO_DIGITS).doubleValue());
		if (context.getTimeToFirstChunk() != null) {
			meters.timeToFirstChunk().record(context.getTimeToFirstChunk());
		}
		if (!context.isPriced()) {
			meters.unpricedCalls().increment();
		}
		if (context.isPricingFallback()) {
			meters.pricingFallbackCalls().increment();
		}
		if (context.isUsageEstimated()) {
			meters.usageEstimatedCalls().increment();
		}
	}

	/**
	 * The meters of one set of tags, registered once: looking twelve meters up in the
	 * registry on every call would cost more than the rest of the recording.
	 */
	private final class Meters {

		private final Tags tags;

		private final Counter[] tokens = new Counter[TokenType.values().length];

		private final Counter[] cost = new Counter[TokenType.values().length];

		private final Counter[] units = new Counter[UnitType.values().length];

		private final Counter[] unitCost = new Counter[UnitType.values().length];

		private final String currencyUnit;

		private final DistributionSummary callCost;

		private final DistributionSummary callCostDistribution;

		private volatile @Nullable Timer timeToFirstChunk;

		private volatile @Nullable Counter unpricedCalls;

		private volatile @Nullable Counter pricingFallbackCalls;

		private volatile @Nullable Counter usageEstimatedCalls;

		Meters(Tags tags, ReportingCurrency currency) {
			this.tags = tags;
			this.currencyUnit = currency.baseUnit();
			MeterRegistry registry = LlmCallMeterObservationHandler.this.meterRegistry;
			for (TokenType type : TokenType.values()) {
				Tags typed = tags.and(TOKEN_TYPE, type.tagValue());
				this.tokens[type.ordinal()] = Counter.builder(LlmCostMeters.TOKENS.getName())
					.description(LlmCostMeters.TOKENS.description())
					.tags(typed)
					.register(registry);
				this.cost[type.ordinal()] = Counter.builder(LlmCostMeters.COST.getName())
					.description(LlmCostMeters.COST.description())
					.baseUnit(currency.baseUnit())
					.tags(typed)
					.register(registry);
			}
			this.callCost = DistributionSummary.builder(LlmCostMeters.CALL_COST.getName())
				.description(LlmCostMeters.CALL_COST.description())
				.baseUnit(currency.baseUnit())
				.tags(tags)
				.register(registry);
			this.callCostDistribution = DistributionSummary.builder(LlmCostMeters.CALL_COST_DISTRIBUTION.getName())
				.description(LlmCostMeters.CALL_COST_DISTRIBUTION.description())
				.baseUnit(NANO + currency.baseUnit())
				.serviceLevelObjectives(LlmCostMeters.CALL_COST_DISTRIBUTION.serviceLevelObjectives())
				.tags(tags)
				.register(registry);
		}

		// Registered on first use: only streams have a first chunk, only unknown models
		// are unpriced or priced as another, and a meter that never moves should not
		// appear.
		Timer timeToFirstChunk() {
			Timer timer = this.timeToFirstChunk;
			if (timer == null) {
				timer = Timer.builder(LlmCostMeters.TIME_TO_FIRST_CHUNK.getName())
					.description(LlmCostMeters.TIME_TO_FIRST_CHUNK.description())
					.serviceLevelObjectives(TIME_TO_FIRST_CHUNK_BUCKETS)
					.tags(this.tags)
					.register(LlmCallMeterObservationHandler.this.meterRegistry);
				this.timeToFirstChunk = timer;
			}
			return timer;
		}

		// Registered on first use: most tag sets are chat calls that never bill a unit.
		Counter units(UnitType type) {
			Counter counter = this.units[type.ordinal()];
			if (counter == null) {
				counter = Counter.builder(LlmCostMeters.UNITS.getName())
					.description(LlmCostMeters.UNITS.description())
					.tags(this.tags.and(UNIT_TYPE, type.tagValue()))
					.register(LlmCallMeterObservationHandler.this.meterRegistry);
				this.units[type.ordinal()] = counter;
			}
			return counter;
		}

		Counter unitCost(UnitType type) {
			Counter counter = this.unitCost[type.ordinal()];
			if (counter == null) {
				counter = Counter.builder(LlmCostMeters.COST.getName())
					.description(LlmCostMeters.COST.description())
					.baseUnit(this.currencyUnit)
					.tags(this.tags.and(TOKEN_TYPE, type.tagValue()))
					.register(LlmCallMeterObservationHandler.this.meterRegistry);
				this.unitCost[type.ordinal()] = counter;
			}
			return counter;
		}

		Counter unpricedCalls() {
			Counter counter = this.unpricedCalls;
			if (counter == null) {
				counter = Counter.builder(LlmCostMeters.UNPRICED_CALLS.getName())
					.description(LlmCostMeters.UNPRICED_CALLS.description())
					.tags(this.tags)
					.register(LlmCallMeterObservationHandler.this.meterRegistry);
				this.unpricedCalls = counter;
			}
			return counter;
		}

		Counter pricingFallbackCalls() {
			Counter counter = this.pricingFallbackCalls;
			if (counter == null) {
				counter = Counter.builder(LlmCostMeters.PRICING_FALLBACK_CALLS.getName())
					.description(LlmCostMeters.PRICING_FALLBACK_CALLS.description())
					.tags(this.tags)
					.register(LlmCallMeterObservationHandler.this.meterRegistry);
				this.pricingFallbackCalls = counter;
			}
			return counter;
		}

		Counter usageEstimatedCalls() {
			Counter counter = this.usageEstimatedCalls;
			if (counter == null) {
				counter = Counter.builder(LlmCostMeters.USAGE_ESTIMATED_CALLS.getName())
					.description(LlmCostMeters.USAGE_ESTIMATED_CALLS.description())
					.tags(this.tags)
					.register(LlmCallMeterObservationHandler.this.meterRegistry);
				this.usageEstimatedCalls = counter;
			}
			return counter;
		}

	}

	/**
	 * The observation's low-cardinality keys but {@code error.type}: token and cost
	 * meters count what was billed, whatever the outcome, and only the timer splits by
	 * it.
	 */
	private static Tags tags(LlmCallObservationContext context) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			if (!ERROR_TYPE.equals(keyValue.getKey())) {
				tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
			}
		}
		return Tags.of(tags);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof LlmCallObservationContext;
	}

}
