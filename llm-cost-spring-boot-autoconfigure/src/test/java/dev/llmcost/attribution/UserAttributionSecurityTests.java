package dev.llmcost.attribution;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.PrometheusScrape;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenant and user of calls made by a real authenticated HTTP request (Spring Security,
 * HTTP Basic) through the real OpenAI client, call and stream: the principal's name is
 * the user, recorded only as its keyed hash, the tenant comes from a resolver bean
 * reading a header. The user's name appears nowhere: not in the spans, the scrape, the
 * endpoint or the log.
 * <p>
 * The hash of {@value #USER} with key {@code 000102030405060708090a0b0c0d0e0f}, from
 * Python's {@code hmac.new(key, b"alice-7f3a9", hashlib.sha256).hexdigest()[:16]}:
 * {@value #USER_HASH}.
 */
@CostTrackingTest(properties = {
		"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"spring.security.user.name=" + UserAttributionSecurityTests.USER,
		"spring.security.user.password=" + UserAttributionSecurityTests.PASSWORD,
		"llm.cost.attribution.user.hash-key=000102030405060708090a0b0c0d0e0f",
		"management.tracing.sampling.probability=1.0" })
@Import(UserAttributionSecurityTests.SecuredApplication.class)
@ExtendWith(OutputCaptureExtension.class)
class UserAttributionSecurityTests {

	static final String USER = "alice-7f3a9";

	static final String PASSWORD = "s3cret-pw";

	static final String USER_HASH = "3e3d2d4989ca43aa";

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@BeforeEach
	void reset() {
		server.reset();
		finishedSpans();
		this.exporter.reset();
	}

	@Test
	void callOfAnAuthenticatedUserShouldCarryTheHashedPrincipalAndTheTenant(CapturedOutput output) throws Exception {
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Hello.", new Usage(10, 0, 2, 0)));

		HttpResponse<String> response = get("/secured/ask", "acme");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Hello.");
		Map<String, String> span = llmCallSpan();
		assertThat(span).containsEntry("user.id", USER_HASH).containsEntry("llm.tenant", "acme");
		assertUserNowhere(span, output);
	}

	@Test
	void streamOfAnAuthenticatedUserShouldCarryTheHashedPrincipalAndTheTenant(CapturedOutput output) throws Exception {
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(10, 0, 2, 0), "Hel", "lo."));

		HttpResponse<String> response = get("/secured/stream", "globex");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Hel").contains("lo.");
		Map<String, String> span = llmCallSpan();
		assertThat(span).containsEntry("user.id", USER_HASH).containsEntry("llm.tenant", "globex");
		assertUserNowhere(span, output);
	}

	/**
	 * Explicit values win over the resolver's tenant and the principal. The hash of
	 * {@code bob} with the same key, from Python: {@code 70578d7366ae542c}.
	 */
	@Test
	void advisorParametersShouldWinOverTheResolverAndThePrincipal() throws Exception {
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Hello.", new Usage(10, 0, 2, 0)));

		HttpResponse<String> response = get("/secured/ask-as-bob", "acme");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(llmCallSpan()).containsEntry("user.id", "70578d7366ae542c")
			.containsEntry("llm.tenant", "initech")
			.containsEntry("feature", "ask-as");
	}

	@Test
	void unauthenticatedRequestShouldBeRefusedAndMakeNoCall() throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/secured/ask")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(401);
	}

	private void assertUserNowhere(Map<String, String> span, CapturedOutput output) throws Exception {
		assertThat(finishedSpans())
			.allSatisfy((data) -> assertThat(attributes(data).values()).noneMatch((value) -> value.contains(USER)));
		assertThat(span.values()).noneMatch((value) -> value.contains(USER));
		assertThat(PrometheusScrape.of(this.port).text()).doesNotContain(USER).doesNotContain(USER_HASH);
		HttpResponse<String> endpoint = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/llmcost")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(endpoint.statusCode()).isEqualTo(200);
		assertThat(endpoint.body()).doesNotContain(USER);
		assertThat(output.getAll()).doesNotContain(USER);
	}

	private HttpResponse<String> get(String path, String tenant) throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Basic " + credentials)
			.header("X-Tenant", tenant)
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private Map<String, String> llmCallSpan() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(finishedSpans())
				.anyMatch((span) -> attributes(span).containsKey("llm.pricing.entry")));
		List<Map<String, String>> calls = finishedSpans().stream()
			.map(UserAttributionSecurityTests::attributes)
			.filter((attributes) -> attributes.containsKey("llm.pricing.entry"))
			.toList();
		assertThat(calls).hasSize(1);
		return calls.get(0);
	}

	private List<SpanData> finishedSpans() {
		assertThat(this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		return this.exporter.getFinishedSpanItems();
	}

	private static Map<String, String> attributes(SpanData span) {
		Map<String, String> attributes = new HashMap<>();
		span.getAttributes()
			.forEach((AttributeKey<?> key, Object value) -> attributes.put(key.getKey(), Objects.toString(value)));
		return attributes;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SecuredApplication {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		SecurityFilterChain securedApplicationFilterChain(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests(
						(requests) -> requests.requestMatchers("/actuator/**").permitAll().anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		/**
		 * The tenant of a request: its {@code X-Tenant} header.
		 */
		@Bean
		LlmAttributionResolver tenantFromHeader() {
			return new LlmAttributionResolver() {
				@Override
				public @Nullable String resolveTenant() {
					if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
						HttpServletRequest request = attributes.getRequest();
						return request.getHeader("X-Tenant");
					}
					return null;
				}
			};
		}

		@Bean
		SecuredController securedController(ChatClient chatClient) {
			return new SecuredController(chatClient);
		}

	}

	@RestController
	static class SecuredController {

		private final ChatClient chatClient;

		SecuredController(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		@GetMapping("/secured/ask")
		String ask() {
			return this.chatClient.prompt().user("hello").call().content();
		}

		@GetMapping("/secured/ask-as-bob")
		String askAsBob() {
			return this.chatClient.prompt()
				.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "ask-as")
					.param(LlmCostAdvisor.TENANT, "initech")
					.param(LlmCostAdvisor.USER, "bob"))
				.user("hello")
				.call()
				.content();
		}

		@GetMapping("/secured/stream")
		Flux<String> stream() {
			return this.chatClient.prompt().user("hello").stream().content();
		}

	}

}
