/**
 * Reconciliation of the ledger's estimate with the cost reports of the providers' billing
 * APIs, day by day.
 */
@NullMarked
package dev.llmcost.reconciliation;

import org.jspecify.annotations.NullMarked;
