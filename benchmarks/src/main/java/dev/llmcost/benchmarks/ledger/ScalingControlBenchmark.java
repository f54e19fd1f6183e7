package dev.llmcost.benchmarks.ledger;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's own scaling from one thread to two, as a control for
 * {@link LedgerRecordBenchmark}: arithmetic that neither allocates nor shares anything
 * between threads. On a shared machine two threads do not always get two cores.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class ScalingControlBenchmark {

	private long seed = 42;

	@Benchmark
	@Threads(1)
	public long computeOneThread() {
		return next();
	}

	@Benchmark
	@Threads(2)
	public long computeTwoThreads() {
		return next();
	}

	private long next() {
		long x = this.seed;
		for (int i = 0; i < 16; i++) {
			x = x * 6364136223846793005L + 1442695040888963407L;
		}
		this.seed = x;
		return x;
	}

}
