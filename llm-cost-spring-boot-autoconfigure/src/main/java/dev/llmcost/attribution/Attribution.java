package dev.llmcost.attribution;

import org.jspecify.annotations.Nullable;

/**
 * Who a model call is billed to: its feature, the team that owns the feature, and the
 * tenant and user the call was made for.
 * <p>
 * The feature becomes the {@code feature} tag of every meter, so it is kept fit to be
 * one: trimmed, every character outside {@code [A-Za-z0-9._-]} replaced by {@code _}, cut
 * to {@value #MAX_FEATURE_LENGTH} characters, and {@value #UNATTRIBUTED_FEATURE} when
 * blank or missing. The team and the tenant are sanitised the same way, and are
 * {@code null} when blank or missing. The user is never held in clear: only its keyed
 * hash (see {@link UserIdHasher}).
 * <p>
 * The team belongs to the feature: {@link #withFeature(String)} drops it, and keeps the
 * tenant and the user, who made the call whatever feature it serves.
 *
 * @param feature the feature, sanitised
 * @param team the team that owns the feature, sanitised, or {@code null} when none is
 * known
 * @param tenant the tenant the call was made for, sanitised, or {@code null}
 * @param userHash the keyed hash of the user the call was made for, or {@code null}
 * @author llm-cost contributors
 */
public record Attribution(String feature, @Nullable String team, @Nullable String tenant, @Nullable String userHash) {

	/**
	 * The feature of calls made outside any {@code @LlmFeature} scope.
	 */
	public static final String UNATTRIBUTED_FEATURE = "unattributed";

	/**
	 * The longest feature name kept; longer names are cut.
	 */
	public static final int MAX_FEATURE_LENGTH = 64;

	/**
	 * The attribution of calls made outside any feature.
	 */
	public static final Attribution UNATTRIBUTED = new Attribution(UNATTRIBUTED_FEATURE);

	/**
	 * Create an attribution; the feature, team and tenant are sanitised.
	 */
	public Attribution {
		feature = sanitize(feature);
		team = sanitizeOptional(team);
		tenant = sanitizeOptional(tenant);
		userHash = (userHash == null || userHash.isBlank()) ? null : userHash;
	}

	/**
	 * Create the attribution of a feature, with no team, tenant or user.
	 * @param feature the feature, sanitised
	 */
	public Attribution(String feature) {
		this(feature, null, null, null);
	}

	/**
	 * Return the attribution of a feature.
	 * @param feature the feature as written, or {@code null}
	 * @return the attribution; {@link #UNATTRIBUTED} for a missing or blank feature
	 */
	public static Attribution of(@Nullable String feature) {
		String sanitized = sanitize(feature);
		return UNATTRIBUTED_FEATURE.equals(sanitized) ? UNATTRIBUTED : new Attribution(sanitized);
	}

	/**
	 * Return this attribution with another feature: the tenant and user are kept, the
	 * team, which belongs to the feature, is dropped.
	 * @param feature the feature as written
	 * @return the attribution
	 */
	public Attribution withFeature(@Nullable String feature) {
		if (this.tenant == null && this.userHash == null) {
			return of(feature);
		}
		return new Attribution(sanitize(feature), null, this.tenant, this.userHash);
	}

	/**
	 * Return this attribution with the team that owns its feature.
	 * @param team the team as written, or {@code null} for none
	 * @return the attribution
	 */
	public Attribution withTeam(@Nullable String team) {
		return new Attribution(this.feature, team, this.tenant, this.userHash);
	}

	/**
	 * Return this attribution with the tenant the call is made for.
	 * @param tenant the tenant as written, or {@code null} for none
	 * @return the attribution
	 */
	public Attribution withTenant(@Nullable String tenant) {
		return new Attribution(this.feature, this.team, tenant, this.userHash);
	}

	/**
	 * Return this attribution with the user the call is made for.
	 * @param userHash the keyed hash of the user (never the user id itself), or
	 * {@code null} for none
	 * @return the attribution
	 */
	public Attribution withUserHash(@Nullable String userHash) {
		return new Attribution(this.feature, this.team, this.tenant, userHash);
	}

	/**
	 * Return whether this attribution names no feature.
	 * @return {@code true} for calls outside any feature
	 */
	public boolean isUnattributed() {
		return UNATTRIBUTED_FEATURE.equals(this.feature);
	}

	/**
	 * Sanitise a raw feature name: trimmed, every character outside
	 * {@code [A-Za-z0-9._-]} replaced by {@code _}, cut to {@value #MAX_FEATURE_LENGTH}
	 * characters; a {@code null} or blank name is {@value #UNATTRIBUTED_FEATURE}.
	 * @param raw the name as written by the user
	 * @return the sanitised name
	 */
	public static String sanitize(@Nullable String raw) {
		if (raw == null) {
			return UNATTRIBUTED_FEATURE;
		}
		String trimmed = raw.strip();
		if (trimmed.isEmpty()) {
			return UNATTRIBUTED_FEATURE;
		}
		int length = Math.min(trimmed.length(), MAX_FEATURE_LENGTH);
		StringBuilder name = null;
		for (int i = 0; i < length; i++) {
			char c = trimmed.charAt(i);
			if (!isAllowed(c)) {
				if (name == null) {
					name = new StringBuilder(length).append(trimmed, 0, i);
				}
				c = '_';
			}
			if (name != null) {
				name.append(c);
			}
		}
		return (name != null) ? name.toString() : trimmed.substring(0, length);
	}

	/**
	 * Sanitise a raw team or tenant name as feature names are, {@code null} when missing
	 * or blank.
	 * @param raw the name as given
	 * @return the sanitised name, or {@code null}
	 */
	public static @Nullable String sanitizeOptional(@Nullable String raw) {
		return (raw == null || raw.isBlank()) ? null : sanitize(raw);
	}

	private static boolean isAllowed(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
				|| c == '-';
	}

}
