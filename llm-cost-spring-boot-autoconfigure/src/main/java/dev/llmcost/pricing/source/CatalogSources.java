package dev.llmcost.pricing.source;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.llmcost.observation.LlmCostMeters;
import dev.llmcost.observation.LlmCostMeters.MeterKeyNames;
import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.catalog.CatalogFormat;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.function.SingletonSupplier;

/**
 * The price lists a {@link DefaultPriceCatalog} is built from, in precedence order: the
 * user's prices, the external catalogs (first configured wins), the built-in catalog.
 * <p>
 * External catalogs are loaded once when the bean is initialised, one after the other and
 * each within its timeout, so that the catalog is complete before the application's
 * startup checks run. While the bean is {@linkplain #start() started}, catalogs with a
 * refresh interval are loaded again on a scheduler of its own, never the application's: a
 * slow download must not hold up the application's scheduled tasks.
 * <p>
 * A load streams the content into the catalog's reader on a thread of its own, so that
 * the timeout bounds the download and the parsing together; when it passes, the download
 * is closed, which ends that thread. A load that fails, whatever the cause (an error
 * thrown by the reader included), or times out keeps the last good copy, is logged (once
 * until the source recovers) and counted in {@code llm.pricing.catalog.loads}. A load
 * that lost most of the models of the last good copy is rejected the same way: a
 * truncated download must not turn priced models into unpriced ones.
 * <p>
 * Each source is reported under a name unique among the sources: its own, or its location
 * without credentials, followed by {@code #2}, {@code #3}… when several sources have the
 * same. Credentials (user info and query of a URL, header values) are never shown: not in
 * the log, the status, the meters, nor the messages of failures.
 *
 * @author llm-cost contributors
 */
public class CatalogSources
		implements PriceCatalogStatus, MeterBinder, InitializingBean, SmartLifecycle, AutoCloseable {

	/**
	 * A refreshed catalog with fewer than this share of the last good copy's models is
	 * rejected.
	 */
	static final double MIN_RETAINED_SHARE = 0.5;

	/**
	 * How long {@link #stop()} waits for a refresh it interrupted to end: a download ends
	 * at once, a catalog being parsed once it is read.
	 */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(CatalogSources.class);

	private final PriceList userPrices;

	private final PriceList builtIn;

	private final List<Loader> loaders;

	private final DefaultPriceCatalog catalog;

	private final CatalogFetcher fetcher;

	private final ContentReader reader;

	private final Clock clock;

	// Reads run on their own threads so that a read which never ends (a stalled
	// download, a hung network file system) is abandoned after the source's timeout.
	private final SimpleAsyncTaskExecutor fetchExecutor;

	private final Object lifecycleMonitor = new Object();

	private boolean running;

	private @Nullable ThreadPoolTaskScheduler refreshScheduler;

	/**
	 * Create the sources of a catalog; nothing is loaded before
	 * {@link #afterPropertiesSet()}.
	 * @param userPrices the user's prices
	 * @param userAliases the user's aliases
	 * @param sources the external catalogs, first wins
	 * @param builtIn the built-in catalog
	 * @param resourceLoader resolves the locations of the external catalogs, usually the
	 * application context; a plain path is read as a file all the same
	 * @throws IllegalArgumentException if two sources have the same name
	 */
	public CatalogSources(PriceList userPrices, Map<String, String> userAliases, List<CatalogSource> sources,
			PriceList builtIn, ResourceLoader resourceLoader) {
		this(userPrices, userAliases, Set.of(), sources, builtIn, resourceLoader);
	}

	/**
	 * Create the sources of a catalog; nothing is loaded before
	 * {@link #afterPropertiesSet()}.
	 * @param userPrices the user's prices
	 * @param userAliases the user's aliases
	 * @param freeProviders the providers whose calls cost 0 unless the user's prices
	 * cover them
	 * @param sources the external catalogs, first wins
	 * @param builtIn the built-in catalog
	 * @param resourceLoader resolves the locations of the external catalogs, usually the
	 * application context; a plain path is read as a file all the same
	 * @throws IllegalArgumentException if two sources have the same name
	 */
	public CatalogSources(PriceList userPrices, Map<String, String> userAliases, Set<String> freeProviders,
			List<CatalogSource> sources, PriceList builtIn, ResourceLoader resourceLoader) {
		this(userPrices, userAliases, freeProviders, sources, builtIn, resourceLoader, Clock.systemUTC(),
				CatalogFormat::read);
	}

	CatalogSources(PriceList userPrices, Map<String, String> userAliases, List<CatalogSource> sources,
			PriceList builtIn, ResourceLoader resourceLoader, Clock clock) {
		this(userPrices, userAliases, sources, builtIn, resourceLoader, clock, CatalogFormat::read);
	}

	CatalogSources(PriceList userPrices, Map<String, String> userAliases, List<CatalogSource> sources,
			PriceList builtIn, ResourceLoader resourceLoader, Clock clock, ContentReader reader) {
		this(userPrices, userAliases, Set.of(), sources, builtIn, resourceLoader, clock, reader);
	}

	private CatalogSources(PriceList userPrices, Map<String, String> userAliases, Set<String> freeProviders,
			List<CatalogSource> sources, PriceList builtIn, ResourceLoader resourceLoader, Clock clock,
			ContentReader reader) {
		this.userPrices = userPrices;
		this.builtIn = builtIn;
		List<String> names = names(sources);
		this.loaders = IntStream.range(0, sources.size())
			.mapToObj((index) -> new Loader(sources.get(index), names.get(index)))
			.toList();
		this.clock = clock;
		this.reader = reader;
		this.catalog = new DefaultPriceCatalog(userPrices, userAliases, freeProviders, catalogs());
		// Built on the first HTTP fetch: a JDK HttpClient sets up TLS, which cost the
		// demo's cold start 265 classes it need not load without an HTTP source. The
		// fetcher follows redirects itself, so that credentials stay with their server.
		this.fetcher = new CatalogFetcher(resourceLoader,
				SingletonSupplier.of(() -> HttpClient.newBuilder()
					.connectTimeout(Duration.ofSeconds(10))
					.followRedirects(HttpClient.Redirect.NEVER)
					.build()));
		this.fetchExecutor = new SimpleAsyncTaskExecutor("llm-cost-catalog-fetch-");
		this.fetchExecutor.setDaemon(true);
		this.fetchExecutor.setCancelRemainingTasksOnClose(true);
	}

	/**
	 * Return the names the sources are reported under, in order: a source's own name, or
	 * its location without credentials, followed by {@code #2}, {@code #3}… when an
	 * earlier source already has it.
	 * @param sources the sources
	 * @return their names, unique
	 * @throws IllegalArgumentException if two sources have the same own name
	 */
	static List<String> names(List<CatalogSource> sources) {
		Set<String> taken = new HashSet<>();
		for (CatalogSource source : sources) {
			if (source.name() != null && !taken.add(source.name())) {
				throw new IllegalArgumentException(
						"Two price catalogs are named '" + source.name() + "'; names must be unique.");
			}
		}
		List<String> names = new ArrayList<>();
		for (CatalogSource source : sources) {
			String name = source.name();
			if (name == null) {
				String location = source.displayLocation();
				name = location;
				for (int n = 2; !taken.add(name); n++) {
					name = location + "#" + n;
				}
			}
			names.add(name);
		}
		return names;
	}

	/**
	 * Return the catalog built from these sources; it follows every refresh.
	 * @return the catalog
	 */
	public DefaultPriceCatalog catalog() {
		return this.catalog;
	}

	/**
	 * Load every external catalog once, one after the other, each within its timeout.
	 * Never throws: a source that cannot be loaded is reported in {@link #sources()} and
	 * the other price lists price the calls.
	 */
	@Override
	public void afterPropertiesSet() {
		for (Loader loader : this.loaders) {
			loader.load();
		}
		publish();
	}

	/**
	 * Schedule the refreshes of the catalogs that have a refresh interval, the first one
	 * interval from now. Without such a catalog, no thread is started.
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			for (Loader loader : this.loaders) {
				Duration interval = loader.source.refreshInterval();
				if (interval != null && !interval.isZero() && !interval.isNegative()) {
					ThreadPoolTaskScheduler scheduler = refreshScheduler();
					scheduler.scheduleWithFixedDelay(() -> refreshInBackground(loader),
							scheduler.getClock().instant().plus(interval), interval);
				}
			}
		}
	}

	private ThreadPoolTaskScheduler refreshScheduler() {
		if (this.refreshScheduler == null) {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("llm-cost-catalog-refresh-");
			scheduler.setDaemon(true);
			scheduler.setAwaitTerminationMillis(STOP_TIMEOUT.toMillis());
			scheduler.initialize();
			this.refreshScheduler = scheduler;
		}
		return this.refreshScheduler;
	}

	/**
	 * Cancel the refreshes, interrupting one in progress, and wait for the refresh thread
	 * to end. The catalogs keep the copies they have.
	 */
	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler;
		synchronized (this.lifecycleMonitor) {
			this.running = false;
			scheduler = this.refreshScheduler;
			this.refreshScheduler = null;
		}
		if (scheduler != null) {
			scheduler.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.running;
		}
	}

	/**
	 * Load one external catalog again now, as a scheduled refresh would.
	 * @param index the position of the source in the configuration
	 * @return whether a new copy was accepted
	 */
	public boolean refresh(int index) {
		return refresh(this.loaders.get(index));
	}

	private boolean refresh(Loader loader) {
		boolean accepted = loader.load();
		if (accepted) {
			publish();
		}
		return accepted;
	}

	private void refreshInBackground(Loader loader) {
		try {
			refresh(loader);
		}
		catch (Throwable ex) {
			// Never let it reach the scheduler: a plain ScheduledExecutorService
			// never runs a task that threw again, and Spring's logs its stack trace,
			// whose messages may quote credentials.
			logger.warn("Refresh of price catalog " + loader.name + " failed: " + loader.describe(ex));
		}
	}

	private synchronized void publish() {
		this.catalog.update(catalogs());
	}

	private List<PriceList> catalogs() {
		List<PriceList> lists = new ArrayList<>();
		for (Loader loader : this.loaders) {
			PriceList current = loader.current;
			if (current != null) {
				lists.add(current);
			}
		}
		lists.add(this.builtIn);
		return lists;
	}

	@Override
	public @Nullable LocalDate builtInDate() {
		return this.builtIn.date();
	}

	@Override
	public int builtInModels() {
		return this.builtIn.models().size();
	}

	@Override
	public int userModels() {
		return this.userPrices.models().size();
	}

	@Override
	public List<SourceStatus> sources() {
		return this.loaders.stream().map(Loader::status).toList();
	}

	/**
	 * Register {@code llm.pricing.catalog.loads}: three counters per external catalog,
	 * one per outcome ({@code success}, {@code failure}, {@code rejected}).
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		for (Loader loader : this.loaders) {
			loader.bindTo(registry);
		}
	}

	/**
	 * Stop the refreshes and abandon any read still running.
	 */
	@Override
	public void close() {
		stop();
		this.fetchExecutor.close();
	}

	/**
	 * Reads a catalog's content into a price list; the seam where tests make reading
	 * fail.
	 */
	@FunctionalInterface
	interface ContentReader {

		/**
		 * Read a catalog.
		 * @param format its format
		 * @param content its content
		 * @param name the name of its source, for messages and as the price list's source
		 * @return the prices
		 */
		PriceList read(CatalogFormat format, InputStream content, String name);

	}

	/**
	 * Loads one source and keeps its last good copy.
	 */
	private final class Loader {

		private final CatalogSource source;

		private final String name;

		private final CredentialRedactor redactor;

		// Completed when the fetch thread of the last load has ended: a read that neither
		// a time-out nor closing its stream ends (a hung network file system) must not
		// pile up a thread per load.
		private CompletableFuture<Void> lastFetch = CompletableFuture.completedFuture(null);

		private volatile @Nullable PriceList current;

		private volatile SourceState state = SourceState.PENDING;

		private volatile @Nullable Instant lastSuccess;

		private volatile @Nullable Instant lastAttempt;

		private volatile @Nullable String lastError;

		private final AtomicLong successes = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		private final AtomicLong rejections = new AtomicLong();

		Loader(CatalogSource source, String name) {
			this.source = source;
			this.name = name;
			this.redactor = new CredentialRedactor(source.location(), source.headers(),
					CatalogFetcher.basicAuthorization(source).stream().toList());
		}

		/**
		 * Load the source; return whether a new copy was accepted.
		 */
		synchronized boolean load() {
			this.lastAttempt = CatalogSources.this.clock.instant();
			PriceList loaded;
			try {
				loaded = read();
			}
			catch (InterruptedException ex) {
				// Stopped, not failed: nothing to count or report.
				Thread.currentThread().interrupt();
				return false;
			}
			catch (Throwable ex) {
				// Errors too: a reader that ran out of memory or stack on a hostile
				// catalog must leave the last good copy and an honest state.
				return fail(SourceState.FAILED, describe(ex));
			}
			PriceList previous = this.current;
			if (loaded.models().isEmpty()) {
				return fail(SourceState.REJECTED, "it has no priced models");
			}
			if (previous != null && loaded.models().size() < previous.models().size() * MIN_RETAINED_SHARE) {
				return fail(SourceState.REJECTED, "it has " + loaded.models().size() + " priced models, the "
						+ "last good copy had " + previous.models().size() + " (a truncated or wrong file?)");
			}
			this.current = loaded;
			if (this.state != SourceState.LOADED && previous != null) {
				logger.info("Price catalog " + this.name + " loads again");
			}
			this.state = SourceState.LOADED;
			this.lastError = null;
			this.lastSuccess = this.lastAttempt;
			this.successes.incrementAndGet();
			logger.debug("Loaded " + loaded.models().size() + " priced models from " + this.name);
			return true;
		}

		/**
		 * Download and parse the source on a fetch thread, waiting at most its timeout.
		 */
		private PriceList read() throws Throwable {
			long deadline = System.nanoTime() + this.source.timeout().toNanos();
			try {
				this.lastFetch.get(this.source.timeout().toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				throw new TimeoutException("the previous load has not ended yet");
			}
			CatalogFetcher.Download download = CatalogSources.this.fetcher.download(this.source);
			CompletableFuture<Void> ended = new CompletableFuture<>();
			this.lastFetch = ended;
			// Ended before its outcome is seen, so that the next load never waits for it;
			// and ended if it never ran.
			FutureTask<PriceList> task = new FutureTask<>(() -> {
				try {
					return parse(download);
				}
				finally {
					ended.complete(null);
				}
			});
			try {
				CatalogSources.this.fetchExecutor.execute(() -> {
					try {
						task.run();
					}
					finally {
						ended.complete(null);
					}
				});
			}
			catch (RuntimeException ex) {
				ended.complete(null);
				throw ex;
			}
			try {
				return task.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				abort(download, task);
				throw new TimeoutException("no complete answer within " + this.source.timeout());
			}
			catch (InterruptedException ex) {
				abort(download, task);
				throw ex;
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() != null) ? ex.getCause() : ex;
			}
		}

		private PriceList parse(CatalogFetcher.Download download) throws Exception {
			PriceList loaded;
			try (InputStream content = download.open()) {
				loaded = CatalogSources.this.reader.read(this.source.format(), content, this.name);
			}
			catch (Exception | Error ex) {
				// The reader may wrap the stream's exception, or run out of memory
				// before: say what happened.
				if (download.exceededLimit()) {
					throw CatalogFetcher.tooLarge("content");
				}
				throw ex;
			}
			if (download.exceededLimit()) {
				throw CatalogFetcher.tooLarge("content");
			}
			return loaded;
		}

		/**
		 * Abandon a fetch: interrupting its thread does not end a read blocked on a
		 * response body, closing the body does.
		 */
		private void abort(CatalogFetcher.Download download, Future<?> task) {
			download.abort();
			task.cancel(true);
		}

		private boolean fail(SourceState state, String reason) {
			boolean firstOfARun = state != this.state || !Objects.equals(reason, this.lastError);
			this.state = state;
			this.lastError = reason;
			((state == SourceState.REJECTED) ? this.rejections : this.failures).incrementAndGet();
			if (firstOfARun) {
				logger.warn("Price catalog " + this.name + " (" + this.source.format().id() + ") was not "
						+ ((state == SourceState.REJECTED) ? "accepted" : "loaded") + ": " + reason + ". "
						+ ((this.current != null)
								? "The last good copy (" + this.current.models().size() + " models) stays in use."
								: "Models only it prices are unpriced until it loads."));
			}
			return false;
		}

		/**
		 * Say why a load failed, without the source's credentials, which the messages of
		 * URI and HTTP exceptions quote.
		 */
		String describe(Throwable ex) {
			String message = ex.getMessage();
			String description;
			if (message == null || message.isBlank()) {
				description = ex.getClass().getSimpleName();
			}
			else if (ex instanceof Error) {
				description = ex.getClass().getSimpleName() + ": " + message;
			}
			else {
				description = message;
			}
			return this.redactor.redact(description);
		}

		SourceStatus status() {
			PriceList copy = this.current;
			return new SourceStatus(this.name, this.source.displayLocation(), this.source.format().id(), this.state,
					(copy != null) ? copy.models().size() : 0, this.lastSuccess, this.lastAttempt, this.lastError,
					isStale());
		}

		private boolean isStale() {
			Instant success = this.lastSuccess;
			if (success == null) {
				return true;
			}
			Duration interval = this.source.refreshInterval();
			return interval != null && !interval.isZero()
					&& success.plus(interval.multipliedBy(2)).isBefore(CatalogSources.this.clock.instant());
		}

		void bindTo(MeterRegistry registry) {
			register(registry, "success", this.successes);
			register(registry, "failure", this.failures);
			register(registry, "rejected", this.rejections);
		}

		private void register(MeterRegistry registry, String outcome, AtomicLong count) {
			FunctionCounter.builder(LlmCostMeters.CATALOG_LOADS.getName(), count, AtomicLong::get)
				.description(LlmCostMeters.CATALOG_LOADS.description())
				.tag(MeterKeyNames.SOURCE.asString(), this.name)
				.tag(MeterKeyNames.FORMAT.asString(), this.source.format().id())
				.tag(MeterKeyNames.OUTCOME.asString(), outcome)
				.register(registry);
		}

	}

}
