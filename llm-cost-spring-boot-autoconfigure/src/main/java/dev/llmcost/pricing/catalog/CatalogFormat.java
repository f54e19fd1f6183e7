package dev.llmcost.pricing.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

import dev.llmcost.pricing.PriceList;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The formats a price catalog can be read from.
 *
 * @author llm-cost contributors
 */
public enum CatalogFormat {

	/**
	 * The starter's own format, as in the built-in catalog: USD per million tokens.
	 */
	LLM_COST {
		@Override
		PriceList read(JsonNode root, String source) {
			return LlmCostCatalogReader.read(root, source);
		}
	},

	/**
	 * LiteLLM's {@code model_prices_and_context_window.json}: USD per token.
	 */
	LITELLM {
		@Override
		PriceList read(JsonNode root, String source) {
			return LiteLlmCatalogReader.read(root, source);
		}
	},

	/**
	 * pydantic genai-prices' data file: USD per million tokens with match rules.
	 */
	GENAI_PRICES {
		@Override
		PriceList read(JsonNode root, String source) {
			return GenAiPricesCatalogReader.read(root, source);
		}
	};

	// Prices must be read as decimals: 0.075 as a double is not 0.075.
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	/**
	 * Return the format's name in configuration, for example {@code genai-prices}.
	 * @return the id
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Read a catalog. An entry that is not well formed is skipped with a warning naming
	 * it; the others are kept.
	 * @param in the content
	 * @param source where the content comes from, for messages
	 * @return the prices
	 * @throws IllegalArgumentException if the content is not a catalog of this format
	 */
	public PriceList read(InputStream in, String source) {
		JsonNode root;
		try (in) {
			root = MAPPER.readTree(in);
		}
		catch (JacksonException ex) {
			throw notValidJson(source, ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read price catalog " + source, ex);
		}
		return read(root, source);
	}

	abstract PriceList read(JsonNode root, String source);

	/**
	 * Say where the JSON is broken, and only where: Jackson's own message quotes the
	 * offending text, which may be anything the location served. For the same reason the
	 * exception has no cause.
	 */
	private static IllegalArgumentException notValidJson(String source, JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		String where = (location != null) ? " at line " + location.getLineNr() + ", column " + location.getColumnNr()
				: "";
		return new IllegalArgumentException("Price catalog " + source + " is not valid JSON" + where);
	}

}
