package dev.llmcost.autoconfigure;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmcost.advisor.LlmCostAdvisor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for LLM cost tracking.
 *
 * @author llm-cost contributors
 */
@ConfigurationProperties(LlmCostProperties.PREFIX)
public class LlmCostProperties {

	/**
	 * Prefix of the properties.
	 */
	public static final String PREFIX = "llm.cost";

	/**
	 * Whether to track the cost of LLM calls. When false, the starter adds nothing to the
	 * application.
	 */
	private boolean enabled = true;

	private final Advisor advisor = new Advisor();

	private final Attribution attribution = new Attribution();

	private final Pricing pricing = new Pricing();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Advisor getAdvisor() {
		return this.advisor;
	}

	public Attribution getAttribution() {
		return this.attribution;
	}

	public Pricing getPricing() {
		return this.pricing;
	}

	/**
	 * Settings of the advisor added to auto-configured ChatClient builders.
	 */
	public static class Advisor {

		/**
		 * Order of the cost advisor in the ChatClient advisor chain. The default places
		 * it inside Spring AI's tool-calling loop, so each real model call is recorded
		 * once.
		 */
		private int order = LlmCostAdvisor.DEFAULT_ORDER;

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

	}

	/**
	 * Settings of feature attribution.
	 */
	public static class Attribution {

		/**
		 * Maximum number of distinct feature names recorded. Calls to new features past
		 * this cap are recorded as 'other', so a mistaken dynamic name cannot flood the
		 * metrics backend.
		 */
		private int maxFeatures = 100;

		public int getMaxFeatures() {
			return this.maxFeatures;
		}

		public void setMaxFeatures(int maxFeatures) {
			this.maxFeatures = maxFeatures;
		}

	}

	/**
	 * Settings of model pricing. Model names that contain dots or slashes must be quoted
	 * in brackets, for example {@code llm.cost.pricing.models[gpt-4.1].input}.
	 */
	public static class Pricing {

		/**
		 * Prices per model name, in USD per million tokens. They win over every catalog.
		 * Quote names that contain dots: '[gpt-4.1]'.
		 */
		private final Map<String, ModelPrice> models = new LinkedHashMap<>();

		/**
		 * Aliases: a deployment or gateway model name mapped to the catalog model whose
		 * price applies, for example an Azure OpenAI deployment name to 'gpt-4o'.
		 */
		private final Map<String, String> aliases = new LinkedHashMap<>();

		public Map<String, ModelPrice> getModels() {
			return this.models;
		}

		public Map<String, String> getAliases() {
			return this.aliases;
		}

	}

	/**
	 * The price of one model in USD per million tokens.
	 */
	public static class ModelPrice {

		/**
		 * USD per million input tokens that are not read from or written to a cache.
		 */
		private @Nullable BigDecimal input;

		/**
		 * USD per million input tokens read from the prompt cache. Defaults to the input
		 * price.
		 */
		private @Nullable BigDecimal cacheRead;

		/**
		 * USD per million input tokens written to the prompt cache. Defaults to the input
		 * price.
		 */
		private @Nullable BigDecimal cacheWrite;

		/**
		 * USD per million output tokens.
		 */
		private @Nullable BigDecimal output;

		/**
		 * USD per million reasoning tokens. Defaults to the output price.
		 */
		private @Nullable BigDecimal reasoning;

		public @Nullable BigDecimal getInput() {
			return this.input;
		}

		public void setInput(@Nullable BigDecimal input) {
			this.input = input;
		}

		public @Nullable BigDecimal getCacheRead() {
			return this.cacheRead;
		}

		public void setCacheRead(@Nullable BigDecimal cacheRead) {
			this.cacheRead = cacheRead;
		}

		public @Nullable BigDecimal getCacheWrite() {
			return this.cacheWrite;
		}

		public void setCacheWrite(@Nullable BigDecimal cacheWrite) {
			this.cacheWrite = cacheWrite;
		}

		public @Nullable BigDecimal getOutput() {
			return this.output;
		}

		public void setOutput(@Nullable BigDecimal output) {
			this.output = output;
		}

		public @Nullable BigDecimal getReasoning() {
			return this.reasoning;
		}

		public void setReasoning(@Nullable BigDecimal reasoning) {
			this.reasoning = reasoning;
		}

	}

}
