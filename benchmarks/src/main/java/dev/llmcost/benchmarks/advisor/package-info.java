/**
 * The starter's cost per {@code ChatClient} call, measured against the same application
 * without it.
 */
@NullMarked
package dev.llmcost.benchmarks.advisor;

import org.jspecify.annotations.NullMarked;
