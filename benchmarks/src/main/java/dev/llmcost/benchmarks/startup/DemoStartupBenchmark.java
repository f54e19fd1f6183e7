package dev.llmcost.benchmarks.startup;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Startup of the demo application ({@code dev.llmcost.demo.DemoApplication}, its own
 * configuration, its OpenAI simulator, Tomcat on a random port, actuator and Prometheus)
 * with the starter on and with {@code llm.cost.enabled=false}. Measured from
 * {@code SpringApplication.run} until the application is ready; closing it is not
 * measured.
 * <p>
 * {@link #coldStart} is what a deployment sees: the first start in a new JVM, one per
 * fork, so class loading and interpretation are part of it. {@link DemoRestartBenchmark}
 * starts the application again in a JVM that has already started it, which isolates the
 * work the starter adds to the context refresh from its class loading.
 * <p>
 * JMH runs all forks of one side before the other's, so on a shared machine a change of
 * load during the run moves one side only: the goal (cold start with / without at most
 * 1.05, medians) is judged by {@link StartupComparison}, which interleaves the two sides.
 * Logging is at {@code WARN}, the same on both sides, to keep console output out of the
 * measurement.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class DemoStartupBenchmark {

	/**
	 * {@value DemoStart#ON} or {@value DemoStart#OFF}.
	 */
	@Param({ DemoStart.ON, DemoStart.OFF })
	public String kind;

	private @Nullable ConfigurableApplicationContext context;

	@Setup
	public void loadDemo() {
		DemoStart.demoApplication();
	}

	// One start per JVM. The goal is judged by StartupComparison, which interleaves
	// the two sides; JMH runs all forks of one side, then all of the other's.
	@Benchmark
	@Fork(value = 5, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
	@Warmup(iterations = 0)
	@Measurement(iterations = 1)
	public ConfigurableApplicationContext coldStart() {
		this.context = DemoStart.run(this.kind);
		return this.context;
	}

	@TearDown(Level.Iteration)
	public void stop() {
		ConfigurableApplicationContext started = this.context;
		if (started != null) {
			this.context = null;
			try (started) {
				DemoStart.verify(started, this.kind);
			}
		}
	}

}
