/**
 * The demo's LLM features, each attributed with {@code @LlmFeature} or the advisor
 * parameter.
 */
@NullMarked
package dev.llmcost.demo.feature;

import org.jspecify.annotations.NullMarked;
