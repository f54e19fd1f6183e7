/**
 * Budgets: spend limits per feature or for the whole application, over a calendar period
 * or a rolling window, checked before a model is called.
 */
@NullMarked
package dev.llmcost.budget;

import org.jspecify.annotations.NullMarked;
