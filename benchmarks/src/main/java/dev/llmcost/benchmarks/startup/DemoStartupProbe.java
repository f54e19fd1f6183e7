package dev.llmcost.benchmarks.startup;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import dev.llmcost.ledger.CostLedger;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the demo application once in this (new) JVM, prints how long it took, closes it
 * and exits: one cold start for {@link StartupComparison}. Prints
 * {@code startup-ms=<SpringApplication.run until ready> jvm-ms=<JVM start until ready>}.
 *
 * @author llm-cost contributors
 */
public final class DemoStartupProbe {

	private DemoStartupProbe() {
	}

	/**
	 * Start the demo.
	 * @param args the kind of start: {@code off} without the starter, {@code on} with it,
	 * {@code on-no-feature-scan} with it but without its {@code @LlmFeature} proxies
	 */
	public static void main(String[] args) {
		String kind = args[0];
		boolean starter = !"off".equals(kind);
		String featureScan = "on-no-feature-scan".equals(kind) ? "none" : "default";
		long started = System.nanoTime();
		SpringApplication application = new SpringApplication(DemoStartupBenchmark.demoApplication(),
				FeatureScanVariants.class);
		application.setRegisterShutdownHook(false);
		ConfigurableApplicationContext context = application
			.run(DemoStartupBenchmark.arguments(starter, "--" + FeatureScanVariants.VARIANT + "=" + featureScan));
		double startupMillis = (System.nanoTime() - started) / 1e6;
		long jvmMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
		boolean starterPresent = context.getBeanNamesForType(CostLedger.class).length > 0;
		boolean proxied = AopUtils.isAopProxy(context.getBean("documentSummaryService"));
		context.close();
		if (starterPresent != starter || proxied != ("on".equals(kind))) {
			System.out
				.println("error=" + kind + ": starter beans " + starterPresent + ", @LlmFeature proxies " + proxied);
			System.exit(1);
		}
		System.out.printf(Locale.ROOT, "startup-ms=%.1f jvm-ms=%d%n", startupMillis, jvmMillis);
		System.exit(0);
	}

}
