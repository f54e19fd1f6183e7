package dev.llmcost.benchmarks.pricing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.catalog.BuiltInCatalog;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pricing a model name for the first time, which walks the name forms, aliases, rules and
 * finally every entry: each invocation uses a new catalog over the same, already loaded
 * price lists, so nothing is cached (building the catalog is a few small allocations,
 * included). Names: a dated OpenAI snapshot priced through its undated entry, and a name
 * no catalog knows, the worst case (it scans every entry for a versioned prefix). Lists:
 * the built-in catalog alone, or below an external LiteLLM catalog of 3,000 entries.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class FirstResolutionBenchmark {

	/**
	 * The model name.
	 */
	@Param({ "gpt-4o-mini-2024-07-18", "acme-finetune-7b-v2" })
	public String model;

	/**
	 * The price lists below the user's (none).
	 */
	@Param({ "built-in", "litellm-3000+built-in" })
	public String catalogs;

	private String provider = "openai";

	private PriceList userPrices;

	private List<PriceList> lists;

	@Setup
	public void setUp() {
		PriceList builtIn = BuiltInCatalog.load();
		this.userPrices = PriceList.of("user", Map.of());
		this.lists = "built-in".equals(this.catalogs) ? List.of(builtIn)
				: List.of(LiteLlmCatalogTemplate.read(LiteLlmCatalogTemplate.generate(3000)), builtIn);
		boolean priced = firstResolution() != null;
		if (priced != this.model.startsWith("gpt-")) {
			throw new IllegalStateException(this.model + " priced: " + priced);
		}
	}

	@Benchmark
	public @Nullable PricedModel firstResolution() {
		return new DefaultPriceCatalog(this.userPrices, Map.of(), this.lists).resolve(this.provider, this.model);
	}

}
