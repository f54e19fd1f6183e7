package dev.llmcost.pricing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
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
		return price(provider, responseModel, requestModel, usage, UnitUsage.NONE, at);
	}

	/**
	 * Price a call billed in tokens and in other units. A call that used a unit its
	 * model's price does not price is unpriced as a whole, as a call of an unknown model
	 * is: a partial cost would pass for the full one.
	 * @param provider the provider of the call, or {@code "unknown"}
	 * @param responseModel the model named by the response, or {@code null}
	 * @param requestModel the model named by the request, or {@code null}
	 * @param usage the call's tokens
	 * @param units the call's other units
	 * @param at when the call was made
	 * @return the priced call; {@link PricedCall#UNPRICED} when neither model has a price
	 * or the price lacks a unit used
	 */
	public PricedCall price(String provider, @Nullable String responseModel, @Nullable String requestModel,
			TokenUsage usage, UnitUsage units, Instant at) {
		PricedModel entry = (responseModel != null) ? this.catalog.resolve(provider, responseModel) : null;
		// A response that names no model (a failed call) is priced by the request: that
		// is the model asked for, not a fallback.
		boolean fallback = false;
		if (entry == null) {
			entry = requestedEntry(provider, responseModel, requestModel);
			fallback = (entry != null && responseModel != null);
		}
		if (entry == null) {
			String model = (responseModel != null) ? responseModel : requestModel;
			warnOnce((model != null) ? model : "unknown");
			return PricedCall.UNPRICED;
		}
		ModelPrice price = entry.priceOn(LocalDate.ofInstant(at, ZoneOffset.UTC));
		Cost cost = price.costOf(usage, units);
		if (cost == null) {
			UnitType unit = price.units().unpricedIn(units);
			String model = entry.model();
			warnOnce(model + "#" + unit, () -> "No price per " + unit.tagValue() + " for LLM model '"
					+ LoggableNames.of(model) + "': its calls that use " + unit.tagValue()
					+ " units cost 0 and are counted as unpriced. Add the price under llm.cost.pricing.models.<model>."
					+ unitProperty(unit) + ".");
			return PricedCall.UNPRICED;
		}
		return new PricedCall(entry, cost, fallback);
	}

	/**
	 * Return the catalog entry that prices a call of the given models, as {@link #price}
	 * finds it: the response model's, else the requested model's. Resolved against the
	 * catalog as it is now, so that anything showing a call's price (the
	 * {@code llm.price} gauges) shows the price calls are charged.
	 * @param provider the provider of the call, or {@code "unknown"}
	 * @param responseModel the model named by the response, or {@code null}
	 * @param requestModel the model named by the request, or {@code null}
	 * @return the entry, or {@code null} when neither model has a price
	 */
	public @Nullable PricedModel entryFor(String provider, @Nullable String responseModel,
			@Nullable String requestModel) {
		PricedModel entry = (responseModel != null) ? this.catalog.resolve(provider, responseModel) : null;
		return (entry != null) ? entry : requestedEntry(provider, responseModel, requestModel);
	}

	private @Nullable PricedModel requestedEntry(String provider, @Nullable String responseModel,
			@Nullable String requestModel) {
		if (requestModel == null || requestModel.equals(responseModel)) {
			return null;
		}
		return this.catalog.resolve(provider, requestModel);
	}

	private static String unitProperty(UnitType unit) {
		return switch (unit) {
			case IMAGE -> "per-image";
			case SECOND -> "per-second";
			case CHARACTER -> "per-character";
			case REQUEST -> "per-request";
		};
	}

	private void warnOnce(String key, Supplier<String> message) {
		if (this.warned.size() < MAX_WARNED_MODELS && this.warned.add(key)) {
			logger.warn(message.get());
		}
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
