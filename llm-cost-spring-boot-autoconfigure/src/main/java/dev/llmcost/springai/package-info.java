/**
 * Hooks into Spring AI: the feature tag on its observations, the recording of model calls
 * that bypass the {@code ChatClient} advisor, and the usage of their streams as the
 * provider sent it.
 */
@NullMarked
package dev.llmcost.springai;

import org.jspecify.annotations.NullMarked;
