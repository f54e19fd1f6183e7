package dev.llmcost.pricing.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

import dev.llmcost.pricing.PriceList;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;

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
		PriceList read(CatalogParser parser, String source) {
			return LlmCostCatalogReader.read(parser, source);
		}
	},

	/**
	 * LiteLLM's {@code model_prices_and_context_window.json}: USD per token.
	 */
	LITELLM {
		@Override
		PriceList read(CatalogParser parser, String source) {
			return LiteLlmCatalogReader.read(parser, source);
		}
	},

	/**
	 * pydantic genai-prices' data file: USD per million tokens with match rules.
	 */
	GENAI_PRICES {
		@Override
		PriceList read(CatalogParser parser, String source) {
			return GenAiPricesCatalogReader.read(parser, source);
		}
	};

	/**
	 * Return the format's name in configuration, for example {@code genai-prices}.
	 * @return the id
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Read a catalog, as it streams in: one entry at a time, so that memory follows the
	 * prices kept, not the size of the content. An entry that is not well formed is
	 * skipped with a warning naming it; the others are kept. Messages name entries and
	 * fields, never values of the content. See {@link CatalogParser} for the limits.
	 * @param in the content; closed when read
	 * @param source where the content comes from, for messages
	 * @return the prices
	 * @throws IllegalArgumentException if the content is not a catalog of this format, or
	 * goes beyond a limit
	 * @throws UncheckedIOException if the content cannot be read
	 */
	public PriceList read(InputStream in, String source) {
		try (in; CatalogParser parser = CatalogParser.open(in, source)) {
			try {
				PriceList prices = read(parser, source);
				parser.expectEnd();
				return prices;
			}
			catch (StreamConstraintsException ex) {
				// Jackson's message gives the limit and the length, nothing of the
				// content,
				// but not where: the parser knows.
				throw new IllegalArgumentException("Price catalog " + source + " exceeds a limit of the reader"
						+ where(parser.location()) + ": " + ex.getOriginalMessage());
			}
		}
		catch (JacksonIOException ex) {
			throw new UncheckedIOException("Could not read price catalog " + source, ex.getCause());
		}
		catch (JacksonException ex) {
			throw notValidJson(source, ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read price catalog " + source, ex);
		}
	}

	abstract PriceList read(CatalogParser parser, String source);

	/**
	 * Say where the JSON is broken, and only where: Jackson's own message quotes the
	 * offending text, which may be anything the location served. For the same reason the
	 * exception has no cause.
	 */
	private static IllegalArgumentException notValidJson(String source, JacksonException ex) {
		return new IllegalArgumentException("Price catalog " + source + " is not valid JSON" + where(ex.getLocation()));
	}

	private static String where(@Nullable TokenStreamLocation location) {
		return (location != null) ? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
	}

}
