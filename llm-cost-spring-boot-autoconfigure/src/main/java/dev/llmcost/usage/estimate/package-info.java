/**
 * Estimates of the tokens a provider billed when it did not say: streams stopped before
 * their usage chunk.
 */
@NullMarked
package dev.llmcost.usage.estimate;

import org.jspecify.annotations.NullMarked;
