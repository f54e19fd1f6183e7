package dev.llmcost.attribution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Completes the attribution a call was made under with what its scope did not say: the
 * team that owns its feature, from {@code llm.cost.features.<feature>.team}; the tenant
 * and the user, from the {@link LlmAttributionResolver resolvers} in their order (the
 * application's, then Spring Security's principal). A user id is replaced by its keyed
 * hash here, or dropped when no {@link UserIdHasher} is configured.
 * <p>
 * What the scope says wins, dimension by dimension: a team named by
 * {@code @LlmFeature(team = ...)}, a tenant or user set by {@link LlmAttribution} or the
 * advisor's parameters.
 *
 * @author llm-cost contributors
 */
public class AttributionSources {

	private static final Log logger = LogFactory.getLog(AttributionSources.class);

	private final Map<String, String> teams;

	private final List<LlmAttributionResolver> resolvers;

	private final @Nullable UserIdHasher userIdHasher;

	private final AtomicBoolean warnedResolverFailure = new AtomicBoolean();

	/**
	 * Create sources that complete nothing.
	 */
	public AttributionSources() {
		this(Map.of());
	}

	/**
	 * Create sources that know the teams of features only.
	 * @param teams the team of each feature, by feature name as written
	 */
	public AttributionSources(Map<String, String> teams) {
		this(teams, List.of(), null);
	}

	/**
	 * Create sources.
	 * @param teams the team of each feature, by feature name as written; names are
	 * sanitised as recorded names are, blank teams ignored
	 * @param resolvers the resolvers of tenant and user, in order
	 * @param userIdHasher hashes user ids, or {@code null} to attribute no user
	 */
	public AttributionSources(Map<String, String> teams, List<LlmAttributionResolver> resolvers,
			@Nullable UserIdHasher userIdHasher) {
		this.resolvers = List.copyOf(resolvers);
		this.userIdHasher = userIdHasher;
		Map<String, String> sanitized = new HashMap<>();
		teams.forEach((feature, team) -> {
			String sanitizedTeam = Attribution.sanitizeOptional(team);
			if (sanitizedTeam != null) {
				sanitized.put(Attribution.sanitize(feature), sanitizedTeam);
			}
		});
		this.teams = Map.copyOf(sanitized);
	}

	/**
	 * Return the attribution to record a call under.
	 * @param requested the attribution the call was made under, or {@code null} for none
	 * @return the completed attribution
	 */
	public Attribution resolve(@Nullable Attribution requested) {
		Attribution attribution = (requested != null) ? requested : Attribution.UNATTRIBUTED;
		if (attribution.team() == null) {
			String team = this.teams.get(attribution.feature());
			if (team != null) {
				attribution = attribution.withTeam(team);
			}
		}
		if (attribution.tenant() == null) {
			attribution = attribution.withTenant(ask(LlmAttributionResolver::resolveTenant));
		}
		if (attribution.userHash() == null && this.userIdHasher != null) {
			attribution = attribution.withUserHash(hash(ask(LlmAttributionResolver::resolveUser)));
		}
		return attribution;
	}

	/**
	 * Return an attribution with the tenant and user an explicit scope gives.
	 * @param base the attribution to start from, or {@code null} for none
	 * @param tenant the tenant, or {@code null} to keep the one of {@code base}
	 * @param user the user id in clear, or {@code null} to keep the one of {@code base};
	 * hashed, or ignored when user attribution is off
	 * @return the attribution
	 */
	public Attribution withCaller(@Nullable Attribution base, @Nullable String tenant, @Nullable String user) {
		Attribution attribution = (base != null) ? base : Attribution.UNATTRIBUTED;
		if (tenant != null && !tenant.isBlank()) {
			attribution = attribution.withTenant(tenant);
		}
		String userHash = hash(user);
		if (userHash != null) {
			attribution = attribution.withUserHash(userHash);
		}
		return attribution;
	}

	/**
	 * Return whether users are attributed: whether a hash key is configured.
	 * @return whether user ids are hashed and recorded
	 */
	public boolean isUserAttributionEnabled() {
		return this.userIdHasher != null;
	}

	private @Nullable String hash(@Nullable String user) {
		UserIdHasher hasher = this.userIdHasher;
		return (hasher != null && user != null && !user.isBlank()) ? hasher.hash(user) : null;
	}

	private @Nullable String ask(Function<LlmAttributionResolver, @Nullable String> question) {
		for (LlmAttributionResolver resolver : this.resolvers) {
			try {
				String answer = question.apply(resolver);
				if (answer != null && !answer.isBlank()) {
					return answer;
				}
			}
			catch (RuntimeException ex) {
				if (this.warnedResolverFailure.compareAndSet(false, true)) {
					// The class of the exception only: its message may hold a user id.
					logger.warn("An LlmAttributionResolver (" + resolver.getClass().getName() + ") failed with "
							+ ex.getClass().getName() + "; the call is attributed without it. This is logged once.");
				}
			}
		}
		return null;
	}

	/**
	 * Return the team that owns a feature, as configured.
	 * @param feature the feature, sanitised
	 * @return the team, or {@code null} when none is configured
	 */
	public @Nullable String teamOf(String feature) {
		return this.teams.get(feature);
	}

}
