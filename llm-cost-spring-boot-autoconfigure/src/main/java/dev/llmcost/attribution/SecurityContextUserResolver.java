package dev.llmcost.attribution;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The name of Spring Security's authenticated principal as the user of a call: the last
 * source of the user, after the application's {@link LlmAttributionResolver resolvers}.
 * Anonymous and unauthenticated callers are no user.
 *
 * @author llm-cost contributors
 */
public final class SecurityContextUserResolver implements LlmAttributionResolver {

	@Override
	public @Nullable String resolveUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		return authentication.getName();
	}

}
