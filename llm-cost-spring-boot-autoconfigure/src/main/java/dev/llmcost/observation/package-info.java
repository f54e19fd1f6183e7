/**
 * The {@code llm.call} observation: its context, documentation, conventions and the
 * handlers that turn it into meters and ledger entries.
 */
@NullMarked
package dev.llmcost.observation;

import org.jspecify.annotations.NullMarked;
