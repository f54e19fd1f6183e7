package dev.llmcost.benchmarks.startup;

import java.lang.management.ManagementFactory;

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
	 * @param args {@code true} with the starter, {@code false} without
	 */
	public static void main(String[] args) {
		boolean starter = Boolean.parseBoolean(args[0]);
		Class<?> demoApplication = DemoStartupBenchmark.demoApplication();
		long started = System.nanoTime();
		SpringApplication application = new SpringApplication(demoApplication);
		application.setRegisterShutdownHook(false);
		ConfigurableApplicationContext context = application.run(DemoStartupBenchmark.arguments(starter));
		double startupMillis = (System.nanoTime() - started) / 1e6;
		long jvmMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
		boolean starterPresent = context.containsBean("llmCostAdvisor");
		context.close();
		if (starterPresent != starter) {
			System.out.println("error=starter beans present: " + starterPresent);
			System.exit(1);
		}
		System.out.printf(java.util.Locale.ROOT, "startup-ms=%.1f jvm-ms=%d%n", startupMillis, jvmMillis);
		System.exit(0);
	}

}
