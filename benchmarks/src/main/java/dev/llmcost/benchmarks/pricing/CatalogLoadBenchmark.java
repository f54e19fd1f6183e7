package dev.llmcost.benchmarks.pricing;

import java.util.concurrent.TimeUnit;

import dev.llmcost.pricing.PriceList;
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
 * Reading price catalogs: an external LiteLLM catalog of 3,000 entries (the size of the
 * real {@code model_prices_and_context_window.json}), as each load and refresh does, and
 * the built-in catalog, as each application start does. Bytes are in memory: this is
 * parsing and conversion, not I/O.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class CatalogLoadBenchmark {

	private static final int ENTRIES = 3000;

	private byte[] liteLlm;

	@Setup
	public void setUp() {
		this.liteLlm = LiteLlmCatalogTemplate.generate(ENTRIES);
		int models = LiteLlmCatalogTemplate.read(this.liteLlm).models().size();
		if (models != LiteLlmCatalogTemplate.tokenPriced(ENTRIES)) {
			throw new IllegalStateException("Read " + models + " models from the generated LiteLLM catalog");
		}
	}

	@Benchmark
	public PriceList readLiteLlm3000() {
		return LiteLlmCatalogTemplate.read(this.liteLlm);
	}

	@Benchmark
	public PriceList readBuiltIn() {
		return BuiltInCatalog.load();
	}

}
