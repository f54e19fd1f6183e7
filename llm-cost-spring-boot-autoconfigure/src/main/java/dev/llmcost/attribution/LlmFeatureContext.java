package dev.llmcost.attribution;

import org.jspecify.annotations.Nullable;

/**
 * Holds the feature that model calls on the current thread are attributed to.
 * <p>
 * The thread-local value is set by {@link LlmFeatureInterceptor} for the duration of an
 * {@code @LlmFeature} method. Reactive pipelines carry the feature under {@link #KEY} in
 * their Reactor context instead, and {@link LlmFeatureThreadLocalAccessor} lets
 * context-propagation move it between the two.
 *
 * @author llm-cost contributors
 */
public final class LlmFeatureContext {

	/**
	 * Key of the feature in a Reactor context and in context-propagation snapshots.
	 */
	public static final String KEY = "llm.cost.feature";

	private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

	private LlmFeatureContext() {
	}

	/**
	 * Return the feature of the current thread.
	 * @return the feature, or {@code null} when no feature is set
	 */
	public static @Nullable String current() {
		return CURRENT.get();
	}

	/**
	 * Set the feature of the current thread and return the one it replaces, to be given
	 * back to {@link #restore(String)} when the scope ends.
	 * @param feature the feature to set
	 * @return the previous feature, or {@code null}
	 */
	public static @Nullable String enter(String feature) {
		String previous = CURRENT.get();
		CURRENT.set(feature);
		return previous;
	}

	/**
	 * Restore the feature that was current before {@link #enter(String)}.
	 * @param previous the value returned by {@code enter}
	 */
	public static void restore(@Nullable String previous) {
		if (previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(previous);
		}
	}

}
