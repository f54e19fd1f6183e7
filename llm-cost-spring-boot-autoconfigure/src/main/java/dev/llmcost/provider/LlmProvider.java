package dev.llmcost.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One LLM provider and every name it goes by: its OpenTelemetry
 * {@code gen_ai.provider.name}, which is the name the starter records it under, and the
 * names Spring AI, the price catalogs and the provider's SDK use for it, with the
 * {@link UsageReader} that knows how it counts tokens.
 * <p>
 * The providers the starter knows are listed in {@link LlmProviders}; adding one is one
 * descriptor there and, when it counts tokens its own way, one reader.
 *
 * @param name the {@code gen_ai.provider.name} of the OpenTelemetry GenAI conventions,
 * for example {@code aws.bedrock}
 * @param aliases other {@code gen_ai.provider.name} values that mean this provider
 * @param springAiIds the provider values of Spring AI's own observations, for example
 * {@code bedrock_converse}
 * @param optionsPackages the packages of its Spring AI chat options classes, for example
 * {@code org.springframework.ai.bedrock.converse}
 * @param propertySegments the segments of its Spring AI properties, as in
 * {@code spring.ai.<segment>.chat.model}
 * @param liteLlmIds its {@code litellm_provider} values in LiteLLM's catalog; an id
 * ending in {@code *} matches every id it starts
 * @param genAiPricesIds its provider ids in pydantic genai-prices' catalog
 * @param catalogPrefixes the prefixes catalogs key its own prices under, for example
 * {@code bedrock/}, tried before the plain model name
 * @param nativeUsagePackages the packages of its SDK's usage classes, which Spring AI
 * passes on as the native usage of a response
 * @param usageReader how it counts tokens
 * @param selfHosted whether its models run on the user's own machines, so that its calls
 * cost nothing by default ({@code llm.cost.pricing.providers.<name>.free})
 * @author llm-cost contributors
 */
public record LlmProvider(String name, Set<String> aliases, Set<String> springAiIds, List<String> optionsPackages,
		List<String> propertySegments, Set<String> liteLlmIds, Set<String> genAiPricesIds, List<String> catalogPrefixes,
		List<String> nativeUsagePackages, UsageReader usageReader, boolean selfHosted) {

	/**
	 * Create a descriptor.
	 */
	public LlmProvider {
		Objects.requireNonNull(name, "name must not be null");
		aliases = Set.copyOf(aliases);
		springAiIds = Set.copyOf(springAiIds);
		optionsPackages = List.copyOf(optionsPackages);
		propertySegments = List.copyOf(propertySegments);
		liteLlmIds = Set.copyOf(liteLlmIds);
		genAiPricesIds = Set.copyOf(genAiPricesIds);
		catalogPrefixes = List.copyOf(catalogPrefixes);
		nativeUsagePackages = List.copyOf(nativeUsagePackages);
		Objects.requireNonNull(usageReader, "usageReader must not be null");
	}

	/**
	 * Start describing a provider.
	 * @param name its {@code gen_ai.provider.name}
	 * @return a builder
	 */
	public static Builder named(String name) {
		return new Builder(name);
	}

	/**
	 * Return whether this provider goes by the given {@code gen_ai.provider.name}.
	 * @param providerName the name
	 * @return {@code true} for its name and its aliases
	 */
	public boolean isNamed(String providerName) {
		return this.name.equals(providerName) || this.aliases.contains(providerName);
	}

	/**
	 * Return whether a {@code litellm_provider} value is one of this provider's.
	 * @param id the LiteLLM id, lower case
	 * @return whether it names this provider
	 */
	boolean isLiteLlmId(String id) {
		return this.liteLlmIds.stream().anyMatch(matching(id));
	}

	private static Predicate<String> matching(String id) {
		return (known) -> known.endsWith("*") ? id.startsWith(known.substring(0, known.length() - 1))
				: known.equals(id);
	}

	/**
	 * Builds an {@link LlmProvider}, so that each descriptor in {@link LlmProviders}
	 * reads as a table row.
	 */
	public static final class Builder {

		private final String name;

		private final List<String> aliases = new ArrayList<>();

		private final List<String> springAiIds = new ArrayList<>();

		private final List<String> optionsPackages = new ArrayList<>();

		private final List<String> propertySegments = new ArrayList<>();

		private final List<String> liteLlmIds = new ArrayList<>();

		private final List<String> genAiPricesIds = new ArrayList<>();

		private final List<String> catalogPrefixes = new ArrayList<>();

		private final List<String> nativeUsagePackages = new ArrayList<>();

		private UsageReader usageReader = UsageReader.PROMPT_INCLUDES_CACHE;

		private boolean selfHosted;

		private Builder(String name) {
			this.name = name;
		}

		/**
		 * Other {@code gen_ai.provider.name} values that mean this provider.
		 * @param aliases the names
		 * @return this builder
		 */
		public Builder aliases(String... aliases) {
			this.aliases.addAll(List.of(aliases));
			return this;
		}

		/**
		 * The provider values of Spring AI's observations.
		 * @param ids the ids
		 * @return this builder
		 */
		public Builder springAi(String... ids) {
			this.springAiIds.addAll(List.of(ids));
			return this;
		}

		/**
		 * The packages of its Spring AI chat options classes.
		 * @param packages the package names
		 * @return this builder
		 */
		public Builder optionsPackages(String... packages) {
			this.optionsPackages.addAll(List.of(packages));
			return this;
		}

		/**
		 * The segments of its Spring AI properties.
		 * @param segments the segments, for example {@code bedrock.converse}
		 * @return this builder
		 */
		public Builder properties(String... segments) {
			this.propertySegments.addAll(List.of(segments));
			return this;
		}

		/**
		 * Its {@code litellm_provider} values.
		 * @param ids the ids; one ending in {@code *} matches every id it starts
		 * @return this builder
		 */
		public Builder liteLlm(String... ids) {
			this.liteLlmIds.addAll(List.of(ids));
			return this;
		}

		/**
		 * Its genai-prices provider ids.
		 * @param ids the ids
		 * @return this builder
		 */
		public Builder genAiPrices(String... ids) {
			this.genAiPricesIds.addAll(List.of(ids));
			return this;
		}

		/**
		 * The prefixes catalogs key its own prices under.
		 * @param prefixes the prefixes, for example {@code azure/}
		 * @return this builder
		 */
		public Builder catalogPrefixes(String... prefixes) {
			this.catalogPrefixes.addAll(List.of(prefixes));
			return this;
		}

		/**
		 * The packages of its SDK's usage classes.
		 * @param packages the package names
		 * @return this builder
		 */
		public Builder nativeUsage(String... packages) {
			this.nativeUsagePackages.addAll(List.of(packages));
			return this;
		}

		/**
		 * How it counts tokens; by default as OpenAI does.
		 * @param usageReader the reader
		 * @return this builder
		 */
		public Builder usage(UsageReader usageReader) {
			this.usageReader = usageReader;
			return this;
		}

		/**
		 * Its models run on the user's own machines: its calls cost nothing unless
		 * {@code llm.cost.pricing.providers.<name>.free} is turned off.
		 * @return this builder
		 */
		public Builder selfHosted() {
			this.selfHosted = true;
			return this;
		}

		/**
		 * Build the descriptor.
		 * @return the descriptor
		 */
		public LlmProvider build() {
			return new LlmProvider(this.name, Set.copyOf(this.aliases), Set.copyOf(this.springAiIds),
					this.optionsPackages, this.propertySegments, Set.copyOf(this.liteLlmIds),
					Set.copyOf(this.genAiPricesIds), this.catalogPrefixes, this.nativeUsagePackages, this.usageReader,
					this.selfHosted);
		}

	}

}
