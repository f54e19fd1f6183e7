/**
 * What budgets cost a call: the whole {@code ChatClient} call with budgets configured
 * against none, and the check before each model call alone.
 */
@NullMarked
package dev.llmcost.benchmarks.budget;

import org.jspecify.annotations.NullMarked;
