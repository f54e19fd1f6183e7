package dev.llmcost.attribution;

import org.jspecify.annotations.Nullable;

/**
 * Tells the tenant and the user a model call is made for, when no explicit scope
 * ({@link LlmAttribution}, or the advisor's {@code TENANT} and {@code USER} parameters)
 * says so. Define one as a bean, for example to read a request header or your own
 * security context.
 * <p>
 * Asked on the thread that makes the call, when the call starts; resolvers are asked in
 * their order, and the first one that answers for a dimension wins; with Spring Security
 * on the class path, the authenticated principal's name is the user after them. An
 * exception is ignored (the call is attributed without it). The user id returned is never
 * recorded: only its keyed hash, and only with {@code llm.cost.attribution.user.hash-key}
 * set.
 *
 * @author llm-cost contributors
 */
public interface LlmAttributionResolver {

	/**
	 * Return the tenant of the current call.
	 * @return the tenant, or {@code null} when this resolver does not know it
	 */
	default @Nullable String resolveTenant() {
		return null;
	}

	/**
	 * Return the user id of the current call, in clear: it is hashed before it is
	 * recorded.
	 * @return the user id, or {@code null} when this resolver does not know it
	 */
	default @Nullable String resolveUser() {
		return null;
	}

}
