package dev.llmcost.benchmarks.ledger;

import java.util.concurrent.TimeUnit;

import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.RecordedCall;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Throughput of {@link InMemoryCostLedger#record} into one shared ledger from one thread
 * and from two. With {@code features=distinct} each thread records its own feature (two
 * features, same model), the case the ledger's per-cell locking is built for: calls to
 * different features never wait for each other. With {@code features=shared} both threads
 * record the same feature and model, so they contend for one cell: the worst case,
 * reported as a figure. With {@code features=own-ledger} each thread records into a
 * ledger of its own: the same code, allocation and write barriers, but nothing shared,
 * the control that says how far this code scales on this machine at this moment.
 * <p>
 * Goal (distinct features): ops/s at 2 threads at least 1.6 times ops/s at 1 thread. Only
 * meaningful on a machine with 2 idle cores: read it against the control.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
// Two threads' throughput moves a lot from one JVM to the next (where the collector puts
// the cells): two forks, and medians.
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class LedgerRecordBenchmark {

	/**
	 * {@code distinct}: one feature per thread; {@code shared}: one feature for all;
	 * {@code own-ledger}: one feature per thread, each in its own ledger.
	 */
	@Param({ "distinct", "own-ledger", "shared" })
	public String features;

	InMemoryCostLedger ledger;

	@Setup
	public void setUp() {
		this.ledger = new InMemoryCostLedger();
	}

	/**
	 * Start every iteration with the ledger's cells in the old generation, where they
	 * live in a running application, rather than have them promoted during a measurement.
	 */
	@Setup(Level.Iteration)
	public void promoteCells() {
		System.gc();
	}

	@Benchmark
	@Threads(1)
	public void oneThread(Caller caller) {
		caller.ledger.record(caller.call);
	}

	@Benchmark
	@Threads(2)
	public void twoThreads(Caller caller) {
		caller.ledger.record(caller.call);
	}

	/**
	 * The call one benchmark thread records.
	 */
	@State(Scope.Thread)
	public static class Caller {

		RecordedCall call;

		InMemoryCostLedger ledger;

		@Setup
		public void setUp(LedgerRecordBenchmark benchmark, ThreadParams thread) {
			String feature = "shared".equals(benchmark.features) ? "document-summary"
					: "feature-" + thread.getThreadIndex();
			this.call = LedgerCalls.call(feature, LedgerCalls.MODEL);
			this.ledger = "own-ledger".equals(benchmark.features) ? new InMemoryCostLedger() : benchmark.ledger;
			this.ledger.record(this.call);
		}

	}

}
