package dev.llmcost.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.provider.LlmProviders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Checks, once the application has started, that the models configured as Spring AI
 * defaults ({@code spring.ai.openai.chat.model} and the like) and as budgets'
 * {@code downgrade-to} models have a price: a missing one is warned about before the
 * first call costs a silent zero (and, for a downgrade, before a spent budget sends its
 * calls to a model whose spend it cannot count), or fails startup when
 * {@code llm.cost.pricing.fail-on-unpriced} is set.
 *
 * @author llm-cost contributors
 */
class UnpricedDefaultModelCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UnpricedDefaultModelCheck.class);

	private static final Pattern MODEL_PROPERTY = Pattern.compile("spring\\.ai\\.(.+)\\.chat(\\.options)?\\.model");

	private static final Pattern DOWNGRADE_PROPERTY = Pattern.compile("llm\\.cost\\.budgets\\.[^.]+\\.downgrade-to");

	private final Environment environment;

	private final PriceCatalog catalog;

	private final boolean failOnUnpriced;

	UnpricedDefaultModelCheck(Environment environment, PriceCatalog catalog, boolean failOnUnpriced) {
		this.environment = environment;
		this.catalog = catalog;
		this.failOnUnpriced = failOnUnpriced;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> unpriced = new ArrayList<>();
		List<String> unpricedDowngrades = new ArrayList<>();
		configuredModels().forEach((property, providerAndModel) -> {
			List<String> list = DOWNGRADE_PROPERTY.matcher(property).matches() ? unpricedDowngrades : unpriced;
			try {
				if (this.catalog.resolve(providerAndModel[0], providerAndModel[1]) == null) {
					list.add("'" + providerAndModel[1] + "' (" + property + ")");
				}
			}
			catch (RuntimeException ex) {
				// A broken catalog is reported when calls are priced; it must not stop
				// startup.
				logger.warn("Could not check the price of '" + providerAndModel[1] + "' (" + property + ")", ex);
			}
		});
		if (unpriced.isEmpty() && unpricedDowngrades.isEmpty()) {
			return;
		}
		List<String> messages = new ArrayList<>();
		if (!unpriced.isEmpty()) {
			messages.add("No price for the configured default model" + ((unpriced.size() > 1) ? "s " : " ")
					+ String.join(", ", unpriced) + ": calls to it will cost 0 and be counted as unpriced.");
		}
		if (!unpricedDowngrades.isEmpty()) {
			messages.add("No price for the budget downgrade model" + ((unpricedDowngrades.size() > 1) ? "s " : " ")
					+ String.join(", ", unpricedDowngrades)
					+ ": calls downgraded to it will cost 0, so the budget stops counting them.");
		}
		String message = String.join(" ", messages) + " Add a price under llm.cost.pricing.models, an alias under "
				+ "llm.cost.pricing.aliases, or an external catalog under llm.cost.pricing.sources.";
		if (this.failOnUnpriced) {
			throw new IllegalStateException(
					message + " (Startup fails because llm.cost.pricing.fail-on-unpriced=true.)");
		}
		logger.warn(message);
	}

	private Map<String, String[]> configuredModels() {
		Map<String, String[]> models = new LinkedHashMap<>();
		Map<String, String> downgrades = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream().map(ConfigurationPropertyName::toString).forEach((name) -> {
					Matcher matcher = MODEL_PROPERTY.matcher(name);
					String model = this.environment.getProperty(name);
					if (matcher.matches() && model != null && !model.isBlank() && !models.containsKey(name)) {
						models.put(name,
								new String[] { LlmProviders.forPropertySegment(matcher.group(1)).name(), model });
					}
					else if (DOWNGRADE_PROPERTY.matcher(name).matches() && model != null && !model.isBlank()) {
						downgrades.putIfAbsent(name, model.trim());
					}
				});
			}
		}
		// A downgrade goes to the application's chat model: priced as its provider's.
		String provider = models.values()
			.stream()
			.map((providerAndModel) -> providerAndModel[0])
			.findFirst()
			.orElse(LlmProviders.UNKNOWN.name());
		downgrades.forEach((name, model) -> models.put(name, new String[] { provider, model }));
		return models;
	}

}
