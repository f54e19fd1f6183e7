package dev.llmcost.attribution;

import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Sets the tenant and the user that model calls are made for, for a block of code. Inject
 * the bean:
 *
 * <pre class="code">
 * String answer = llmAttribution.callAs(order.customerId(), currentUser.id(),
 *         () -&gt; chatClient.prompt().user(question).call().content());
 * </pre>
 *
 * The feature stays the one of the enclosing {@code @LlmFeature}; a {@code null} tenant
 * or user keeps the enclosing scope's. Scopes nest: the inner one wins until it ends,
 * then the outer one is back. The values follow the work to other threads as the feature
 * does (context-propagation), and into a returned {@code Mono} or {@code Flux} (its
 * Reactor context).
 * <p>
 * The user id is never kept: it is replaced by its keyed hash (see {@link UserIdHasher})
 * at once, or ignored without {@code llm.cost.attribution.user.hash-key}. Tenants are
 * kept as given, sanitised like feature names.
 *
 * @author llm-cost contributors
 */
public class LlmAttribution {

	private final AttributionSources sources;

	/**
	 * Create an instance.
	 * @param sources where the user is hashed
	 */
	public LlmAttribution(AttributionSources sources) {
		this.sources = Objects.requireNonNull(sources, "sources must not be null");
	}

	/**
	 * Run an action whose model calls are made for a tenant and a user.
	 * @param tenant the tenant, or {@code null} to keep the enclosing one
	 * @param user the user id in clear, or {@code null} to keep the enclosing one
	 * @param action the action
	 */
	public void runAs(@Nullable String tenant, @Nullable String user, Runnable action) {
		try (AttributionContext.Scope scope = open(tenant, user)) {
			action.run();
		}
	}

	/**
	 * Call an action whose model calls are made for a tenant and a user. A {@code Mono}
	 * or {@code Flux} it returns carries them to its subscription.
	 * @param <T> the type of the result
	 * @param tenant the tenant, or {@code null} to keep the enclosing one
	 * @param user the user id in clear, or {@code null} to keep the enclosing one
	 * @param action the action
	 * @return what the action returned
	 */
	@SuppressWarnings("unchecked")
	public <T> T callAs(@Nullable String tenant, @Nullable String user, Supplier<T> action) {
		Attribution attribution = attribution(tenant, user);
		Attribution previous = AttributionContext.enter(attribution);
		try {
			return (T) ReactorAttribution.attachIfReactive(action.get(), attribution);
		}
		finally {
			AttributionContext.restore(previous);
		}
	}

	/**
	 * Make the model calls of the current thread for a tenant and a user until the
	 * returned scope is closed.
	 * @param tenant the tenant, or {@code null} to keep the enclosing one
	 * @param user the user id in clear, or {@code null} to keep the enclosing one
	 * @return the scope, to close in the same thread
	 */
	public AttributionContext.Scope open(@Nullable String tenant, @Nullable String user) {
		return AttributionContext.open(attribution(tenant, user));
	}

	/**
	 * Return whether users are attributed: whether
	 * {@code llm.cost.attribution.user.hash-key} is set.
	 * @return whether a user given here is recorded (as its hash)
	 */
	public boolean isUserAttributionEnabled() {
		return this.sources.isUserAttributionEnabled();
	}

	private Attribution attribution(@Nullable String tenant, @Nullable String user) {
		return this.sources.withCaller(AttributionContext.current(), tenant, user);
	}

}
