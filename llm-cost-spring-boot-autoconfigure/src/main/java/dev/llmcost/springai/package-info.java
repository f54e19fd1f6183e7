/**
 * Hooks into Spring AI's own observations: the feature tag on them, and the recording of
 * model calls that bypass the {@code ChatClient} advisor.
 */
@NullMarked
package dev.llmcost.springai;

import org.jspecify.annotations.NullMarked;
