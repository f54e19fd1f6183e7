package dev.llmcost.attribution;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps feature names fit to be meter tags: sanitised, and bounded in number.
 * <p>
 * Feature names end up as the {@code feature} tag of every meter, so an unbounded set of
 * values (a user id passed by mistake, say) would exhaust the metrics backend. The first
 * {@code maxFeatures} distinct names are kept; later new names are recorded as
 * {@value #OTHER}, counted, and warned about once.
 *
 * @author llm-cost contributors
 */
public class FeatureNames {

	/**
	 * The feature of calls made outside any {@code @LlmFeature} scope.
	 */
	public static final String UNATTRIBUTED = "unattributed";

	/**
	 * The feature that names past the cap are recorded as.
	 */
	public static final String OTHER = "other";

	/**
	 * The longest feature name kept; longer names are cut.
	 */
	public static final int MAX_LENGTH = 64;

	private static final Log logger = LogFactory.getLog(FeatureNames.class);

	private final int maxFeatures;

	private final Set<String> known = ConcurrentHashMap.newKeySet();

	private final AtomicLong overflowed = new AtomicLong();

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * Create an instance that keeps at most {@code maxFeatures} distinct names.
	 * @param maxFeatures the cap, at least 1
	 */
	public FeatureNames(int maxFeatures) {
		if (maxFeatures < 1) {
			throw new IllegalArgumentException("maxFeatures must be at least 1, was " + maxFeatures);
		}
		this.maxFeatures = maxFeatures;
	}

	/**
	 * Sanitise a raw feature name: trimmed, every character outside
	 * {@code [A-Za-z0-9._-]} replaced by {@code _}, cut to {@value #MAX_LENGTH}
	 * characters; a {@code null} or blank name is {@value #UNATTRIBUTED}.
	 * @param raw the name as written by the user
	 * @return the sanitised name
	 */
	public static String sanitize(@Nullable String raw) {
		if (raw == null) {
			return UNATTRIBUTED;
		}
		String trimmed = raw.strip();
		if (trimmed.isEmpty()) {
			return UNATTRIBUTED;
		}
		int length = Math.min(trimmed.length(), MAX_LENGTH);
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

	/**
	 * Return the name to record for a feature: sanitised, and {@value #OTHER} once the
	 * cap of distinct names is reached.
	 * @param raw the feature name, possibly unsanitised
	 * @return the feature name to record
	 */
	public String resolve(@Nullable String raw) {
		String name = sanitize(raw);
		if (UNATTRIBUTED.equals(name) || OTHER.equals(name) || this.known.contains(name)) {
			return name;
		}
		synchronized (this.known) {
			if (this.known.contains(name)) {
				return name;
			}
			if (this.known.size() < this.maxFeatures) {
				this.known.add(name);
				return name;
			}
		}
		this.overflowed.incrementAndGet();
		if (this.warned.compareAndSet(false, true)) {
			logger.warn("More than " + this.maxFeatures + " distinct LLM feature names seen; feature '" + name
					+ "' and later new names are recorded as '" + OTHER
					+ "'. Raise llm.cost.attribution.max-features if these names are legitimate, "
					+ "and never put user or tenant identifiers into @LlmFeature.");
		}
		return OTHER;
	}

	/**
	 * Return the name to tag another observation of an already recorded call with: as
	 * {@link #resolve}, but a name past the cap is not counted again, since the call
	 * itself was.
	 * @param raw the feature name, possibly unsanitised
	 * @return the feature name to tag with
	 */
	public String tagFor(@Nullable String raw) {
		String name = sanitize(raw);
		if (UNATTRIBUTED.equals(name) || OTHER.equals(name) || this.known.contains(name)) {
			return name;
		}
		return (this.known.size() < this.maxFeatures) ? resolve(name) : OTHER;
	}

	/**
	 * Return how many calls were recorded as {@value #OTHER} because the cap was reached.
	 * @return the number of overflowed calls
	 */
	public long overflowCount() {
		return this.overflowed.get();
	}

}
