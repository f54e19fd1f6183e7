package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.llmcost.test.CostTestApplication.ChatService;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code llm.call} observation as a span, through Spring Boot's OpenTelemetry tracing
 * bridge and an in-memory span exporter (Boot adds every {@code SpanExporter} bean to its
 * batch span processor): where the span sits in the caller's trace, and the usage and
 * cost attributes it carries.
 * <p>
 * Every call answers with gpt-4o-mini and OpenAI usage 1500 prompt tokens (1024 of them
 * cached) and 250 completion tokens. Built-in gpt-4o-mini prices, USD per million tokens:
 * 0.15 input, 0.075 cached input, 0.60 output. Cost: 476 x 0.15 + 1024 x 0.075 + 250 x
 * 0.60 = 71.4 + 76.8 + 150 = 298.2 USD per million = 0.0002982 USD.
 * <p>
 * Spans of one ChatClient call, outermost first: {@code http-request} (the test's),
 * Spring AI's {@code spring_ai chat_client}, its advisor span {@code tool _calling}, the
 * {@code llm.call} span {@code chat gpt-4o-mini}, the {@code call} advisor span, Spring
 * AI's model span (also {@code chat gpt-4o-mini}), and the HTTP client's {@code POST}.
 * The starter turns off the advisor span Spring AI would open around
 * {@code LlmCostAdvisor} in a blocking call (it would time the same work as
 * {@code llm.call}); a stream keeps it, as Spring AI passes it on to the next advisor.
 * <p>
 * Every span is sampled and kept in memory for this test's application alone.
 */
@CostTrackingTest(properties = "management.tracing.sampling.probability=1.0")
@Import(LlmCallTracingTests.InMemorySpans.class)
class LlmCallTracingTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final Usage USAGE = new Usage(1500, 1024, 250, 0);

	private static final String RESPONSE_MODEL = "gpt-4o-mini-2024-07-18";

	@Autowired
	private SummaryService summaryService;

	@Autowired
	private ChatService chatService;

	@Autowired
	private ObservationRegistry observationRegistry;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Autowired
	private InMemorySpanExporter exporter;

	@BeforeEach
	void reset() {
		server.reset();
		finishedSpans();
		this.exporter.reset();
	}

	@Test
	void callShouldBeASpanOfTheCallersTraceInsideTheToolCallingAdvisorSpan() {
		server.enqueue(Reply.chat(RESPONSE_MODEL, "A short summary.", USAGE));

		insideHttpRequest(() -> this.summaryService.summarizeFor("traced-call", "Summarize this document"));

		List<SpanData> spans = finishedSpans();
		SpanData request = single(spans, named("http-request"));
		SpanData llmCall = single(spans, llmCalls());
		assertThat(llmCall.getTraceId()).isEqualTo(request.getTraceId());
		assertThat(llmCall.getParentSpanId())
			.isEqualTo(single(spans, attribute("spring.ai.advisor.name", "Tool Calling Advisor")).getSpanId());
		assertThat(ancestors(llmCall, spans)).extracting(LlmCallTracingTests::role)
			.containsExactly("advisor Tool Calling Advisor", "chat client", "http-request");
		assertThat(spans).noneMatch(attribute("spring.ai.advisor.name", "LlmCostAdvisor"));
	}

	@Test
	void callSpanShouldCarryTheUsageAndTheHandComputedCost() {
		server.enqueue(Reply.chat(RESPONSE_MODEL, "A short summary.", USAGE));

		insideHttpRequest(() -> this.summaryService.summarizeFor("traced-call", "Summarize this document"));

		SpanData llmCall = single(finishedSpans(), llmCalls());
		assertThat(llmCall.getName()).isEqualTo("chat gpt-4o-mini");
		assertThat(attributes(llmCall)).containsEntry("feature", "traced-call")
			.containsEntry("gen_ai.provider.name", "openai")
			.containsEntry("gen_ai.operation.name", "chat")
			.containsEntry("gen_ai.request.model", "gpt-4o-mini")
			.containsEntry("gen_ai.response.model", RESPONSE_MODEL)
			.containsEntry("gen_ai.response.id", "chatcmpl-test")
			// OpenTelemetry's inclusive counts: input includes the cached tokens
			.containsEntry("gen_ai.usage.input_tokens", "1500")
			.containsEntry("gen_ai.usage.output_tokens", "250")
			.containsEntry("gen_ai.usage.cache_read.input_tokens", "1024")
			.containsEntry("gen_ai.usage.cache_creation.input_tokens", "0")
			.containsEntry("gen_ai.usage.reasoning.output_tokens", "0")
			.containsEntry("gen_ai.usage.cost.currency", "USD")
			.containsEntry("gen_ai.usage.cost.source", "local")
			.containsEntry("llm.pricing.entry", "gpt-4o-mini")
			.containsEntry("llm.pricing.source", "built-in")
			.containsEntry("llm.pricing.fallback", "false");
		// 476 x 0.15 + 1024 x 0.075 + 250 x 0.60 = 298.2 USD per million
		assertThat(new BigDecimal(attributes(llmCall).get("gen_ai.usage.cost.amount")))
			.isEqualByComparingTo("0.0002982");
	}

	@Test
	void callSpanOfAResponseModelWithoutPriceShouldSayItWasPricedAsTheRequestedModel() {
		server.enqueue(Reply.chat("traced-gateway-route", "Routed.", USAGE));

		insideHttpRequest(() -> this.summaryService.summarizeFor("traced-fallback", "Summarize this document"));

		SpanData llmCall = single(finishedSpans(), llmCalls());
		assertThat(attributes(llmCall)).containsEntry("gen_ai.request.model", "gpt-4o-mini")
			.containsEntry("gen_ai.response.model", "traced-gateway-route")
			.containsEntry("llm.pricing.entry", "gpt-4o-mini")
			.containsEntry("llm.pricing.fallback", "true");
		// priced as gpt-4o-mini: 298.2 USD per million
		assertThat(new BigDecimal(attributes(llmCall).get("gen_ai.usage.cost.amount")))
			.isEqualByComparingTo("0.0002982");
	}

	@Test
	void springAiModelSpanShouldBeNestedInTheLlmCallSpan() {
		server.enqueue(Reply.chat(RESPONSE_MODEL, "A short summary.", USAGE));

		insideHttpRequest(() -> this.summaryService.summarizeFor("traced-call", "Summarize this document"));

		List<SpanData> spans = finishedSpans();
		SpanData llmCall = single(spans, llmCalls());
		SpanData model = single(spans, modelSpans());
		assertThat(model.getName()).isEqualTo("chat gpt-4o-mini");
		assertThat(model.getTraceId()).isEqualTo(llmCall.getTraceId());
		// Spring AI's last advisor, the one that calls the model, sits between the two
		assertThat(ancestors(model, spans)).extracting(LlmCallTracingTests::role)
			.startsWith("advisor call", "llm.call");
	}

	@Test
	void streamShouldBeOneSpanWithTheUsageOfTheFinalChunk() {
		server.enqueue(Reply.stream(RESPONSE_MODEL, USAGE, "Hel", "lo", "!"));

		List<String> pieces = this.chatService.chat("Hi")
			.subscribeOn(Schedulers.boundedElastic())
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(String.join("", pieces)).isEqualTo("Hello!");
		List<SpanData> spans = streamSpans();
		SpanData llmCall = single(spans, llmCalls());
		assertThat(attributes(llmCall)).containsEntry("feature", "support-chat")
			.containsEntry("gen_ai.response.model", RESPONSE_MODEL)
			.containsEntry("gen_ai.usage.input_tokens", "1500")
			.containsEntry("gen_ai.usage.output_tokens", "250")
			.containsEntry("gen_ai.usage.cache_read.input_tokens", "1024");
		// 476 x 0.15 + 1024 x 0.075 + 250 x 0.60 = 298.2 USD per million
		assertThat(new BigDecimal(attributes(llmCall).get("gen_ai.usage.cost.amount")))
			.isEqualByComparingTo("0.0002982");
		assertThat(llmCall.getParentSpanId())
			.isEqualTo(single(spans, attribute("spring.ai.advisor.name", "LlmCostAdvisor")).getSpanId());
		assertThat(ancestors(single(spans, modelSpans()), spans)).contains(llmCall);
	}

	@Test
	void streamSubscribedInsideTheCallersScopeShouldStayUnderTheAdvisorSpanOfLlmCostAdvisor() {
		server.enqueue(Reply.stream(RESPONSE_MODEL, USAGE, "Hel", "lo", "!"));

		insideHttpRequest(() -> this.chatService.chat("Hi").collectList().block(Duration.ofSeconds(10)));

		List<SpanData> spans = streamSpans();
		SpanData llmCall = single(spans, llmCalls());
		assertThat(llmCall.getTraceId()).isEqualTo(single(spans, named("http-request")).getTraceId());
		assertThat(ancestors(llmCall, spans)).extracting(LlmCallTracingTests::role)
			.containsExactly("advisor LlmCostAdvisor", "advisor Tool Calling Advisor", "chat client", "http-request");
	}

	private void insideHttpRequest(Runnable call) {
		Observation.createNotStarted("http-request", this.observationRegistry).observe(call);
	}

	private List<SpanData> finishedSpans() {
		assertThat(this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		return this.exporter.getFinishedSpanItems();
	}

	/**
	 * Spring AI ends its stream spans in {@code doFinally}, which may run just after the
	 * subscriber got the last element: wait for the outermost one.
	 */
	private List<SpanData> streamSpans() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(finishedSpans()).anyMatch(attribute("spring.ai.kind", "chat_client")));
		return finishedSpans();
	}

	private static SpanData single(List<SpanData> spans, Predicate<SpanData> predicate) {
		List<SpanData> matching = spans.stream().filter(predicate).toList();
		assertThat(matching).as("matching spans among %s", spans).hasSize(1);
		return matching.get(0);
	}

	/**
	 * The parent, grand-parent and so on of a span, nearest first.
	 */
	private static List<SpanData> ancestors(SpanData span, List<SpanData> spans) {
		List<SpanData> ancestors = new ArrayList<>();
		SpanData current = span;
		while (current.getParentSpanContext().isValid()) {
			String parentId = current.getParentSpanId();
			current = spans.stream()
				.filter((candidate) -> candidate.getSpanId().equals(parentId))
				.findFirst()
				.orElse(null);
			if (current == null) {
				break;
			}
			ancestors.add(current);
		}
		return ancestors;
	}

	/**
	 * What a span is, independent of how Spring AI spells span names (its advisor spans
	 * are named like {@code "tool _calling "}).
	 */
	private static String role(SpanData span) {
		Map<String, String> attributes = attributes(span);
		if (llmCalls().test(span)) {
			return "llm.call";
		}
		if (modelSpans().test(span)) {
			return "model";
		}
		if ("advisor".equals(attributes.get("spring.ai.kind"))) {
			return "advisor " + attributes.get("spring.ai.advisor.name");
		}
		if ("chat_client".equals(attributes.get("spring.ai.kind"))) {
			return "chat client";
		}
		return span.getName();
	}

	/**
	 * The {@code llm.call} spans: its name is the same as Spring AI's model span, but
	 * only it says which catalog entry priced the call.
	 */
	private static Predicate<SpanData> llmCalls() {
		return (span) -> attributes(span).containsKey("llm.pricing.entry");
	}

	private static Predicate<SpanData> modelSpans() {
		return attribute("gen_ai.operation.name", "chat").and(llmCalls().negate());
	}

	private static Predicate<SpanData> named(String name) {
		return (span) -> span.getName().equals(name);
	}

	private static Predicate<SpanData> attribute(String key, String value) {
		return (span) -> value.equals(attributes(span).get(key));
	}

	/**
	 * The span's attributes as strings, whatever their OpenTelemetry type.
	 */
	private static Map<String, String> attributes(SpanData span) {
		Map<String, String> attributes = new HashMap<>();
		span.getAttributes()
			.forEach((AttributeKey<?> key, Object value) -> attributes.put(key.getKey(), Objects.toString(value)));
		return attributes;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InMemorySpans {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
