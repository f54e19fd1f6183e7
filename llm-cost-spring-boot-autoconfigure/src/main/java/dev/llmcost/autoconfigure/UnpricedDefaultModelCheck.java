package dev.llmcost.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * <p>
 * When Spring AI's OpenAI module is set up for Azure OpenAI (Microsoft Foundry), its
 * calls name the team's deployment ({@code my-gpt4o-prod}) as their model, which no
 * catalog prices: each such deployment without a price gets a warning of its own that
 * names the alias to add.
 *
 * @author llm-cost contributors
 */
class UnpricedDefaultModelCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UnpricedDefaultModelCheck.class);

	private static final Pattern MODEL_PROPERTY = Pattern.compile("spring\\.ai\\.(.+)\\.chat(\\.options)?\\.model");

	private static final Pattern DOWNGRADE_PROPERTY = Pattern.compile("llm\\.cost\\.budgets\\.[^.]+\\.downgrade-to");

	/**
	 * The properties of Spring AI's OpenAI module that set up the chat model's client:
	 * the common ones and the chat model's ({@code chat.options.*} are deprecated and not
	 * read for the client).
	 */
	private static final String OPENAI_CHAT_PROPERTY = "spring\\.ai\\.openai(\\.chat)?\\.";

	private static final Pattern OPENAI_CHAT_MODEL_PROPERTY = Pattern
		.compile("spring\\.ai\\.openai\\.chat(\\.options)?\\.model");

	private static final Pattern AZURE_DEPLOYMENT_PROPERTY = Pattern
		.compile(OPENAI_CHAT_PROPERTY + "(microsoft-)?deployment-name");

	/**
	 * What makes Spring AI's OpenAI module call Azure OpenAI, as its {@code OpenAiSetup}
	 * decides: the flag, a service version or a deployment name set.
	 */
	private static final Pattern AZURE_MODE_PROPERTY = Pattern
		.compile(OPENAI_CHAT_PROPERTY + "(microsoft-foundry|microsoft-foundry-service-version)");

	private static final Pattern OPENAI_BASE_URL_PROPERTY = Pattern.compile(OPENAI_CHAT_PROPERTY + "base-url");

	/**
	 * The hosts Spring AI's OpenAI module recognises as Azure OpenAI in a base URL.
	 */
	private static final Pattern AZURE_BASE_URL = Pattern
		.compile("(?i).*(openai\\.azure\\.com|cognitiveservices\\.azure\\.com)/?");

	/**
	 * An alias name that binds as written after a dot; any other needs brackets.
	 */
	private static final Pattern PLAIN_ALIAS_NAME = Pattern.compile("[A-Za-z0-9-]+");

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
		boolean azure = isAzureOpenAi();
		List<String> unpriced = new ArrayList<>();
		List<String> unpricedDowngrades = new ArrayList<>();
		Map<String, String> unpricedDeployments = new LinkedHashMap<>();
		configuredModels().forEach((property, providerAndModel) -> {
			try {
				if (this.catalog.resolve(providerAndModel[0], providerAndModel[1]) != null) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// A broken catalog is reported when calls are priced; it must not stop
				// startup.
				logger.warn("Could not check the price of '" + providerAndModel[1] + "' (" + property + ")", ex);
				return;
			}
			if (DOWNGRADE_PROPERTY.matcher(property).matches()) {
				unpricedDowngrades.add("'" + providerAndModel[1] + "' (" + property + ")");
			}
			else if (azure && isAzureDeploymentProperty(property)) {
				unpricedDeployments.putIfAbsent(providerAndModel[1], property);
			}
			else {
				unpriced.add("'" + providerAndModel[1] + "' (" + property + ")");
			}
		});
		List<String> warnings = new ArrayList<>();
		unpricedDeployments.forEach((deployment, property) -> warnings.add(deploymentHint(deployment, property)));
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
		if (!messages.isEmpty()) {
			warnings.add(String.join(" ", messages) + " Add a price under llm.cost.pricing.models, an alias under "
					+ "llm.cost.pricing.aliases, or an external catalog under llm.cost.pricing.sources.");
		}
		if (warnings.isEmpty()) {
			return;
		}
		if (this.failOnUnpriced) {
			throw new IllegalStateException(
					String.join(" ", warnings) + " (Startup fails because llm.cost.pricing.fail-on-unpriced=true.)");
		}
		warnings.forEach(logger::warn);
	}

	/**
	 * The hint for an Azure deployment: the exact property that prices it. A deployment
	 * name is the team's own, so only they know which model it runs.
	 */
	private static String deploymentHint(String deployment, String property) {
		String alias = PLAIN_ALIAS_NAME.matcher(deployment).matches()
				? "llm.cost.pricing.aliases." + deployment.toLowerCase(Locale.ROOT)
				: "llm.cost.pricing.aliases[" + deployment + "]";
		return "No price for the Azure OpenAI deployment '" + deployment + "' (" + property
				+ "): calls that name it as their model will cost 0 and be counted as unpriced. Add " + alias
				+ "=<model>, naming the model the deployment runs, for example " + alias + "=gpt-4o.";
	}

	/**
	 * Whether a property names a deployment: the chat model, which is the deployment
	 * Spring AI's OpenAI module calls (its request names the model, and the client puts
	 * it in the Azure path), or a configured deployment name.
	 */
	private static boolean isAzureDeploymentProperty(String property) {
		return AZURE_DEPLOYMENT_PROPERTY.matcher(property).matches()
				|| OPENAI_CHAT_MODEL_PROPERTY.matcher(property).matches();
	}

	/**
	 * Whether Spring AI's OpenAI module is set up to call Azure OpenAI: as its
	 * {@code OpenAiSetup} decides, by the {@code microsoft-foundry} flag, an Azure base
	 * URL, a deployment name or a service version.
	 */
	private boolean isAzureOpenAi() {
		boolean baseUrlSet = false;
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				for (ConfigurationPropertyName name : iterable.stream().toList()) {
					String property = name.toString();
					String value = this.environment.getProperty(property);
					if (value == null || value.isBlank()) {
						continue;
					}
					if (AZURE_MODE_PROPERTY.matcher(property).matches()) {
						if (!property.endsWith("microsoft-foundry") || Boolean.parseBoolean(value.trim())) {
							return true;
						}
					}
					else if (AZURE_DEPLOYMENT_PROPERTY.matcher(property).matches()) {
						return true;
					}
					else if (OPENAI_BASE_URL_PROPERTY.matcher(property).matches()) {
						baseUrlSet = true;
						if (AZURE_BASE_URL.matcher(value.trim()).matches()) {
							return true;
						}
					}
				}
			}
		}
		// Without a base URL, the module takes Azure's from the environment variable.
		String azureBaseUrl = baseUrlSet ? null : this.environment.getProperty("AZURE_OPENAI_BASE_URL");
		return azureBaseUrl != null && !azureBaseUrl.isBlank();
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
					else if (AZURE_DEPLOYMENT_PROPERTY.matcher(name).matches() && model != null && !model.isBlank()
							&& !models.containsKey(name)) {
						models.put(name, new String[] { LlmProviders.OPENAI.name(), model.trim() });
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
