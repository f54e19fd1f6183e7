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
 * The demo application started again in a JVM that has already started it (classes
 * loaded, code compiled): the work the starter adds to the context refresh itself,
 * without its class loading. Kinds ({@link DemoStart}):
 * <ul>
 * <li>{@code off}: {@code llm.cost.enabled=false};</li>
 * <li>{@code on}: the starter as shipped;</li>
 * <li>{@code on-no-feature-scan}: the starter without its {@code @LlmFeature} bean
 * post-processor (nothing is attributed), to show what that check of every bean
 * costs.</li>
 * </ul>
 * Same settings as {@link DemoStartupBenchmark}; the demo class is loaded before the
 * first start.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@State(Scope.Benchmark)
public class DemoRestartBenchmark {

	/**
	 * One of {@link DemoStart#KINDS}.
	 */
	@Param({ DemoStart.OFF, DemoStart.ON, DemoStart.ON_NO_FEATURE_SCAN })
	public String kind;

	private @Nullable ConfigurableApplicationContext context;

	@Setup
	public void loadDemo() {
		DemoStart.demoApplication();
	}

	@Benchmark
	public ConfigurableApplicationContext restart() {
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
