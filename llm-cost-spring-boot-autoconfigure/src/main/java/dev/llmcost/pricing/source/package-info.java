/**
 * External price catalogs: loading them from files, the classpath or URLs, refreshing
 * them in the background, and keeping the last good copy.
 */
@NullMarked
package dev.llmcost.pricing.source;

import org.jspecify.annotations.NullMarked;
