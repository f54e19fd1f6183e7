/**
 * Optional steady traffic through the demo features, for dashboards and alerts.
 */
@NullMarked
package dev.llmcost.demo.traffic;

import org.jspecify.annotations.NullMarked;
