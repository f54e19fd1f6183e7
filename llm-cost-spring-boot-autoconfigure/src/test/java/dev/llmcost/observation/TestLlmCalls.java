package dev.llmcost.observation;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.CallPricer.PricedCall;
import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.TokenUsage;

/**
 * Calls and prices shared by the unit tests of the {@code llm.call} observation: one
 * small price list whose rates are easy to multiply by hand, and contexts of chat calls
 * to OpenAI as they look when the call has ended.
 */
final class TestLlmCalls {

	/**
	 * The feature every call is billed to.
	 */
	static final String FEATURE = "document-summary";

	/**
	 * The model every call asks for.
	 */
	static final String REQUEST_MODEL = "gpt-4o-mini";

	/**
	 * The dated model the provider answers with.
	 */
	static final String RESPONSE_MODEL = "gpt-4o-mini-2024-07-18";

	/**
	 * Where the test prices come from.
	 */
	static final String PRICE_SOURCE = "test-prices";

	/**
	 * USD per million tokens: 0.15 input, 0.075 cache read, 0.30 cache write, 0.60
	 * output, 2.40 reasoning.
	 */
	static final PricedModel GPT_4O_MINI = PricedModel.of(REQUEST_MODEL, "openai", PRICE_SOURCE,
			TokenRates.of(new BigDecimal("0.15"), new BigDecimal("0.075"), new BigDecimal("0.30"), null,
					new BigDecimal("0.60"), new BigDecimal("2.40")));

	/**
	 * Reporting in EUR at 0.9 EUR per USD.
	 */
	static final ReportingCurrency EUR = new ReportingCurrency(Currency.getInstance("EUR"), new BigDecimal("0.9"));

	private TestLlmCalls() {
	}

	/**
	 * Return a pricer over a catalog of the given entries, keyed by their model names.
	 * @param models the priced models
	 * @return the pricer
	 */
	static CallPricer pricer(PricedModel... models) {
		Map<String, PricedModel> entries = new HashMap<>();
		for (PricedModel model : models) {
			entries.put(model.model(), model);
		}
		return new CallPricer(new DefaultPriceCatalog(PriceList.of(PRICE_SOURCE, entries), Map.of(), List.of()));
	}

	/**
	 * Return a chat call of {@link #FEATURE} that asked for {@link #REQUEST_MODEL} and
	 * has not ended yet.
	 * @param currency the reporting currency
	 * @return the context
	 */
	static LlmCallObservationContext chatCall(ReportingCurrency currency) {
		return new LlmCallObservationContext(Attribution.of(FEATURE), LlmProviders.OPENAI,
				LlmCallObservationContext.CHAT, REQUEST_MODEL, currency);
	}

	/**
	 * Return a chat call answered by {@link #RESPONSE_MODEL} with the given usage, priced
	 * at {@link #GPT_4O_MINI}.
	 * @param usage the tokens of the call
	 * @param currency the reporting currency
	 * @return the context
	 */
	static LlmCallObservationContext pricedCall(TokenUsage usage, ReportingCurrency currency) {
		LlmCallObservationContext context = chatCall(currency);
		context.setResponseModel(RESPONSE_MODEL);
		context.setUsage(usage);
		context.setPricing(new PricedCall(GPT_4O_MINI, GPT_4O_MINI.latest().costOf(usage)));
		return context;
	}

}
