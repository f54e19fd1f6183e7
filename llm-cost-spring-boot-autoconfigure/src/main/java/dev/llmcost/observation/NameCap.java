package dev.llmcost.observation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The distinct names a dimension ({@code feature}, the model tags) may take: the first
 * {@code max} names seen are admitted, every later new name is refused. The dimensions
 * differ in what they record a refused name as and in how they count it; the bound
 * itself, and its thread safety, are here.
 *
 * @author llm-cost contributors
 */
final class NameCap {

	private final int max;

	private final Set<String> known = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean refused = new AtomicBoolean();

	/**
	 * Create a cap.
	 * @param max the most distinct names admitted, at least 1
	 * @param property the property that sets it, for the message when it is not
	 */
	NameCap(int max, String property) {
		if (max < 1) {
			throw new IllegalArgumentException(property + " must be at least 1, was " + max);
		}
		this.max = max;
	}

	/**
	 * Return whether a name is admitted: it was before, or there is still room for it.
	 * Names seen before cost a set lookup and no lock.
	 * @param name the name
	 * @return whether it may be recorded as it is
	 */
	boolean admits(String name) {
		if (this.known.contains(name)) {
			return true;
		}
		synchronized (this.known) {
			if (this.known.contains(name)) {
				return true;
			}
			if (this.known.size() < this.max) {
				this.known.add(name);
				return true;
			}
			return false;
		}
	}

	/**
	 * Return {@code true} the first time it is called, so that a refusal is warned about
	 * once.
	 * @return whether this is the first refusal
	 */
	boolean isFirstRefusal() {
		return this.refused.compareAndSet(false, true);
	}

	/**
	 * Return the most distinct names admitted.
	 * @return the cap
	 */
	int max() {
		return this.max;
	}

}
