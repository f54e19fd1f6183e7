/**
 * Startup time of the demo application with and without the starter.
 */
@NullMarked
package dev.llmcost.benchmarks.startup;

import org.jspecify.annotations.NullMarked;
