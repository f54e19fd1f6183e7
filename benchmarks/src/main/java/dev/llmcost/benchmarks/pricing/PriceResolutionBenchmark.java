package dev.llmcost.benchmarks.pricing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.catalog.BuiltInCatalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pricing a model name seen before, which every call after the first does: the catalog
 * promises one map lookup. Measured against a plain {@link HashMap#get} of the same key
 * in a map the size of the built-in catalog ({@link #hashMapGet}); for reference, the
 * same lookup with a key whose hash is not cached yet, as for a name just parsed from a
 * response ({@link #hashMapGetFreshKey}), and the catalog's two earlier caches: a
 * provider-and-model key built for each lookup ({@link #hashMapGetConcatenatedKey}) and a
 * map per provider ({@link #concurrentMapGetByProviderThenModel}).
 * <p>
 * Three forks: a lookup of a few nanoseconds moves by a nanosecond from one JVM to the
 * next with where the JIT puts the code, baseline included.
 * <p>
 * Goal: {@code resolveSeenName} at most 3 times {@code hashMapGet}.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class PriceResolutionBenchmark {

	// Not final, so the JIT cannot fold the lookups into constants.
	private String provider = "openai";

	private String model = "gpt-4o-mini-2024-07-18";

	private DefaultPriceCatalog catalog;

	private Map<String, PricedModel> byModel;

	private Map<String, PricedModel> byProviderAndModel;

	private Map<String, Map<String, PricedModel>> byProviderThenModel;

	@Setup
	public void setUp() {
		PriceList builtIn = BuiltInCatalog.load();
		// As the auto-configuration builds it with no user prices and no external
		// catalog.
		this.catalog = new DefaultPriceCatalog(PriceList.of("user", Map.of()), Map.of(), List.of(builtIn));
		PricedModel price = this.catalog.resolve(this.provider, this.model);
		if (price == null) {
			throw new IllegalStateException(this.model + " has no price in the built-in catalog");
		}
		this.byModel = new HashMap<>(builtIn.models());
		this.byModel.put(this.model, price);
		this.byProviderAndModel = new HashMap<>();
		this.byModel.forEach((name, entry) -> this.byProviderAndModel.put(this.provider + '\u0000' + name, entry));
		this.byProviderThenModel = new ConcurrentHashMap<>();
		this.byProviderThenModel.put(this.provider, new ConcurrentHashMap<>(this.byModel));
	}

	@Benchmark
	public PricedModel resolveSeenName() {
		return this.catalog.resolve(this.provider, this.model);
	}

	@Benchmark
	public PricedModel hashMapGet() {
		return this.byModel.get(this.model);
	}

	/**
	 * A lookup with a key equal to the model name but not the same instance, so its hash
	 * is computed again, as for a name freshly parsed from each response.
	 * @return the entry
	 */
	@Benchmark
	public PricedModel hashMapGetFreshKey() {
		return this.byModel.get(new String(this.model));
	}

	@Benchmark
	public PricedModel hashMapGetConcatenatedKey() {
		return this.byProviderAndModel.get(this.provider + '\u0000' + this.model);
	}

	/**
	 * A cache keyed by provider, then by model, in concurrent maps: the catalog's second
	 * cache.
	 * @return the entry
	 */
	@Benchmark
	public PricedModel concurrentMapGetByProviderThenModel() {
		return this.byProviderThenModel.get(this.provider).get(this.model);
	}

}
