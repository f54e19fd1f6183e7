package dev.llmcost.attribution;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Completes the attribution a call was made under with what its scope did not say: the
 * team that owns its feature, from {@code llm.cost.features.<feature>.team}.
 * <p>
 * What the scope says wins: a team named by {@code @LlmFeature(team = ...)} is kept.
 *
 * @author llm-cost contributors
 */
public class AttributionSources {

	private final Map<String, String> teams;

	/**
	 * Create sources that complete nothing.
	 */
	public AttributionSources() {
		this(Map.of());
	}

	/**
	 * Create sources that know the teams of features.
	 * @param teams the team of each feature, by feature name as written; names are
	 * sanitised as recorded names are, blank teams ignored
	 */
	public AttributionSources(Map<String, String> teams) {
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
		return attribution;
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
