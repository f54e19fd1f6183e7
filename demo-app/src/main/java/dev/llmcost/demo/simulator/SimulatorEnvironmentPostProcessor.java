package dev.llmcost.demo.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts the {@link OpenAiSimulator} and points the Spring AI OpenAI client at it, unless
 * the {@code openai} profile is active or {@code demo.simulator.enabled=false}.
 * <p>
 * An environment post-processor runs before any bean exists, so the base URL is in place
 * when the OpenAI client is created, in the application and in {@code @SpringBootTest}
 * alike. The simulator is registered as the {@code openAiSimulator} bean and stops with
 * the application context.
 *
 * @author llm-cost contributors
 */
public class SimulatorEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Property that turns the simulator off (default {@code true}).
	 */
	public static final String ENABLED_PROPERTY = "demo.simulator.enabled";

	/**
	 * Name of the simulator bean.
	 */
	public static final String BEAN_NAME = "openAiSimulator";

	/**
	 * Profile that talks to the real OpenAI API instead.
	 */
	public static final String OPENAI_PROFILE = "openai";

	static final String PROPERTY_SOURCE_NAME = "demoOpenAiSimulator";

	private final Log logger;

	/**
	 * Create the post-processor; Boot supplies the log factory.
	 * @param logFactory the factory for a log that is replayed once logging is set up
	 */
	public SimulatorEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(SimulatorEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		// After the config data post-processor: application.yml and the active profiles
		// must be known to decide whether to start.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.matchesProfiles(OPENAI_PROFILE)) {
			warnIfApiKeyIsMissing(environment);
			return;
		}
		if (!environment.getProperty(ENABLED_PROPERTY, Boolean.class, true)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		int port = environment.getProperty("demo.simulator.port", Integer.class, 0);
		Duration chunkDelay = DurationStyle
			.detectAndParse(environment.getProperty("demo.simulator.chunk-delay", "20ms"));
		OpenAiSimulator simulator = OpenAiSimulator.start(port, chunkDelay);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.ai.openai.base-url", simulator.baseUrl());
		properties.put("demo.simulator.base-url", simulator.baseUrl());
		// First, so that the simulator wins over a base URL left in application.yml.
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		ApplicationContextInitializer<ConfigurableApplicationContext> initializer = (context) -> {
			context.getBeanFactory().registerSingleton(BEAN_NAME, simulator);
			context.addApplicationListener(new StopOnClose(simulator, context));
		};
		application.addInitializers(initializer);
		// A context whose refresh failed publishes no ContextClosedEvent.
		application.addListeners(new StopOnFailure(simulator));
		this.logger.info("OpenAI simulator listening on " + simulator.baseUrl()
				+ " (activate the 'openai' profile to use the real API)");
	}

	/**
	 * The OpenAI client starts without a key and only fails on the first call with a 401:
	 * say at startup what is missing instead.
	 */
	private void warnIfApiKeyIsMissing(ConfigurableEnvironment environment) {
		String apiKey;
		try {
			apiKey = environment.getProperty("spring.ai.openai.api-key");
		}
		catch (IllegalArgumentException ex) {
			// An unresolvable placeholder: ${OPENAI_API_KEY} with no such variable.
			apiKey = null;
		}
		if (!StringUtils.hasText(apiKey)) {
			this.logger.warn("The '" + OPENAI_PROFILE + "' profile is active but OPENAI_API_KEY is not set: "
					+ "calls to the OpenAI API will fail");
		}
	}

	/**
	 * Stops the simulator when its own context closes (a child context's close event also
	 * reaches the parent's listeners).
	 */
	private static final class StopOnClose implements ApplicationListener<ContextClosedEvent> {

		private final OpenAiSimulator simulator;

		private final ConfigurableApplicationContext context;

		StopOnClose(OpenAiSimulator simulator, ConfigurableApplicationContext context) {
			this.simulator = simulator;
			this.context = context;
		}

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			if (event.getApplicationContext() == this.context) {
				this.simulator.close();
			}
		}

	}

	/**
	 * Stops the simulator when the application fails to start.
	 */
	private static final class StopOnFailure implements ApplicationListener<ApplicationFailedEvent> {

		private final OpenAiSimulator simulator;

		StopOnFailure(OpenAiSimulator simulator) {
			this.simulator = simulator;
		}

		@Override
		public void onApplicationEvent(ApplicationFailedEvent event) {
			this.simulator.close();
		}

	}

}
