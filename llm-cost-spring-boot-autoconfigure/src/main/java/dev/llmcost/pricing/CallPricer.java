package dev.llmcost.pricing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmcost.usage.TokenUsage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Prices a call: finds its catalog entry by the model the provider says answered (often a
 * dated name, and behind a gateway possibly another model than requested), else by the
 * requested model, and applies the price in force on the call's day (UTC) and the tier
 * its input reaches. A call priced by the requested model because the answering one has
 * no price is marked as a {@link PricedCall#fallback() fallback}, never passed off as the
 * answering model's price. A model with neither price is warned about once.
 *
 * @author llm-cost contributors
 */
public class CallPricer {

	private static final Log logger = LogFactory.getLog(CallPricer.class);

	private static final int MAX_WARNED_MODELS = 1_000;

	private final PriceCatalog catalog;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	/**
	 * Create a pricer over the given catalog.
	 * @param catalog the catalog
	 */
	public CallPricer(PriceCatalog catalog) {
		this.catalog = catalog;
	}

	/**
	 * Price a call.
	 * @param provider the provider of the call, or {@code "unknown"}
	 * @param responseModel the model named by the response, or {@code null}
	 * @param requestModel the model named by the request, or {@code null}
	 * @param usage the call's usage
	 * @param at when the call was made
	 * @return the priced call; {@link PricedCall#UNPRICED} when neither model has a price
	 */
	public PricedCall price(String provider, @Nullable String responseModel, @Nullable String requestModel,
			TokenUsage usage, Instant at) {
		PricedModel entry = (responseModel != null) ? this.catalog.resolve(provider, responseModel) : null;
		// A response that names no model (a failed call) is priced by the request: that
		// is
		// the model asked for, not a fallback.
		boolean fallback = false;
		if (entry == null && requestModel != null && !requestModel.equals(responseModel)) {
			entry = this.catalog.resolve(provider, requestModel);
			fallback = (entry != null && responseModel != null);
		}
		if (entry == null) {
			String model = (responseModel != null) ? responseModel : requestModel;
			warnOnce((model != null) ? model : "unknown");
			return PricedCall.UNPRICED;
		}
		return new PricedCall(entry, entry.priceOn(LocalDate.ofInstant(at, ZoneOffset.UTC)).costOf(usage), fallback);
	}

	private void warnOnce(String model) {
		if (this.warned.size() < MAX_WARNED_MODELS && this.warned.add(model)) {
			logger.warn("No price for LLM model '" + LoggableNames.of(model)
					+ "': its calls cost 0 and are counted as unpriced (llm.unpriced.calls, 'unpriced' in "
					+ "/actuator/llmcost and health). Add a price under llm.cost.pricing.models or map the name to "
					+ "a priced model under llm.cost.pricing.aliases.");
		}
	}

	/**
	 * A priced call: the entry that priced it, its cost, and whether that entry is the
	 * requested model's because the model that answered has no price.
	 *
	 * @param entry the catalog entry, or {@code null} when unpriced
	 * @param cost the cost in USD; zero when unpriced
	 * @param fallback whether the call was priced as the requested model because the
	 * model the response named has no price
	 */
	public record PricedCall(@Nullable PricedModel entry, Cost cost, boolean fallback) {

		/**
		 * A call whose model has no price.
		 */
		public static final PricedCall UNPRICED = new PricedCall(null, Cost.ZERO);

		/**
		 * Create a call priced by the model that answered, or by the requested one when
		 * the response named none.
		 * @param entry the catalog entry, or {@code null} when unpriced
		 * @param cost the cost in USD
		 */
		public PricedCall(@Nullable PricedModel entry, Cost cost) {
			this(entry, cost, false);
		}

		/**
		 * Return whether the call's model had a price.
		 * @return {@code true} if priced
		 */
		public boolean isPriced() {
			return this.entry != null;
		}

	}

}
