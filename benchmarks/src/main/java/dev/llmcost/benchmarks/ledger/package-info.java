/**
 * The in-memory cost ledger: recording under contention, and snapshots.
 */
@NullMarked
package dev.llmcost.benchmarks.ledger;

import org.jspecify.annotations.NullMarked;
