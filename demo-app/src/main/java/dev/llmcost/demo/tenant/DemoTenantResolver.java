package dev.llmcost.demo.tenant;

import dev.llmcost.attribution.LlmAttributionResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Tells the starter the tenant and user of a demo request from its
 * {@value #TENANT_HEADER} and {@value #USER_HEADER} headers.
 * <p>
 * A real application would take them from its security context or its routing (a
 * subdomain, a path, a claim of the token); the demo has no login, so a header stands in.
 * The user id is hashed by the starter before anything records it
 * ({@code llm.cost.attribution.user.hash-key} in application.yml).
 *
 * @author llm-cost contributors
 */
@Component
public class DemoTenantResolver implements LlmAttributionResolver {

	/**
	 * The header naming the tenant a request is made for.
	 */
	public static final String TENANT_HEADER = "X-Demo-Tenant";

	/**
	 * The header naming the user a request is made for.
	 */
	public static final String USER_HEADER = "X-Demo-User";

	@Override
	public @Nullable String resolveTenant() {
		return header(TENANT_HEADER);
	}

	@Override
	public @Nullable String resolveUser() {
		return header(USER_HEADER);
	}

	private static @Nullable String header(String name) {
		// Calls outside a request (the traffic generator's) have no request attributes.
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			HttpServletRequest request = servlet.getRequest();
			String value = request.getHeader(name);
			return (value != null && !value.isBlank()) ? value : null;
		}
		return null;
	}

}
