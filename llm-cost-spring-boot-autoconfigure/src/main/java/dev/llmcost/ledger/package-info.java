/**
 * Aggregation of recorded calls per feature, model and hour, and reports of them over
 * periods, read by the actuator endpoint.
 */
@NullMarked
package dev.llmcost.ledger;

import org.jspecify.annotations.NullMarked;
