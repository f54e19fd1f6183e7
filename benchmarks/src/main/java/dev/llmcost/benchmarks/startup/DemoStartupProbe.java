package dev.llmcost.benchmarks.startup;

import java.lang.management.ManagementFactory;
import java.util.Locale;

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
	 * @param args the kind of start, one of {@link DemoStart#KINDS}
	 */
	public static void main(String[] args) {
		String kind = args[0];
		DemoStart.demoApplication();
		long started = System.nanoTime();
		ConfigurableApplicationContext context = DemoStart.run(kind);
		double startupMillis = (System.nanoTime() - started) / 1e6;
		long jvmMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
		try (context) {
			DemoStart.verify(context, kind);
		}
		System.out.printf(Locale.ROOT, "startup-ms=%.1f jvm-ms=%d%n", startupMillis, jvmMillis);
		System.exit(0);
	}

}
