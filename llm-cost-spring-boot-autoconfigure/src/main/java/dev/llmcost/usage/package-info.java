/**
 * Token usage normalised into the five disjoint billing buckets.
 */
@NullMarked
package dev.llmcost.usage;

import org.jspecify.annotations.NullMarked;
