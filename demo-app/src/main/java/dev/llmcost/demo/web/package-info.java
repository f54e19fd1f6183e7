/**
 * REST endpoints that trigger the demo features.
 */
@NullMarked
package dev.llmcost.demo.web;

import org.jspecify.annotations.NullMarked;
