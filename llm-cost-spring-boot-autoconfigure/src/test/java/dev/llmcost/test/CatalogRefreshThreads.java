package dev.llmcost.test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The threads that refresh external price catalogs, or those that fetch them, seen from
 * outside: which are alive now, which were started since a point in a test, and whether
 * they ended.
 */
public final class CatalogRefreshThreads {

	private static final String REFRESH_PREFIX = "llm-cost-catalog-refresh";

	private static final String FETCH_PREFIX = "llm-cost-catalog-fetch-";

	private final String prefix;

	private final Set<Thread> before;

	/**
	 * Watch the refresh threads.
	 */
	public CatalogRefreshThreads() {
		this(REFRESH_PREFIX);
	}

	private CatalogRefreshThreads(String prefix) {
		this.prefix = prefix;
		this.before = alive(prefix);
	}

	/**
	 * Watch the threads that download and parse catalogs, one per load.
	 * @return the threads, seen from now
	 */
	public static CatalogRefreshThreads fetches() {
		return new CatalogRefreshThreads(FETCH_PREFIX);
	}

	/**
	 * Return the threads alive now that were not alive when this object was created.
	 * @return the new threads
	 */
	public Set<Thread> started() {
		Set<Thread> threads = new HashSet<>(alive(this.prefix));
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

	private static Set<Thread> alive(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(prefix))
			.collect(Collectors.toSet());
	}

}
