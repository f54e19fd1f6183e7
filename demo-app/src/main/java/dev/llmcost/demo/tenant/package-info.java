/**
 * The demo's tenants and users: read from request headers, so that the endpoint's
 * {@code ?by=tenant} and {@code ?by=user} have something to show.
 */
@NullMarked
package dev.llmcost.demo.tenant;

import org.jspecify.annotations.NullMarked;
