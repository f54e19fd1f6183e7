package dev.llmcost.benchmarks.pricing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.catalog.CatalogFormat;

/**
 * Generates a catalog in LiteLLM's {@code model_prices_and_context_window.json} format,
 * shaped like the real file: mostly chat entries with cache prices, some with
 * context-length tiers and cache-write prices, embeddings, provider-prefixed names
 * ({@code azure/...}, {@code bedrock/...}), the capability flags and limits that make up
 * most of each entry, and entries priced per image that the reader leaves out.
 *
 * @author llm-cost contributors
 */
public final class LiteLlmCatalogTemplate {

	private static final String[] CHAT_PROVIDERS = { "openai", "azure", "mistral", "deepseek", "xai", "groq" };

	private LiteLlmCatalogTemplate() {
	}

	/**
	 * Generate a catalog.
	 * @param entries the number of model entries
	 * @return the catalog's JSON, UTF-8
	 */
	public static byte[] generate(int entries) {
		StringBuilder json = new StringBuilder(entries * 640);
		json.append("{\n  \"sample_spec\": {\"litellm_provider\": \"one of https://docs.litellm.ai/docs/providers\", ")
			.append("\"max_tokens\": \"LEGACY parameter\", \"input_cost_per_token\": 0.0, ")
			.append("\"output_cost_per_token\": 0.0, \"mode\": \"one of: chat, embedding, completion, ")
			.append("image_generation, audio_transcription, audio_speech\"}");
		for (int i = 0; i < entries; i++) {
			json.append(",\n  ");
			switch (i % 10) {
				case 6 -> anthropic(json, i);
				case 7 -> embedding(json, i);
				case 8 -> bedrock(json, i);
				case 9 -> image(json, i);
				default -> chat(json, i);
			}
		}
		json.append("\n}\n");
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Read a generated catalog as the starter reads an external LiteLLM catalog.
	 * @param json the catalog
	 * @return its prices
	 */
	public static PriceList read(byte[] json) {
		return CatalogFormat.LITELLM.read(new ByteArrayInputStream(json), "litellm-benchmark");
	}

	/**
	 * Return how many entries of a generated catalog are priced by the token.
	 * @param entries the number of entries generated
	 * @return the number the reader keeps
	 */
	public static int tokenPriced(int entries) {
		// Every tenth entry is priced per image.
		return entries - entries / 10;
	}

	private static void chat(StringBuilder json, int i) {
		String provider = CHAT_PROVIDERS[i % CHAT_PROVIDERS.length];
		String name = (provider.equals("openai") ? "" : provider + "/") + "chat-model-" + i;
		json.append('"')
			.append(name)
			.append("\": {\"max_tokens\": 16384, \"max_input_tokens\": 128000, \"max_output_tokens\": 16384, ")
			.append("\"input_cost_per_token\": ")
			.append(price(i, 1))
			.append(", \"output_cost_per_token\": ")
			.append(price(i, 4))
			.append(", \"cache_read_input_token_cost\": ")
			.append(price(i, 0.5))
			.append(", \"litellm_provider\": \"")
			.append(provider)
			.append("\", \"mode\": \"chat\", \"supports_function_calling\": true, ")
			.append("\"supports_parallel_function_calling\": true, \"supports_response_schema\": true, ")
			.append("\"supports_vision\": true, \"supports_prompt_caching\": true, ")
			.append("\"supports_system_messages\": true, \"supports_tool_choice\": true, ")
			.append("\"source\": \"https://example.org/pricing\"}");
	}

	private static void anthropic(StringBuilder json, int i) {
		json.append("\"claude-model-")
			.append(i)
			.append("\": {\"max_tokens\": 64000, \"max_input_tokens\": 1000000, \"max_output_tokens\": 64000, ")
			.append("\"input_cost_per_token\": ")
			.append(price(i, 1))
			.append(", \"output_cost_per_token\": ")
			.append(price(i, 5))
			.append(", \"cache_read_input_token_cost\": ")
			.append(price(i, 0.1))
			.append(", \"cache_creation_input_token_cost\": ")
			.append(price(i, 1.25))
			.append(", \"cache_creation_input_token_cost_above_1hr\": ")
			.append(price(i, 2))
			.append(", \"input_cost_per_token_above_200k_tokens\": ")
			.append(price(i, 2))
			.append(", \"output_cost_per_token_above_200k_tokens\": ")
			.append(price(i, 7.5))
			.append(", \"cache_read_input_token_cost_above_200k_tokens\": ")
			.append(price(i, 0.2))
			.append(", \"cache_creation_input_token_cost_above_200k_tokens\": ")
			.append(price(i, 2.5))
			.append(", \"litellm_provider\": \"anthropic\", \"mode\": \"chat\", ")
			.append("\"supports_function_calling\": true, \"supports_vision\": true, ")
			.append("\"supports_prompt_caching\": true, \"supports_reasoning\": true, ")
			.append("\"supports_computer_use\": true, \"tool_use_system_prompt_tokens\": 346}");
	}

	private static void embedding(StringBuilder json, int i) {
		json.append("\"embedding-model-")
			.append(i)
			.append("\": {\"max_tokens\": 8191, \"max_input_tokens\": 8191, \"output_vector_size\": 1536, ")
			.append("\"input_cost_per_token\": ")
			.append(price(i, 0.1))
			.append(", \"output_cost_per_token\": 0.0, \"litellm_provider\": \"openai\", \"mode\": \"embedding\"}");
	}

	private static void bedrock(StringBuilder json, int i) {
		json.append("\"bedrock/us-east-1/vendor.model-")
			.append(i)
			.append("-v1:0\": {\"max_tokens\": 8192, \"max_input_tokens\": 300000, \"max_output_tokens\": 8192, ")
			.append("\"input_cost_per_token\": ")
			.append(price(i, 1))
			.append(", \"output_cost_per_token\": ")
			.append(price(i, 4))
			.append(", \"input_cost_per_token_above_128k_tokens\": ")
			.append(price(i, 2))
			.append(", \"output_cost_per_token_above_128k_tokens\": ")
			.append(price(i, 8))
			.append(", \"litellm_provider\": \"bedrock\", \"mode\": \"chat\", ")
			.append("\"supports_function_calling\": true, \"supports_vision\": false}");
	}

	private static void image(StringBuilder json, int i) {
		json.append("\"image-model-")
			.append(i)
			.append("\": {\"mode\": \"image_generation\", \"input_cost_per_image\": 0.04, ")
			.append("\"output_cost_per_image\": 0.04, \"litellm_provider\": \"openai\", ")
			.append("\"supported_endpoints\": [\"/v1/images/generations\"]}");
	}

	/**
	 * A price per token in the notation LiteLLM uses ({@code 2.5e-06}), varied per entry.
	 */
	private static String price(int i, double factor) {
		double perMillion = (0.05 + (i % 97) * 0.15) * factor;
		return String.format(Locale.ROOT, "%.4e", perMillion / 1_000_000);
	}

}
