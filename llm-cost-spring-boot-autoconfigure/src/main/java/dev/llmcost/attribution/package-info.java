/**
 * Who a model call is billed to: the {@link dev.llmcost.attribution.Attribution} value,
 * the current one across threads and Reactor pipelines, and {@code @LlmFeature} applied
 * to beans.
 */
@NullMarked
package dev.llmcost.attribution;

import org.jspecify.annotations.NullMarked;
