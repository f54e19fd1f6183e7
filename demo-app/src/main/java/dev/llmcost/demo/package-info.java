/**
 * Demo application: Spring AI features whose model calls are costed per feature by the
 * llm-cost starter.
 */
@NullMarked
package dev.llmcost.demo;

import org.jspecify.annotations.NullMarked;
