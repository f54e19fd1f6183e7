package dev.llmcost.pricing.source;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmcost.observation.LlmCostMeters;
import dev.llmcost.observation.LlmCostMeters.MeterKeyNames;
import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceList;
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
 * slow download must not hold up the application's scheduled tasks. A load that fails or
 * times out keeps the last good copy, is logged (once until the source recovers) and
 * counted in {@code llm.pricing.catalog.loads}. A load that lost most of the models of
 * the last good copy is rejected the same way: a truncated download must not turn priced
 * models into unpriced ones.
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
	 */
	public CatalogSources(PriceList userPrices, Map<String, String> userAliases, List<CatalogSource> sources,
			PriceList builtIn, ResourceLoader resourceLoader) {
		this(userPrices, userAliases, sources, builtIn, resourceLoader, Clock.systemUTC());
	}

	CatalogSources(PriceList userPrices, Map<String, String> userAliases, List<CatalogSource> sources,
			PriceList builtIn, ResourceLoader resourceLoader, Clock clock) {
		this.userPrices = userPrices;
		this.builtIn = builtIn;
		this.loaders = sources.stream().map(Loader::new).toList();
		this.clock = clock;
		this.catalog = new DefaultPriceCatalog(userPrices, userAliases, catalogs());
		// Built on the first HTTP fetch: a JDK HttpClient sets up TLS, which cost the
		// demo's cold start 265 classes it need not load without an HTTP source.
		this.fetcher = new CatalogFetcher(resourceLoader,
				SingletonSupplier.of(() -> HttpClient.newBuilder()
					.connectTimeout(Duration.ofSeconds(10))
					.followRedirects(HttpClient.Redirect.NORMAL)
					.build()));
		this.fetchExecutor = new SimpleAsyncTaskExecutor("llm-cost-catalog-fetch-");
		this.fetchExecutor.setDaemon(true);
		this.fetchExecutor.setCancelRemainingTasksOnClose(true);
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
					scheduler.scheduleWithFixedDelay(() -> refresh(loader),
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
	 * Loads one source and keeps its last good copy.
	 */
	private final class Loader {

		private final CatalogSource source;

		private volatile @Nullable PriceList current;

		private volatile SourceState state = SourceState.PENDING;

		private volatile @Nullable Instant lastSuccess;

		private volatile @Nullable Instant lastAttempt;

		private volatile @Nullable String lastError;

		private final AtomicLong successes = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		private final AtomicLong rejections = new AtomicLong();

		Loader(CatalogSource source) {
			this.source = source;
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
			catch (Exception ex) {
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
				logger.info("Price catalog " + this.source.displayName() + " loads again");
			}
			this.state = SourceState.LOADED;
			this.lastError = null;
			this.lastSuccess = this.lastAttempt;
			this.successes.incrementAndGet();
			logger.debug("Loaded " + loaded.models().size() + " priced models from " + this.source.displayName());
			return true;
		}

		private PriceList read() throws Exception {
			Future<byte[]> content = CatalogSources.this.fetchExecutor
				.submit(() -> CatalogSources.this.fetcher.fetch(this.source));
			byte[] bytes;
			try {
				bytes = content.get(this.source.timeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				content.cancel(true);
				throw new TimeoutException("no complete answer within " + this.source.timeout());
			}
			catch (InterruptedException ex) {
				content.cancel(true);
				throw ex;
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof Exception cause) ? cause : ex;
			}
			return this.source.format().read(new ByteArrayInputStream(bytes), this.source.displayName());
		}

		private boolean fail(SourceState state, String reason) {
			boolean firstOfARun = state != this.state || !Objects.equals(reason, this.lastError);
			this.state = state;
			this.lastError = reason;
			((state == SourceState.REJECTED) ? this.rejections : this.failures).incrementAndGet();
			if (firstOfARun) {
				logger
					.warn("Price catalog " + this.source.displayName() + " (" + this.source.format().id() + ") was not "
							+ ((state == SourceState.REJECTED) ? "accepted" : "loaded") + ": " + reason + ". "
							+ ((this.current != null)
									? "The last good copy (" + this.current.models().size() + " models) stays in use."
									: "Models only it prices are unpriced until it loads."));
			}
			return false;
		}

		private String describe(Exception ex) {
			String message = ex.getMessage();
			return (message != null && !message.isBlank()) ? message : ex.getClass().getSimpleName();
		}

		SourceStatus status() {
			PriceList copy = this.current;
			return new SourceStatus(this.source.displayName(), this.source.format().id(), this.state,
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
				.tag(MeterKeyNames.SOURCE.asString(), this.source.displayName())
				.tag(MeterKeyNames.FORMAT.asString(), this.source.format().id())
				.tag(MeterKeyNames.OUTCOME.asString(), outcome)
				.register(registry);
		}

	}

}
