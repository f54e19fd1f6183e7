package dev.llmcost.benchmarks.startup;

import java.util.concurrent.TimeUnit;

import dev.llmcost.ledger.CostLedger;
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

import org.springframework.boot.SpringApplication;
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

	private static final String DEMO_APPLICATION = "dev.llmcost.demo.DemoApplication";

	/**
	 * Whether the starter is on.
	 */
	@Param({ "true", "false" })
	public boolean starter;

	private Class<?> demoApplication;

	private @Nullable ConfigurableApplicationContext context;

	@Setup
	public void loadDemo() {
		this.demoApplication = demoApplication();
	}

	// One start per JVM. The goal is judged by StartupComparison, which interleaves
	// the two sides; JMH runs all forks of one side, then all of the other's.
	@Benchmark
	@Fork(value = 5, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
	@Warmup(iterations = 0)
	@Measurement(iterations = 1)
	public ConfigurableApplicationContext coldStart() {
		return start();
	}

	private ConfigurableApplicationContext start() {
		SpringApplication application = new SpringApplication(this.demoApplication);
		application.setRegisterShutdownHook(false);
		this.context = application.run(arguments(this.starter));
		return this.context;
	}

	/**
	 * Return the demo application's main class, which the build copies into the benchmark
	 * jar.
	 * @return the class
	 */
	static Class<?> demoApplication() {
		try {
			return Class.forName(DEMO_APPLICATION);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(DEMO_APPLICATION + " is not in the benchmark jar: build it with "
					+ "'./mvnw -pl benchmarks -am package', which copies demo-app's classes in", ex);
		}
	}

	/**
	 * Return the demo's command-line arguments for a benchmark start.
	 * @param starter whether the starter is on
	 * @param more further arguments
	 * @return the arguments
	 */
	static String[] arguments(boolean starter, String... more) {
		String[] common = { "--server.port=0", "--llm.cost.enabled=" + starter, "--spring.main.banner-mode=off",
				"--logging.level.root=warn" };
		String[] arguments = new String[common.length + more.length];
		System.arraycopy(common, 0, arguments, 0, common.length);
		System.arraycopy(more, 0, arguments, common.length, more.length);
		return arguments;
	}

	@TearDown(Level.Iteration)
	public void stop() {
		ConfigurableApplicationContext started = this.context;
		if (started == null) {
			return;
		}
		this.context = null;
		try {
			boolean ledgerPresent = started.getBeanNamesForType(CostLedger.class).length > 0;
			if (ledgerPresent != this.starter) {
				throw new IllegalStateException(
						"Starter beans present: " + ledgerPresent + ", expected " + this.starter);
			}
		}
		finally {
			started.close();
		}
	}

}
