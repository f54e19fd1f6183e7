package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.pricing.UnitRates;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static dev.llmcost.observation.TestLlmCalls.PRICE_SOURCE;
import static dev.llmcost.observation.TestLlmCalls.pricer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls billed in units besides tokens (images, seconds, characters, requests), recorded
 * through {@link LlmCallRecorder} into the meters and the ledger.
 * <p>
 * Prices: {@code standard/1024-x-1024/dall-e-3} 0.040 USD per image;
 * {@code claude-sonnet-4-5} 3.00 / 15.00 USD per million input / output tokens and 0.01
 * USD per web search request.
 */
class NonTokenCostTests {

	private static final Instant NOW = Instant.parse("2026-02-10T12:00:00Z");

	private static final TokenRates FREE_TOKENS = TokenRates.of(BigDecimal.ZERO, null, null, null, BigDecimal.ZERO,
			null);

	private static final PricedModel DALL_E_3 = new PricedModel("standard/1024-x-1024/dall-e-3", "openai", PRICE_SOURCE,
			List.of(new ModelPrice(null, FREE_TOKENS, List.of(),
					UnitRates.of(Map.of(UnitType.IMAGE, new BigDecimal("0.040"))))));

	private static final PricedModel SONNET = new PricedModel("claude-sonnet-4-5", "anthropic", PRICE_SOURCE,
			List.of(new ModelPrice(null,
					TokenRates.of(new BigDecimal("3.00"), null, null, null, new BigDecimal("15.00"), null), List.of(),
					UnitRates.of(Map.of(UnitType.REQUEST, new BigDecimal("0.01"))))));

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final InMemoryCostLedger ledger = new InMemoryCostLedger(Clock.fixed(NOW, ZoneOffset.UTC));

	private final ObservationRegistry observationRegistry = ObservationRegistry.create();

	NonTokenCostTests() {
		this.observationRegistry.observationConfig()
			.observationHandler(new LlmCallMeterObservationHandler(this.meterRegistry))
			.observationHandler(new LlmCallLedgerObservationHandler(this.ledger, Clock.fixed(NOW, ZoneOffset.UTC)));
	}

	@Test
	void imagesShouldBePricedPerImageAndCountedAsUnits() {
		// 3 images x 0.040 = 0.120 USD
		LlmCallObservationContext call = record("standard/1024-x-1024/dall-e-3", TokenUsage.EMPTY,
				UnitUsage.of(UnitType.IMAGE, 3));

		assertThat(call.getTotalCost()).isEqualByComparingTo("0.120");
		assertThat(call.isPriced()).isTrue();
		assertThat(this.meterRegistry.get("llm.units")
			.tag("llm.unit.type", "image")
			.tag("gen_ai.operation.name", "image_generation")
			.tag("feature", "poster-art")
			.counter()
			.count()).isEqualTo(3);
		assertThat(this.meterRegistry.get("llm.cost").tag("llm.token.type", "image").counter().count()).isEqualTo(0.12,
				org.assertj.core.data.Offset.offset(1e-12));
		Totals totals = this.ledger.snapshot().features().get(0).totals();
		assertThat(totals.units().get(UnitType.IMAGE)).isEqualTo(3);
		assertThat(totals.cost()).isEqualByComparingTo("0.120");
	}

	@Test
	void perRequestFeesShouldBeAddedToTheTokens() {
		// 1000 x 3.00 / 1M + 200 x 15.00 / 1M + 2 x 0.01 = 0.003 + 0.003 + 0.02 = 0.026
		// USD
		LlmCallObservationContext call = record("claude-sonnet-4-5", new TokenUsage(1000, 0, 0, 200, 0),
				UnitUsage.of(UnitType.REQUEST, 2));

		assertThat(call.getTotalCost()).isEqualByComparingTo("0.026");
		assertThat(this.meterRegistry.get("llm.units").tag("llm.unit.type", "request").counter().count()).isEqualTo(2);
	}

	@Test
	void aUnitWithoutPriceShouldMakeTheCallUnpriced() {
		LlmCallObservationContext call = record("claude-sonnet-4-5", new TokenUsage(1000, 0, 0, 200, 0),
				UnitUsage.of(UnitType.IMAGE, 1));

		assertThat(call.isPriced()).isFalse();
		assertThat(call.getTotalCost()).isZero();
		assertThat(this.meterRegistry.get("llm.unpriced.calls").counter().count()).isEqualTo(1);
		assertThat(this.ledger.snapshot().unpriced()).singleElement()
			.satisfies((model) -> assertThat(model.model()).isEqualTo("claude-sonnet-4-5"));
		// Its units are still counted.
		assertThat(this.meterRegistry.get("llm.units").tag("llm.unit.type", "image").counter().count()).isEqualTo(1);
	}

	@Test
	void callsBilledInTokensOnlyShouldRegisterNoUnitMeter() {
		record("claude-sonnet-4-5", new TokenUsage(1000, 0, 0, 200, 0), UnitUsage.NONE);

		assertThat(this.meterRegistry.find("llm.units").meters()).isEmpty();
		assertThat(this.ledger.snapshot().total().units().isEmpty()).isTrue();
	}

	private LlmCallObservationContext record(String model, TokenUsage usage, UnitUsage units) {
		LlmCallRecorder recorder = new LlmCallRecorder(this.observationRegistry, null, new FeatureNames(100),
				new ModelNames(100), pricer(DALL_E_3, SONNET), ReportingCurrency.USD,
				new CostTrackingFailures(this.meterRegistry), Clock.fixed(NOW, ZoneOffset.UTC));
		String operation = units.get(UnitType.IMAGE) > 0 ? LlmCallObservationContext.IMAGE_GENERATION
				: LlmCallObservationContext.CHAT;
		Observation observation = recorder.start(Attribution.of("poster-art"),
				model.startsWith("claude") ? LlmProviders.ANTHROPIC : LlmProviders.OPENAI, operation, model, null);
		recorder.stop(observation, new CallResult(model, null, usage, null, null, units, false));
		return (LlmCallObservationContext) observation.getContext();
	}

}
