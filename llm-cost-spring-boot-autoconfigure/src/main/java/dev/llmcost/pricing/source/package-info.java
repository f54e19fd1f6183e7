/**
 * External price catalogs: loading them from files, the classpath or URLs, refreshing
 * them on a scheduler of their own, and keeping the last good copy.
 */
@NullMarked
package dev.llmcost.pricing.source;

import org.jspecify.annotations.NullMarked;
