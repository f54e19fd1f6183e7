/**
 * Which feature a model call belongs to: the current feature across threads and Reactor
 * pipelines, and bounded, sanitised feature names.
 */
@NullMarked
package dev.llmcost.attribution;

import org.jspecify.annotations.NullMarked;
