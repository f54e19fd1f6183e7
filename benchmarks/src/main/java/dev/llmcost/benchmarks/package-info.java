/**
 * JMH benchmarks of the starter, and the report that turns their results into the ratios
 * the project's performance goals are stated in.
 */
@NullMarked
package dev.llmcost.benchmarks;

import org.jspecify.annotations.NullMarked;
