package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.PriceTier;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static dev.llmcost.observation.TestLlmCalls.EUR;
import static dev.llmcost.observation.TestLlmCalls.FEATURE;
import static dev.llmcost.observation.TestLlmCalls.GPT_4O_MINI;
import static dev.llmcost.observation.TestLlmCalls.PRICE_SOURCE;
import static dev.llmcost.observation.TestLlmCalls.REQUEST_MODEL;
import static dev.llmcost.observation.TestLlmCalls.RESPONSE_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link LlmPriceGauges}.
 * <p>
 * Prices are those of {@link TestLlmCalls#GPT_4O_MINI}, USD per million tokens: 0.15
 * input, 0.075 cache read, 0.30 cache write, 0.60 output, 2.40 reasoning; gpt-4o: 2.50
 * input, 10.00 output, cache reads and writes at the input price, reasoning at the output
 * price.
 */
class LlmPriceGaugesTests {

	private static final TokenUsage USAGE = new TokenUsage(1000, 4000, 0, 100, 0);

	private static final Instant NOW = Instant.parse("2026-02-10T12:00:00Z");

	private static final PricedModel GPT_4O = PricedModel.of("gpt-4o", "openai", PRICE_SOURCE,
			TokenRates.of(new BigDecimal("2.50"), null, null, null, new BigDecimal("10.00"), null));

	private final MeterRegistry meterRegistry = new SimpleMeterRegistry();

	private DefaultPriceCatalog catalog = catalogOf(GPT_4O_MINI, GPT_4O);

	private ReportingCurrency currency = ReportingCurrency.USD;

	private ModelNames modelNames = new ModelNames(100);

	private final MutableClock clock = new MutableClock(NOW);

	private @Nullable LlmCallRecorder recorder;

	@Test
	void pricedCallShouldRegisterThePriceOfEachBucketTaggedAsItsTokens() {
		record(REQUEST_MODEL, RESPONSE_MODEL);

		assertThat(price(RESPONSE_MODEL, "input")).isEqualTo(0.15);
		assertThat(price(RESPONSE_MODEL, "cache_read")).isEqualTo(0.075);
		assertThat(price(RESPONSE_MODEL, "cache_write")).isEqualTo(0.30);
		assertThat(price(RESPONSE_MODEL, "output")).isEqualTo(0.60);
		assertThat(price(RESPONSE_MODEL, "reasoning")).isEqualTo(2.40);
		Meter tokens = this.meterRegistry.get("llm.tokens").tag("llm.token.type", "input").meter();
		assertThat(this.meterRegistry.get("llm.price").meters()).hasSize(5).allSatisfy((gauge) -> {
			assertThat(tagKeys(gauge)).containsExactlyInAnyOrder("gen_ai.provider.name", "gen_ai.response.model",
					"llm.token.type");
			assertThat(gauge.getId().getTag("gen_ai.provider.name"))
				.isEqualTo(tokens.getId().getTag("gen_ai.provider.name"))
				.isEqualTo("openai");
			assertThat(gauge.getId().getTag("gen_ai.response.model"))
				.isEqualTo(tokens.getId().getTag("gen_ai.response.model"));
		});
	}

	@Test
	void modelShouldHaveOneSetOfGaugesWhateverItsCallsAndFeatures() {
		record(REQUEST_MODEL, RESPONSE_MODEL);
		record(REQUEST_MODEL, RESPONSE_MODEL);
		record("gpt-4o", "gpt-4o");

		assertThat(this.meterRegistry.get("llm.price").meters()).hasSize(10);
	}

	@Test
	void gaugeShouldFollowTheCatalogWhenItIsReloaded() {
		record(REQUEST_MODEL, RESPONSE_MODEL);

		this.catalog.update(List
			.of(PriceList.of("reloaded", Map.of(REQUEST_MODEL, PricedModel.of(REQUEST_MODEL, "openai", "reloaded",
					TokenRates.of(new BigDecimal("0.20"), null, null, null, new BigDecimal("0.80"), null))))));

		assertThat(price(RESPONSE_MODEL, "input")).isEqualTo(0.20);
		assertThat(price(RESPONSE_MODEL, "output")).isEqualTo(0.80);
	}

	@Test
	void gaugeShouldBeNaNWhenTheReloadedCatalogNoLongerPricesTheModel() {
		record(REQUEST_MODEL, RESPONSE_MODEL);

		this.catalog.update(List.of());

		assertThat(price(RESPONSE_MODEL, "input")).isNaN();
	}

	@Test
	void gaugeShouldBeInTheReportingCurrency() {
		this.currency = EUR;
		record(REQUEST_MODEL, RESPONSE_MODEL);

		// 0.15 USD x 0.9 EUR per USD, 0.60 x 0.9
		assertThat(price(RESPONSE_MODEL, "input")).isEqualTo(0.135);
		assertThat(price(RESPONSE_MODEL, "output")).isEqualTo(0.54);
		assertThat(this.meterRegistry.get("llm.price").meters())
			.allSatisfy((gauge) -> assertThat(gauge.getId().getBaseUnit()).isEqualTo("eur_per_million_tokens"));
	}

	@Test
	void gaugeShouldShowThePriceInForceToday() {
		ModelPrice before = ModelPrice
			.of(TokenRates.of(new BigDecimal("0.15"), null, null, null, new BigDecimal("0.60"), null));
		ModelPrice fromMarch = new ModelPrice(LocalDate.of(2026, 3, 1),
				TokenRates.of(new BigDecimal("0.10"), null, null, null, new BigDecimal("0.40"), null), List.of());
		this.catalog = catalogOf(new PricedModel(REQUEST_MODEL, "openai", PRICE_SOURCE, List.of(before, fromMarch)));
		record(REQUEST_MODEL, RESPONSE_MODEL);
		assertThat(price(RESPONSE_MODEL, "input")).isEqualTo(0.15);

		this.clock.instant = Instant.parse("2026-03-01T00:00:00Z");
		assertThat(price(RESPONSE_MODEL, "input")).isEqualTo(0.10);
		assertThat(price(RESPONSE_MODEL, "output")).isEqualTo(0.40);
	}

	@Test
	void gaugeShouldShowTheBaseRatesOfATieredPrice() {
		TokenRates base = TokenRates.of(new BigDecimal("1.25"), null, null, null, new BigDecimal("10"), null);
		TokenRates above200k = TokenRates.of(new BigDecimal("2.50"), null, null, null, new BigDecimal("15"), null);
		this.catalog = catalogOf(new PricedModel("gemini-2.5-pro", "openai", PRICE_SOURCE,
				List.of(new ModelPrice(null, base, List.of(new PriceTier(200_000, above200k))))));
		record("gemini-2.5-pro", "gemini-2.5-pro", new TokenUsage(300_000, 0, 0, 100, 0));

		assertThat(price("gemini-2.5-pro", "input")).isEqualTo(1.25);
		assertThat(price("gemini-2.5-pro", "output")).isEqualTo(10);
	}

	@Test
	void callPricedAsTheRequestedModelShouldShowThatPriceUnderTheResponseModel() {
		record("gpt-4o", "gateway-route-7");

		assertThat(price("gateway-route-7", "input")).isEqualTo(2.50);
		assertThat(price("gateway-route-7", "output")).isEqualTo(10.00);
	}

	@Test
	void unpricedCallShouldRegisterNoGauge() {
		record("my-finetune", "my-finetune");

		assertThat(this.meterRegistry.find("llm.price").meters()).isEmpty();
		assertThat(this.meterRegistry.get("llm.tokens").meters()).isNotEmpty();
	}

	@Test
	void modelRecordedAsOtherShouldRegisterNoGauge() {
		this.modelNames = new ModelNames(1);
		record(REQUEST_MODEL, REQUEST_MODEL);
		record("gpt-4o", "gpt-4o");

		assertThat(this.meterRegistry.get("llm.tokens").tag("gen_ai.response.model", "other").meters()).isNotEmpty();
		assertThat(this.meterRegistry.get("llm.price").meters())
			.extracting((gauge) -> gauge.getId().getTag("gen_ai.response.model"))
			.containsOnly(REQUEST_MODEL);
	}

	@Test
	void callWhoseResponseNamedNoModelShouldRegisterNoGauge() {
		record(REQUEST_MODEL, null);

		assertThat(this.meterRegistry.find("llm.price").meters()).isEmpty();
	}

	@Test
	void prometheusNameShouldSayTheCurrencyAndThePerMillionTokens() {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		recordInto(prometheus, REQUEST_MODEL, RESPONSE_MODEL, USAGE);

		assertThat(prometheus.scrape()).contains("# TYPE llm_price_usd_per_million_tokens gauge")
			.contains("llm_price_usd_per_million_tokens{gen_ai_provider_name=\"openai\",gen_ai_response_model=\""
					+ RESPONSE_MODEL + "\",llm_token_type=\"input\"} 0.15");
	}

	private void record(String requestModel, @Nullable String responseModel) {
		record(requestModel, responseModel, USAGE);
	}

	private void record(String requestModel, @Nullable String responseModel, TokenUsage usage) {
		recordInto(this.meterRegistry, requestModel, responseModel, usage);
	}

	private void recordInto(MeterRegistry registry, String requestModel, @Nullable String responseModel,
			TokenUsage usage) {
		if (this.recorder == null) {
			// One recorder and one set of gauges per test, made at its first call, after
			// the test chose its catalog, currency and caps.
			CallPricer pricer = new CallPricer(this.catalog);
			ObservationRegistry observations = ObservationRegistry.create();
			observations.observationConfig()
				.observationHandler(new LlmCallMeterObservationHandler(registry))
				.observationHandler(new LlmPriceGauges(registry, pricer, this.currency, this.clock));
			this.recorder = new LlmCallRecorder(observations, null, new FeatureNames(100), this.modelNames, pricer,
					this.currency, new CostTrackingFailures(registry), this.clock);
		}
		Observation call = this.recorder.start(Attribution.of(FEATURE), LlmProviders.OPENAI,
				LlmCallObservationContext.CHAT, requestModel, null);
		this.recorder.stop(call, new CallResult(responseModel, null, usage, null, null));
	}

	private double price(String responseModel, String tokenType) {
		return this.meterRegistry.get("llm.price")
			.tag("gen_ai.response.model", responseModel)
			.tag("llm.token.type", tokenType)
			.gauge()
			.value();
	}

	private static List<String> tagKeys(Meter meter) {
		return meter.getId().getTags().stream().map(Tag::getKey).toList();
	}

	private static DefaultPriceCatalog catalogOf(PricedModel... models) {
		Map<String, PricedModel> entries = new HashMap<>();
		for (PricedModel model : models) {
			entries.put(model.model(), model);
		}
		// As an external catalog, which a reload replaces (user prices stay).
		return new DefaultPriceCatalog(PriceList.of("user", Map.of()), Map.of(),
				List.of(PriceList.of(PRICE_SOURCE, entries)));
	}

	/**
	 * A clock whose instant the test moves.
	 */
	private static final class MutableClock extends Clock {

		private Instant instant;

		MutableClock(Instant instant) {
			this.instant = instant;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

	}

}
