/**
 * The {@code llmcost} actuator endpoint.
 */
@NullMarked
package dev.llmcost.actuate;

import org.jspecify.annotations.NullMarked;
