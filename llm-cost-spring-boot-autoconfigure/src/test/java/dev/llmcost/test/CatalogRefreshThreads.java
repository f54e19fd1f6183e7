package dev.llmcost.test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The threads that refresh external price catalogs, seen from outside: which are alive
 * now, which were started since a point in a test, and whether they ended.
 */
public final class CatalogRefreshThreads {

	private static final String NAME_PREFIX = "llm-cost-catalog-refresh";

	private final Set<Thread> before = alive();

	/**
	 * Return the refresh threads alive now that were not alive when this object was
	 * created.
	 * @return the new threads
	 */
	public Set<Thread> started() {
		Set<Thread> threads = new HashSet<>(alive());
		threads.removeAll(this.before);
		return threads;
	}

	/**
	 * Assert that the threads end. A thread that finished its work may still be alive for
	 * an instant, so each is waited for, with a bound only a thread that never ends
	 * reaches.
	 * @param threads the threads
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static void assertEnded(Set<Thread> threads) throws InterruptedException {
		for (Thread thread : threads) {
			thread.join(Duration.ofSeconds(30).toMillis());
			assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
		}
	}

	private static Set<Thread> alive() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(NAME_PREFIX))
			.collect(Collectors.toSet());
	}

}
