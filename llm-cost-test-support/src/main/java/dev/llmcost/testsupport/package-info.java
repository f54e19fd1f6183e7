/**
 * OpenAI's wire format, and a scripted OpenAI-compatible server for tests.
 */
@NullMarked
package dev.llmcost.testsupport;

import org.jspecify.annotations.NullMarked;
