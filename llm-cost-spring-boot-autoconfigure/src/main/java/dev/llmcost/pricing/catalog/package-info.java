/**
 * Readers of price catalog files: the starter's own format, LiteLLM's
 * {@code model_prices_and_context_window.json} and pydantic's genai-prices data file.
 */
@NullMarked
package dev.llmcost.pricing.catalog;

import org.jspecify.annotations.NullMarked;
