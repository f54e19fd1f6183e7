/**
 * In-memory aggregation of recorded calls per feature and model, read by the actuator
 * endpoint.
 */
@NullMarked
package dev.llmcost.ledger;

import org.jspecify.annotations.NullMarked;
