/**
 * An OpenAI-compatible HTTP server started inside the demo, so that it runs with no API
 * key and no network.
 */
@NullMarked
package dev.llmcost.demo.simulator;

import org.jspecify.annotations.NullMarked;
