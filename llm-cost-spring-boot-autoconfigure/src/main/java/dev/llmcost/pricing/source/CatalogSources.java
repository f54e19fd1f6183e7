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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceList;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ResourceLoader;
import org.springframework.util.function.SingletonSupplier;

/**
 * The price lists a {@link DefaultPriceCatalog} is built from, in precedence order: the
 * user's prices, the external catalogs (first configured wins), the built-in catalog.
 * <p>
 * External catalogs are loaded when {@link #start()} is called and then refreshed in the
 * background. A load that fails or times out keeps the last good copy, is logged (once
 * until the source recovers) and counted in {@value #LOADS_METER}. A load that lost most
 * of the models of the last good copy is rejected the same way: a truncated download must
 * not turn priced models into unpriced ones.
 *
 * @author llm-cost contributors
 */
public class CatalogSources implements PriceCatalogStatus, MeterBinder, AutoCloseable {

	/**
	 * Loads of external price catalogs, tagged with the source, its format and the
	 * outcome.
	 */
	static final String LOADS_METER = "llm.pricing.catalog.loads";

	/**
	 * A refreshed catalog with fewer than this share of the last good copy's models is
	 * rejected.
	 */
	static final double MIN_RETAINED_SHARE = 0.5;

	private static final Log logger = LogFactory.getLog(CatalogSources.class);

	private final PriceList userPrices;

	private final PriceList builtIn;

	private final List<Loader> loaders;

	private final DefaultPriceCatalog catalog;

	private final CatalogFetcher fetcher;

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	private final ExecutorService fetchExecutor;

	/**
	 * Create the sources of a catalog; nothing is loaded before {@link #start()}.
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
		this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("llm-cost-catalog-refresh"));
		this.fetchExecutor = Executors.newCachedThreadPool(daemon("llm-cost-catalog-fetch"));
	}

	/**
	 * Return the catalog built from these sources; it follows every refresh.
	 * @return the catalog
	 */
	public DefaultPriceCatalog catalog() {
		return this.catalog;
	}

	/**
	 * Load every external catalog now, then schedule the refreshes. Never throws: a
	 * source that cannot be loaded is reported in {@link #sources()} and priced by the
	 * others.
	 */
	public void start() {
		for (Loader loader : this.loaders) {
			loader.load();
		}
		publish();
		for (Loader loader : this.loaders) {
			Duration interval = loader.source.refreshInterval();
			if (interval != null && !interval.isZero() && !interval.isNegative()) {
				this.scheduler.scheduleWithFixedDelay(() -> {
					if (loader.load()) {
						publish();
					}
				}, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	/**
	 * Load one external catalog again now, as a scheduled refresh would.
	 * @param index the position of the source in the configuration
	 * @return whether a new copy was accepted
	 */
	public boolean refresh(int index) {
		boolean accepted = this.loaders.get(index).load();
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
	 * Register {@value #LOADS_METER}: three counters per external catalog, one per
	 * outcome ({@code success}, {@code failure}, {@code rejected}).
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		for (Loader loader : this.loaders) {
			loader.bindTo(registry);
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.fetchExecutor.shutdownNow();
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
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
			CompletableFuture<byte[]> content = CompletableFuture.supplyAsync(() -> {
				try {
					return CatalogSources.this.fetcher.fetch(this.source);
				}
				catch (Exception ex) {
					throw new FetchException(ex);
				}
			}, CatalogSources.this.fetchExecutor);
			byte[] bytes;
			try {
				bytes = content.get(this.source.timeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				content.cancel(true);
				throw new TimeoutException("no complete answer within " + this.source.timeout());
			}
			catch (ExecutionException ex) {
				Throwable cause = (ex.getCause() instanceof FetchException fetch) ? fetch.getCause() : ex.getCause();
				throw (cause instanceof Exception exception) ? exception : ex;
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
			FunctionCounter.builder(LOADS_METER, count, AtomicLong::get)
				.description("Loads of external price catalogs, by outcome")
				.tag("source", this.source.displayName())
				.tag("format", this.source.format().id())
				.tag("outcome", outcome)
				.register(registry);
		}

	}

	/**
	 * Carries a checked fetch failure out of the fetch task.
	 */
	private static final class FetchException extends RuntimeException {

		FetchException(Exception cause) {
			super(cause);
		}

	}

}
