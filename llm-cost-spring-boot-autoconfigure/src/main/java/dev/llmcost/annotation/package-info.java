/**
 * The {@link dev.llmcost.annotation.LlmFeature} annotation that names the feature a model
 * call is billed to.
 */
@NullMarked
package dev.llmcost.annotation;

import org.jspecify.annotations.NullMarked;
