package dev.llmcost.pricing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Finds the price of a call: by the model the provider says answered (often a dated name,
 * and behind a gateway possibly another model than requested), else by the requested
 * model. A model with neither price is warned about once.
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
	 * Return the price of a call.
	 * @param responseModel the model named by the response, or {@code null}
	 * @param requestModel the model named by the request, or {@code null}
	 * @return the price, or {@code null} when neither model has one
	 */
	public @Nullable ModelPrice priceFor(@Nullable String responseModel, @Nullable String requestModel) {
		ModelPrice price = (responseModel != null) ? this.catalog.resolve(responseModel) : null;
		if (price == null && requestModel != null && !requestModel.equals(responseModel)) {
			price = this.catalog.resolve(requestModel);
		}
		if (price == null) {
			warnOnce((responseModel != null) ? responseModel : String.valueOf(requestModel));
		}
		return price;
	}

	private void warnOnce(String model) {
		if (this.warned.size() < MAX_WARNED_MODELS && this.warned.add(model)) {
			logger.warn("No price for LLM model '" + model + "': its calls cost 0 and are counted as unpriced "
					+ "(llm.unpriced.calls, 'unpriced' in /actuator/llmcost). Add a price under "
					+ "llm.cost.pricing.models or map the name to a priced model under llm.cost.pricing.aliases.");
		}
	}

}
