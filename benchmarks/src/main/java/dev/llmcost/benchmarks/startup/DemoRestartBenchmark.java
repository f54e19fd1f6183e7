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

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo application started again in a JVM that has already started it (classes
 * loaded, code compiled): the work the starter adds to the context refresh itself,
 * without its class loading. Variants:
 * <ul>
 * <li>{@code off}: {@code llm.cost.enabled=false};</li>
 * <li>{@code on}: the starter as shipped;</li>
 * <li>{@code on-no-feature-scan}: the starter without its {@code @LlmFeature} bean
 * post-processor (nothing is attributed), to show what that check of every bean
 * costs.</li>
 * </ul>
 * Same settings as {@link DemoStartupBenchmark}.
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
	 * The starter's state.
	 */
	@Param({ "off", "on", "on-no-feature-scan" })
	public String variant;

	private Class<?> demoApplication;

	private @Nullable ConfigurableApplicationContext context;

	@Setup
	public void loadDemo() {
		this.demoApplication = DemoStartupBenchmark.demoApplication();
	}

	@Benchmark
	public ConfigurableApplicationContext restart() {
		SpringApplication application = new SpringApplication(this.demoApplication, FeatureScanVariants.class);
		application.setRegisterShutdownHook(false);
		String featureScan = "on-no-feature-scan".equals(this.variant) ? "none" : "default";
		this.context = application.run(DemoStartupBenchmark.arguments(!"off".equals(this.variant),
				"--" + FeatureScanVariants.VARIANT + "=" + featureScan));
		return this.context;
	}

	@TearDown(Level.Iteration)
	public void stop() {
		ConfigurableApplicationContext started = this.context;
		if (started == null) {
			return;
		}
		this.context = null;
		try {
			boolean starter = started.getBeanNamesForType(CostLedger.class).length > 0;
			Object summary = started.getBean("documentSummaryService");
			boolean attributed = AopUtils.isAopProxy(summary);
			boolean expected = switch (this.variant) {
				case "off" -> !starter && !attributed;
				case "on-no-feature-scan" -> starter && !attributed;
				default -> starter && attributed;
			};
			if (!expected) {
				throw new IllegalStateException(
						"Variant " + this.variant + ": starter " + starter + ", @LlmFeature proxies " + attributed);
			}
		}
		finally {
			started.close();
		}
	}

}
