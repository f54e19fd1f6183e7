package dev.llmcost.benchmarks.ledger;

import java.util.concurrent.TimeUnit;

import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.LedgerSnapshot;
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
 * Time of {@link InMemoryCostLedger#snapshot()}, which every {@code /actuator/llmcost}
 * request and health check takes, at the default cap of 100 features, each with 5 models:
 * 500 cells read, summed and sorted.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class LedgerSnapshotBenchmark {

	private static final String[] MODELS = { "gpt-4o-mini-2024-07-18", "gpt-4o-2024-08-06", "gpt-4.1-2025-04-14",
			"gpt-4.1-mini-2025-04-14", "o4-mini-2025-04-16" };

	private InMemoryCostLedger ledger;

	@Setup
	public void setUp() {
		this.ledger = new InMemoryCostLedger();
		for (int feature = 0; feature < 100; feature++) {
			for (int model = 0; model < MODELS.length; model++) {
				// Different call counts, so the sorting has work to do.
				for (int call = 0; call <= (feature * 7 + model * 3) % 11; call++) {
					this.ledger.record(LedgerCalls.call("feature-" + feature, MODELS[model]));
				}
			}
		}
		int cells = this.ledger.snapshot().features().stream().mapToInt((totals) -> totals.models().size()).sum();
		if (cells != 500) {
			throw new IllegalStateException("The ledger has " + cells + " cells");
		}
	}

	@Benchmark
	public LedgerSnapshot snapshot100Features5Models() {
		return this.ledger.snapshot();
	}

}
