package dev.llmcost.provider;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The providers the starter knows, one {@link LlmProvider} each, and the lookups that
 * translate every vocabulary (Spring AI's, the price catalogs', the SDKs') into them.
 * <p>
 * Names are OpenTelemetry {@code gen_ai.provider.name} values: the value of the
 * {@code gen_ai.provider.name} tag of every meter, and the provider of catalog entries.
 *
 * @author llm-cost contributors
 */
public final class LlmProviders {

	/**
	 * OpenAI, and OpenAI-compatible servers reached through Spring AI's OpenAI module.
	 */
	public static final LlmProvider OPENAI = LlmProvider.named("openai")
		.springAi("openai")
		.optionsPackages("org.springframework.ai.openai")
		.properties("openai")
		.liteLlm("openai", "text-completion-openai")
		.genAiPrices("openai")
		.nativeUsage("com.openai")
		.usage(new OpenAiUsageReader())
		.build();

	/**
	 * Azure OpenAI.
	 */
	public static final LlmProvider AZURE_OPENAI = LlmProvider.named("azure.ai.openai")
		.springAi("azure_openai")
		.optionsPackages("org.springframework.ai.azure.openai")
		.properties("azure.openai")
		.liteLlm("azure", "azure_ai", "azure_text")
		.genAiPrices("azure")
		.catalogPrefixes("azure/")
		.nativeUsage("com.azure.ai.openai")
		.build();

	/**
	 * Anthropic.
	 */
	public static final LlmProvider ANTHROPIC = LlmProvider.named("anthropic")
		.springAi("anthropic")
		.optionsPackages("org.springframework.ai.anthropic")
		.properties("anthropic")
		.liteLlm("anthropic")
		.genAiPrices("anthropic")
		.nativeUsage("com.anthropic")
		.usage(new AnthropicUsageReader())
		.build();

	/**
	 * Amazon Bedrock, through Spring AI's Converse API module.
	 */
	public static final LlmProvider AWS_BEDROCK = LlmProvider.named("aws.bedrock")
		.springAi("bedrock_converse")
		.optionsPackages("org.springframework.ai.bedrock")
		.properties("bedrock.converse")
		.liteLlm("bedrock", "bedrock_converse")
		.genAiPrices("aws", "bedrock")
		.catalogPrefixes("bedrock/", "bedrock/converse/", "aws/")
		.nativeUsage("software.amazon.awssdk.services.bedrockruntime")
		.usage(new BedrockUsageReader())
		.build();

	/**
	 * Google's Gemini models through the Google Gen AI SDK (Gemini Developer API or
	 * Vertex AI): Spring AI's {@code google-genai} module. Catalogs price the Gemini
	 * API's models under this provider; {@code gcp.gemini} is its name in the conventions
	 * when the endpoint is known to be the Gemini API.
	 */
	public static final LlmProvider GCP_GEN_AI = LlmProvider.named("gcp.gen_ai")
		.aliases("gcp.gemini")
		.springAi("google_genai")
		.optionsPackages("org.springframework.ai.google.genai")
		.properties("google.genai")
		.liteLlm("gemini")
		.genAiPrices("google")
		.catalogPrefixes("gemini/", "google/")
		.nativeUsage("com.google.genai")
		.usage(new GoogleGenAiUsageReader())
		.build();

	/**
	 * Google Vertex AI.
	 */
	public static final LlmProvider GCP_VERTEX_AI = LlmProvider.named("gcp.vertex_ai")
		.springAi("vertex_ai")
		.optionsPackages("org.springframework.ai.vertexai")
		.properties("vertex.ai.gemini")
		.liteLlm("vertex_ai*")
		.catalogPrefixes("vertex_ai/", "google/")
		.nativeUsage("com.google.cloud.vertexai")
		.build();

	/**
	 * Mistral AI.
	 */
	public static final LlmProvider MISTRAL_AI = LlmProvider.named("mistral_ai")
		.springAi("mistral_ai")
		.optionsPackages("org.springframework.ai.mistralai")
		.properties("mistralai")
		.liteLlm("mistral", "codestral", "text-completion-codestral")
		.genAiPrices("mistral")
		.catalogPrefixes("mistral/")
		.build();

	/**
	 * DeepSeek.
	 */
	public static final LlmProvider DEEPSEEK = LlmProvider.named("deepseek")
		.springAi("deepseek")
		.optionsPackages("org.springframework.ai.deepseek")
		.properties("deepseek")
		.liteLlm("deepseek")
		.genAiPrices("deepseek")
		.catalogPrefixes("deepseek/")
		.build();

	/**
	 * Ollama, models run locally: free unless
	 * {@code llm.cost.pricing.providers.ollama.free=false}.
	 */
	public static final LlmProvider OLLAMA = LlmProvider.named("ollama")
		.springAi("ollama")
		.optionsPackages("org.springframework.ai.ollama")
		.properties("ollama")
		.liteLlm("ollama", "ollama_chat")
		.catalogPrefixes("ollama/", "ollama_chat/")
		.selfHosted()
		.build();

	/**
	 * xAI.
	 */
	public static final LlmProvider X_AI = LlmProvider.named("x_ai")
		.liteLlm("xai")
		.genAiPrices("x-ai")
		.catalogPrefixes("xai/", "x-ai/")
		.build();

	/**
	 * Groq.
	 */
	public static final LlmProvider GROQ = LlmProvider.named("groq").liteLlm("groq").genAiPrices("groq").build();

	/**
	 * Cohere.
	 */
	public static final LlmProvider COHERE = LlmProvider.named("cohere")
		.liteLlm("cohere", "cohere_chat")
		.genAiPrices("cohere")
		.build();

	/**
	 * Perplexity.
	 */
	public static final LlmProvider PERPLEXITY = LlmProvider.named("perplexity")
		.liteLlm("perplexity")
		.genAiPrices("perplexity")
		.build();

	/**
	 * IBM watsonx.ai.
	 */
	public static final LlmProvider IBM_WATSONX_AI = LlmProvider.named("ibm.watsonx.ai")
		.liteLlm("watsonx", "watsonx_text")
		.build();

	/**
	 * A call or an entry whose provider is not known.
	 */
	public static final LlmProvider UNKNOWN = LlmProvider.named("unknown").build();

	private static final List<LlmProvider> ALL = List.of(OPENAI, AZURE_OPENAI, ANTHROPIC, AWS_BEDROCK, GCP_GEN_AI,
			GCP_VERTEX_AI, MISTRAL_AI, DEEPSEEK, OLLAMA, X_AI, GROQ, COHERE, PERPLEXITY, IBM_WATSONX_AI);

	/**
	 * Bounds the descriptors made for provider values no descriptor claims; Spring AI
	 * modules and custom models name providers in code, so there are only a few.
	 */
	private static final int MAX_UNLISTED = 64;

	private static final Map<String, LlmProvider> unlisted = new ConcurrentHashMap<>();

	// Every model call looks its provider up by the class of its options, and reads its
	// usage by the class of the native usage object: each class is matched once.
	private static final ClassValue<LlmProvider> BY_OPTIONS_CLASS = new ClassValue<>() {
		@Override
		protected LlmProvider computeValue(Class<?> type) {
			return forOptionsClass(type);
		}
	};

	private static final ClassValue<LlmProvider> BY_NATIVE_USAGE_CLASS = new ClassValue<>() {
		@Override
		protected LlmProvider computeValue(Class<?> type) {
			return forNativeUsageClass(type);
		}
	};

	private LlmProviders() {
	}

	/**
	 * Return every known provider.
	 * @return the providers
	 */
	public static List<LlmProvider> all() {
		return ALL;
	}

	/**
	 * Find a provider by its {@code gen_ai.provider.name} or one of its aliases.
	 * @param name the name
	 * @return the provider, or {@code null} if none goes by this name
	 */
	public static @Nullable LlmProvider named(@Nullable String name) {
		if (name == null) {
			return null;
		}
		for (LlmProvider provider : ALL) {
			if (provider.isNamed(name)) {
				return provider;
			}
		}
		return UNKNOWN.isNamed(name) ? UNKNOWN : null;
	}

	/**
	 * Return the name a provider is recorded under: the provider's own name for one of
	 * its aliases, else the name as given.
	 * @param name a {@code gen_ai.provider.name} value
	 * @return the name to record
	 */
	public static String canonicalName(String name) {
		LlmProvider provider = named(name);
		return (provider != null) ? provider.name() : name;
	}

	/**
	 * Return the provider of one of Spring AI's observations.
	 * @param springAiId the provider value Spring AI reports, for example
	 * {@code bedrock_converse}
	 * @return the provider; one named after the value when no descriptor claims it, and
	 * {@link #UNKNOWN} when there is none
	 */
	public static LlmProvider forSpringAi(@Nullable String springAiId) {
		if (springAiId == null || springAiId.isBlank()) {
			return UNKNOWN;
		}
		for (LlmProvider provider : ALL) {
			if (provider.springAiIds().contains(springAiId)) {
				return provider;
			}
		}
		LlmProvider provider = unlisted.get(springAiId);
		if (provider == null) {
			provider = LlmProvider.named(springAiId).build();
			if (unlisted.size() < MAX_UNLISTED) {
				unlisted.putIfAbsent(springAiId, provider);
			}
		}
		return provider;
	}

	/**
	 * Return the provider of a call from its chat options: a {@code ChatClient} request
	 * does not name its provider, but its options come from the provider's Spring AI
	 * module.
	 * @param options the chat options of the request, or {@code null}
	 * @return the provider, or {@link #UNKNOWN}
	 */
	public static LlmProvider forOptions(@Nullable Object options) {
		return (options != null) ? BY_OPTIONS_CLASS.get(options.getClass()) : UNKNOWN;
	}

	private static LlmProvider forOptionsClass(Class<?> type) {
		String packageName = type.getPackageName();
		for (LlmProvider provider : ALL) {
			for (String optionsPackage : provider.optionsPackages()) {
				if (isInPackage(packageName, optionsPackage)) {
					return provider;
				}
			}
		}
		return UNKNOWN;
	}

	private static boolean isInPackage(String name, String packageName) {
		return name.startsWith(packageName)
				&& (name.length() == packageName.length() || name.charAt(packageName.length()) == '.');
	}

	/**
	 * Return the provider of a Spring AI property segment, as in
	 * {@code spring.ai.<segment>.chat.model}.
	 * @param segment the segment, for example {@code bedrock.converse}
	 * @return the provider, or {@link #UNKNOWN}
	 */
	public static LlmProvider forPropertySegment(String segment) {
		for (LlmProvider provider : ALL) {
			if (provider.propertySegments().contains(segment)) {
				return provider;
			}
		}
		return UNKNOWN;
	}

	/**
	 * Find the provider of a {@code litellm_provider} value.
	 * @param liteLlmId the value, lower case
	 * @return the provider, or {@code null} if no descriptor claims it
	 */
	public static @Nullable LlmProvider forLiteLlm(String liteLlmId) {
		for (LlmProvider provider : ALL) {
			if (provider.isLiteLlmId(liteLlmId)) {
				return provider;
			}
		}
		return null;
	}

	/**
	 * Find the provider of a genai-prices provider id.
	 * @param genAiPricesId the id, lower case
	 * @return the provider, or {@code null} if no descriptor claims it
	 */
	public static @Nullable LlmProvider forGenAiPrices(String genAiPricesId) {
		for (LlmProvider provider : ALL) {
			if (provider.genAiPricesIds().contains(genAiPricesId)) {
				return provider;
			}
		}
		return null;
	}

	/**
	 * Find the provider whose SDK made a native usage object.
	 * @param nativeUsage the native usage of a response, or {@code null}
	 * @return the provider, or {@code null} if none or unknown
	 */
	public static @Nullable LlmProvider forNativeUsage(@Nullable Object nativeUsage) {
		if (nativeUsage == null) {
			return null;
		}
		LlmProvider provider = BY_NATIVE_USAGE_CLASS.get(nativeUsage.getClass());
		return (provider != UNKNOWN) ? provider : null;
	}

	private static LlmProvider forNativeUsageClass(Class<?> type) {
		String packageName = type.getPackageName();
		for (LlmProvider provider : ALL) {
			for (String usagePackage : provider.nativeUsagePackages()) {
				if (isInPackage(packageName, usagePackage)) {
					return provider;
				}
			}
		}
		return UNKNOWN;
	}

}
