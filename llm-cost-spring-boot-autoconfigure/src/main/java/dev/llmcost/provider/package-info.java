/**
 * Everything the starter knows about each LLM provider: the names it goes by in Spring
 * AI, OpenTelemetry and price catalogs, and how it counts tokens.
 */
@NullMarked
package dev.llmcost.provider;

import org.jspecify.annotations.NullMarked;
