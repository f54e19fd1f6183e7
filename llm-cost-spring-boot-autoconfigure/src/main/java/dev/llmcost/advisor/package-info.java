/**
 * The Spring AI advisor that observes and prices every model call made through a
 * {@code ChatClient}.
 */
@NullMarked
package dev.llmcost.advisor;

import org.jspecify.annotations.NullMarked;
