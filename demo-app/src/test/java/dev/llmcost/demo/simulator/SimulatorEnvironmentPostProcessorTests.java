package dev.llmcost.demo.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SimulatorEnvironmentPostProcessor}.
 *
 * @author llm-cost contributors
 */
class SimulatorEnvironmentPostProcessorTests {

	private final DeferredLogFactory logFactory = Supplier::get;

	private final SimulatorEnvironmentPostProcessor postProcessor = new SimulatorEnvironmentPostProcessor(
			this.logFactory);

	@Test
	void postProcessWhenDefaultsShouldPointOpenAiClientAtSimulatorAndStopItWithTheContext() throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		SpringApplication application = new SpringApplication();
		Set<ApplicationContextInitializer<?>> bootInitializers = new HashSet<>(application.getInitializers());
		this.postProcessor.postProcessEnvironment(environment, application);
		String baseUrl = environment.getProperty("spring.ai.openai.base-url");
		assertThat(baseUrl).startsWith("http://127.0.0.1:").endsWith("/v1");
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			application.getInitializers()
				.stream()
				.filter((initializer) -> !bootInitializers.contains(initializer))
				.forEach((initializer) -> initialize(initializer, context));
			context.refresh();
			OpenAiSimulator simulator = context.getBean(SimulatorEnvironmentPostProcessor.BEAN_NAME,
					OpenAiSimulator.class);
			assertThat(simulator.baseUrl()).isEqualTo(baseUrl);
			assertThat(post(baseUrl + "/chat/completions").statusCode()).isEqualTo(200);
		}
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> post(baseUrl + "/chat/completions"));
	}

	@Test
	void postProcessWhenOpenAiProfileIsActiveShouldNotStartSimulator() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.setActiveProfiles("openai");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(SimulatorEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
		assertThat(environment.containsProperty("spring.ai.openai.base-url")).isFalse();
	}

	@Test
	void postProcessWhenDisabledShouldNotStartSimulator() {
		StandardEnvironment environment = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(environment, "demo.simulator.enabled=false");
		SpringApplication application = new SpringApplication();
		int initializers = application.getInitializers().size();
		this.postProcessor.postProcessEnvironment(environment, application);
		assertThat(environment.containsProperty("spring.ai.openai.base-url")).isFalse();
		assertThat(application.getInitializers()).hasSize(initializers);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void initialize(ApplicationContextInitializer initializer, GenericApplicationContext context) {
		initializer.initialize(context);
	}

	private static HttpResponse<String> post(String url) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

}
