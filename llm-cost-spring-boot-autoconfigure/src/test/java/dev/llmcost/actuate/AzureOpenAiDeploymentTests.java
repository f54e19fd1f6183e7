package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import dev.llmcost.annotation.LlmFeature;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application on Spring AI's OpenAI module set up for Azure OpenAI (Microsoft
 * Foundry), its client calling the local OpenAI wire server on Azure's paths, which
 * answers with the deployment's name as the model: the deployment is unpriced, and hinted
 * at startup, until an alias maps it to the model it runs.
 * <p>
 * In Spring AI 2.0.1 the deployment a chat call goes to is
 * {@code spring.ai.openai.chat.model}: the request names it as the model and the client
 * puts it in the Azure path; the {@code deployment-name} properties only switch the
 * client to Azure.
 */
@ExtendWith(OutputCaptureExtension.class)
class AzureOpenAiDeploymentTests {

	private static final String DEPLOYMENT = "my-gpt4o-prod";

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final OpenAiWireServer server = OpenAiWireServer.shared();

	private final List<String> requestLines = new CopyOnWriteArrayList<>();

	@BeforeEach
	void resetServer() {
		this.server.reset();
	}

	@Test
	void deploymentWithoutAliasShouldBeHintedAtStartupAndItsCallsUnpriced(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(output)
				.containsOnlyOnce(
						"No price for the Azure OpenAI deployment '" + DEPLOYMENT + "' (spring.ai.openai.chat.model)")
				.contains("Add llm.cost.pricing.aliases." + DEPLOYMENT + "=<model>");
			this.server.enqueue(azureReply());
			assertThat(context.getBean(DeploymentService.class).ask("Why is the sky blue?"))
				.isEqualTo("Rayleigh scattering.");
			assertThat(this.requestLines).singleElement()
				.asString()
				.startsWith("/openai/deployments/" + DEPLOYMENT + "/chat/completions?api-version=")
				.endsWith(" api-key=azure-test-key");

			JsonNode report = getJson(context, "/actuator/llmcost");
			assertThat(TestCostReports.row(report.path("unpriced"), "model", DEPLOYMENT).path("calls").asLong())
				.isEqualTo(1);
			JsonNode model = TestCostReports.row(
					TestCostReports.row(report.path("features"), "feature", "azure-chat").path("models"), "model",
					DEPLOYMENT);
			assertThat(model.path("cost").decimalValue()).isZero();
			assertThat(context.getBean(MeterRegistry.class).get("llm.unpriced.calls").counter().count()).isEqualTo(1);
		}
	}

	@Test
	void deploymentWithAliasShouldBePricedAsItsModel(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start("llm.cost.pricing.aliases." + DEPLOYMENT + "=gpt-4o")) {
			assertThat(output).doesNotContain("No price for");
			this.server.enqueue(azureReply());
			context.getBean(DeploymentService.class).ask("Why is the sky blue?");

			JsonNode report = getJson(context, "/actuator/llmcost");
			assertThat(report.path("unpriced")).isEmpty();
			JsonNode model = TestCostReports.row(
					TestCostReports.row(report.path("features"), "feature", "azure-chat").path("models"), "model",
					DEPLOYMENT);
			// gpt-4o: 2.50 input, 1.25 cache read, 10.00 output USD per million tokens;
			// (1,200 - 200) × 2.50 + 200 × 1.25 + 300 × 10.00 = 5,750 per million
			assertThat(model.path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.00575"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			// Spring AI's OpenAI module reports its calls as OpenAI's, Azure or not.
			assertThat(meters.get("llm.cost")
				.tag("feature", "azure-chat")
				.counter()
				.getId()
				.getTag("gen_ai.provider.name")).isEqualTo("openai");
			assertThat(meters.find("llm.unpriced.calls").counters()).isEmpty();
		}
	}

	/**
	 * Answers as Azure OpenAI does, naming the deployment as the model; keeps the request
	 * line and the key header the client sent.
	 */
	private Reply azureReply() {
		Reply chat = Reply.chat(DEPLOYMENT, "Rayleigh scattering.", new Usage(1200, 200, 300, 0));
		return (exchange, request) -> {
			this.requestLines
				.add(exchange.getRequestURI() + " api-key=" + exchange.getRequestHeaders().getFirst("api-key"));
			chat.write(exchange, request);
		};
	}

	/**
	 * Start the application; its properties are arguments, for they must win over the
	 * tests' application.properties.
	 */
	private ConfigurableApplicationContext start(String... properties) {
		Stream<String> common = Stream.of("server.port=0", "spring.ai.model.chat=openai",
				"spring.ai.model.embedding=none", "spring.ai.model.embedding.text=none", "spring.ai.model.image=none",
				"spring.ai.model.audio.speech=none", "spring.ai.model.audio.transcription=none",
				"spring.ai.model.moderation=none", "spring.ai.openai.base-url=" + this.server.azureEndpoint(),
				"spring.ai.openai.api-key=azure-test-key", "spring.ai.openai.microsoft-foundry=true",
				"spring.ai.openai.chat.model=" + DEPLOYMENT, "spring.ai.openai.max-retries=0",
				"spring.ai.retry.max-attempts=1", "management.endpoints.web.exposure.include=llmcost");
		return new SpringApplicationBuilder(AzureApplication.class).run(
				Stream.concat(common, Stream.of(properties)).map((property) -> "--" + property).toArray(String[]::new));
	}

	private static JsonNode getJson(ConfigurableApplicationContext context, String path) throws Exception {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return json.readTree(response.body());
	}

	/**
	 * An application on the OpenAI module and the starter.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(DeploymentService.class)
	static class AzureApplication {

		@Bean
		ChatClient chatClient(ChatClient.Builder builder) {
			return builder.build();
		}

	}

	/**
	 * Calls the deployment.
	 */
	static class DeploymentService {

		private final ChatClient chatClient;

		DeploymentService(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		@LlmFeature("azure-chat")
		public String ask(String text) {
			return this.chatClient.prompt().user(text).call().content();
		}

	}

}
