package dev.llmcost.benchmarks.startup;

import java.util.List;

import dev.llmcost.ledger.CostLedger;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The kinds of demo start the startup benchmarks compare, how each is started, and the
 * check that a started application is the kind it claims to be: every start is
 * {@code SpringApplication.run} of {@code dev.llmcost.demo.DemoApplication} (its own
 * configuration, its OpenAI simulator, Tomcat on a random port), logging at {@code WARN}.
 *
 * @author llm-cost contributors
 */
public final class DemoStart {

	/**
	 * Without the starter ({@code llm.cost.enabled=false}).
	 */
	public static final String OFF = "off";

	/**
	 * With the starter as shipped.
	 */
	public static final String ON = "on";

	/**
	 * With the starter but without its {@code @LlmFeature} bean post-processor: no bean
	 * is checked or proxied (and none attributed).
	 */
	public static final String ON_NO_FEATURE_SCAN = "on-no-feature-scan";

	/**
	 * Every kind, in the order the reports list them.
	 */
	public static final List<String> KINDS = List.of(OFF, ON, ON_NO_FEATURE_SCAN);

	private static final String DEMO_APPLICATION = "dev.llmcost.demo.DemoApplication";

	private DemoStart() {
	}

	/**
	 * Start the demo.
	 * @param kind one of {@link #KINDS}
	 * @return the running application
	 */
	public static ConfigurableApplicationContext run(String kind) {
		SpringApplication application = new SpringApplication(demoApplication(), FeatureScanVariants.class);
		application.setRegisterShutdownHook(false);
		String featureScan = ON_NO_FEATURE_SCAN.equals(kind) ? "none" : "default";
		return application.run("--server.port=0", "--llm.cost.enabled=" + !OFF.equals(kind),
				"--spring.main.banner-mode=off", "--logging.level.root=warn",
				"--" + FeatureScanVariants.VARIANT + "=" + featureScan);
	}

	/**
	 * Fail unless a started demo is the kind it was started as: the starter's beans there
	 * or not, and its {@code @LlmFeature} beans proxied or not.
	 * @param context the running application
	 * @param kind the kind it was started as
	 */
	public static void verify(ConfigurableApplicationContext context, String kind) {
		boolean starter = context.getBeanNamesForType(CostLedger.class).length > 0;
		boolean proxied = AopUtils.isAopProxy(context.getBean("documentSummaryService"));
		if (starter == OFF.equals(kind) || proxied != ON.equals(kind)) {
			throw new IllegalStateException("Demo started as '" + kind + "' has starter beans: " + starter
					+ ", @LlmFeature proxies: " + proxied);
		}
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

}
