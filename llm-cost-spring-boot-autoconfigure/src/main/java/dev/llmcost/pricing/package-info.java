/**
 * Model prices and the catalog that resolves a model name to its price; knows nothing of
 * Spring AI.
 */
@NullMarked
package dev.llmcost.pricing;

import org.jspecify.annotations.NullMarked;
