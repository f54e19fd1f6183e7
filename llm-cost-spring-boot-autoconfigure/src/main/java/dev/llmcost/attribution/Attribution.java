package dev.llmcost.attribution;

import org.jspecify.annotations.Nullable;

/**
 * Who a model call is billed to: its feature today; the team, tenant and user it belongs
 * to join it as the starter learns them.
 * <p>
 * The feature becomes the {@code feature} tag of every meter, so it is kept fit to be
 * one: trimmed, every character outside {@code [A-Za-z0-9._-]} replaced by {@code _}, cut
 * to {@value #MAX_FEATURE_LENGTH} characters, and {@value #UNATTRIBUTED_FEATURE} when
 * blank or missing.
 *
 * @param feature the feature, sanitised
 * @author llm-cost contributors
 */
public record Attribution(String feature) {

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
	 * Create an attribution; the feature is sanitised.
	 */
	public Attribution {
		feature = sanitize(feature);
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
	 * Return this attribution with another feature.
	 * @param feature the feature as written
	 * @return the attribution
	 */
	public Attribution withFeature(@Nullable String feature) {
		return of(feature);
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

	private static boolean isAllowed(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
				|| c == '-';
	}

}
