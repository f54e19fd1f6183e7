package dev.llmcost.attribution;

import org.jspecify.annotations.Nullable;

/**
 * Holds the {@link Attribution} that model calls on the current thread are billed to.
 * <p>
 * {@code @LlmFeature} methods set it for their duration; code can set it for a block with
 * {@link #open(Attribution)}:
 *
 * <pre class="code">
 * try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("nightly-export"))) {
 *     chatModel.call(prompt);
 * }
 * </pre>
 *
 * Reactive pipelines carry it under {@link #KEY} in their Reactor context instead, and
 * {@link AttributionThreadLocalAccessor} lets context-propagation move it between the
 * two.
 *
 * @author llm-cost contributors
 */
public final class AttributionContext {

	/**
	 * Key of the attribution in a Reactor context and in context-propagation snapshots.
	 */
	public static final String KEY = "llm.cost.attribution";

	private static final ThreadLocal<Attribution> CURRENT = new ThreadLocal<>();

	private AttributionContext() {
	}

	/**
	 * Return the attribution of the current thread.
	 * @return the attribution, or {@code null} when none is set
	 */
	public static @Nullable Attribution current() {
		return CURRENT.get();
	}

	/**
	 * Bill the model calls of the current thread to an attribution until the returned
	 * scope is closed; closing it restores the attribution that was current before.
	 * @param attribution the attribution
	 * @return the scope, to close in the same thread
	 */
	public static Scope open(Attribution attribution) {
		Attribution previous = enter(attribution);
		return () -> restore(previous);
	}

	/**
	 * Set the attribution of the current thread and return the one it replaces, to be
	 * given back to {@link #restore(Attribution)} when the scope ends.
	 * @param attribution the attribution to set
	 * @return the previous attribution, or {@code null}
	 */
	static @Nullable Attribution enter(Attribution attribution) {
		Attribution previous = CURRENT.get();
		CURRENT.set(attribution);
		return previous;
	}

	/**
	 * Restore the attribution that was current before {@link #enter(Attribution)}.
	 * @param previous the value returned by {@code enter}
	 */
	static void restore(@Nullable Attribution previous) {
		if (previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(previous);
		}
	}

	/**
	 * A block of code whose model calls are billed to one attribution.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		/**
		 * Restore the attribution that was current when the scope was opened.
		 */
		@Override
		void close();

	}

}
