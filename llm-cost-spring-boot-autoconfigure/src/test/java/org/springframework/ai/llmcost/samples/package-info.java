/**
 * An application class in Spring AI's own package tree, as Spring AI's samples have.
 */
@NullMarked
package org.springframework.ai.llmcost.samples;

import org.jspecify.annotations.NullMarked;
