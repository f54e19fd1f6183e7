/**
 * Auto-configuration and configuration properties for LLM cost tracking.
 */
@NullMarked
package dev.llmcost.autoconfigure;

import org.jspecify.annotations.NullMarked;
