/**
 * Token usage normalised into the five disjoint billing buckets; how each provider
 * reports it is in {@code dev.llmcost.provider}.
 */
@NullMarked
package dev.llmcost.usage;

import org.jspecify.annotations.NullMarked;
