/**
 * Price resolution and catalog loading.
 */
@NullMarked
package dev.llmcost.benchmarks.pricing;

import org.jspecify.annotations.NullMarked;
