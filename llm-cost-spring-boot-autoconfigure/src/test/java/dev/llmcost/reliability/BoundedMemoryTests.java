package dev.llmcost.reliability;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.catalog.BuiltInCatalog;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory stays bounded when names never seen before keep coming: feature names and
 * response model names through the real advisor, unknown model names through the price
 * catalog and the pricer.
 * <p>
 * The calls go through the real {@code ChatClient}, the starter's advisor and every
 * observation handler (meters, ledger, Spring AI's feature-tagged observations), but to a
 * stub {@code ChatModel} instead of HTTP: 10,000 calls over HTTP would take about 25
 * seconds even from 8 threads ({@code ConcurrentCallsExactnessTests} makes about 400 a
 * second), the model client is not what is measured, and the numbers of meters and ledger
 * entries do not depend on it. Heap figures are rough: used heap after
 * {@code System.gc()}, which the JVM may treat as a hint; they are printed for
 * {@code docs/reliability.md}, and only loosely asserted.
 * <p>
 * The caps count every feature and model the application has seen, so this test has an
 * application of its own, with the default caps of 100 features and 200 models.
 */
@CostTrackingTest(properties = { "llm.cost.attribution.max-features=100", "llm.cost.attribution.max-models=200" })
@ExtendWith(OutputCaptureExtension.class)
class BoundedMemoryTests {

	private static final int MAX_FEATURES = 100;

	private static final int MAX_MODELS = 200;

	@Autowired
	private LlmCostAdvisor advisor;

	@Autowired
	private ObservationRegistry observationRegistry;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private CostLedger ledger;

	@Test
	void tenThousandFeatureNamesShouldKeepAtMostTheCapPlusOtherAndUnattributed(CapturedOutput output) {
		ChatClient client = stubClient((text) -> "gpt-4o-mini-2024-07-18");
		LedgerSnapshot before = this.ledger.snapshot();
		long heapBefore = usedHeapAfterGc();
		int metersBefore = this.meterRegistry.getMeters().size();

		for (int i = 0; i < 100; i++) {
			call(client, "feature-" + i);
		}
		long heapAtCap = usedHeapAfterGc();
		int metersAtCap = this.meterRegistry.getMeters().size();
		for (int i = 100; i < 10_000; i++) {
			call(client, "feature-" + i);
		}
		long heapAfter = usedHeapAfterGc();
		int metersAfter = this.meterRegistry.getMeters().size();

		Set<String> tagged = featureTagValues();
		LedgerSnapshot snapshot = this.ledger.snapshot();
		System.out.printf(
				"10,000 feature names: %d distinct feature tag values, %d ledger features; meters %d -> %d (at cap) "
						+ "-> %d; used heap after GC %d KB -> %d KB (at cap) -> %d KB%n",
				tagged.size(), snapshot.features().size(), metersBefore, metersAtCap, metersAfter, heapBefore / 1024,
				heapAtCap / 1024, heapAfter / 1024);
		assertThat(tagged).hasSizeLessThanOrEqualTo(MAX_FEATURES + 2).contains(FeatureNames.OTHER);
		assertThat(snapshot.features()).hasSize(MAX_FEATURES + 1);
		assertThat(metersAfter).as("no meter per name past the cap").isLessThanOrEqualTo(metersAtCap + 50);
		assertThat(LedgerAndMeters.totals(this.ledger, FeatureNames.OTHER).calls()).isEqualTo(9_900);
		assertThat(this.meterRegistry.get("llm.attribution.overflow")
			.tag("dimension", "feature")
			.functionCounter()
			.count()).as("counted once per call").isEqualTo(9_900);
		assertThat(snapshot.total().calls() - before.total().calls()).isEqualTo(10_000);
		// 10,000 x (100 x 0.15 + 10 x 0.60) = 10,000 x 21 USD per million
		assertThat(snapshot.total().cost().subtract(before.total().cost())).isEqualByComparingTo("0.21");
		LedgerAndMeters.assertAgree(this.ledger, this.meterRegistry, FeatureNames.OTHER);
		LedgerAndMeters.assertAgree(this.ledger, this.meterRegistry, "feature-99");
		assertThat(heapAfter - heapAtCap).as("rough: heap growth past the cap").isLessThan(64L * 1024 * 1024);
		assertThat(output).containsOnlyOnce("More than 100 distinct LLM feature names seen; feature 'feature-100'");
	}

	@Test
	void twentyThousandUnknownModelNamesShouldFillThePriceCacheAndTheWarningsOnlyToTheirBounds(CapturedOutput output)
			throws Exception {
		DefaultPriceCatalog catalog = new DefaultPriceCatalog(PriceList.of("user", Map.of()), Map.of(),
				List.of(BuiltInCatalog.load()));
		CallPricer pricer = new CallPricer(catalog);
		long heapBefore = usedHeapAfterGc();

		for (int i = 0; i < 20_000; i++) {
			String model = "unknown-model-" + i;
			assertThat(pricer.price("openai", model, null, new TokenUsage(10, 0, 0, 1, 0), Instant.now()).isPriced())
				.isFalse();
		}

		long heapAfter = usedHeapAfterGc();
		// The caches are private: their sizes are read by reflection.
		// One provider: one cached resolution per name.
		int resolved = ((Map<?, ?>) field(field(catalog, "resolver"), "resolved")).size();
		Set<?> warned = (Set<?>) field(pricer, "warned");
		long warnings = output.getAll().lines().filter((line) -> line.contains("No price for LLM model '")).count();
		System.out.printf(
				"20,000 unknown model names: %d cached resolutions, %d names warned about, %d warnings logged; "
						+ "used heap after GC %d KB -> %d KB%n",
				resolved, warned.size(), warnings, heapBefore / 1024, heapAfter / 1024);
		assertThat(resolved).isEqualTo(10_000);
		assertThat(warned).hasSize(1_000);
		assertThat(warnings).isEqualTo(1_000);
		assertThat(output).contains("No price for LLM model 'unknown-model-999'")
			.doesNotContain("No price for LLM model 'unknown-model-1000'");
	}

	@Test
	void tenThousandResponseModelNamesShouldKeepAtMostTheCapPlusOther(CapturedOutput output) {
		// A gateway answering under ever new model names, each priced by the requested
		// gpt-4o-mini. The feature is one the other test keeps too, so the order of the
		// tests does not change the feature cap's arithmetic; the model names the other
		// test uses may or may not be known already, so the names known before are
		// counted from the meters.
		ChatClient client = stubClient((text) -> "gateway-model-" + text);
		call(client, "feature-0", "warm-up");
		Set<String> namesBefore = modelTagValues();
		namesBefore.removeAll(Set.of("other", "unknown"));
		Totals before = LedgerAndMeters.totals(this.ledger, "feature-0");
		double overflowBefore = modelOverflow();
		long heapBefore = usedHeapAfterGc();
		long metersBefore = llmMeters();

		int admitted = MAX_MODELS - namesBefore.size();
		for (int i = 0; i < admitted; i++) {
			call(client, "feature-0", Integer.toString(i));
		}
		long heapAtCap = usedHeapAfterGc();
		long metersAtCap = llmMeters();
		for (int i = admitted; i < 10_000; i++) {
			call(client, "feature-0", Integer.toString(i));
		}
		long heapAfter = usedHeapAfterGc();
		long metersAfter = llmMeters();

		Set<String> tagged = modelTagValues();
		List<String> ledgerModels = LedgerFeatures.feature(this.ledger, "feature-0")
			.models()
			.stream()
			.map(LedgerSnapshot.ModelTotals::model)
			.toList();
		Totals after = LedgerAndMeters.totals(this.ledger, "feature-0");
		System.out.printf(
				"10,000 response model names: %d distinct model tag values, %d ledger models of the feature; "
						+ "llm.* meters %d -> %d (at cap, %d names admitted) -> %d; used heap after GC %d KB -> %d KB "
						+ "(at cap) -> %d KB%n",
				tagged.size(), ledgerModels.size(), metersBefore, metersAtCap, admitted, metersAfter, heapBefore / 1024,
				heapAtCap / 1024, heapAfter / 1024);
		// The cap's names, "other", and "unknown" (the response model of
		// llm.call.active).
		assertThat(tagged).as("request and response model tag values on llm.* meters")
			.hasSize(MAX_MODELS + 2)
			.contains("other", "unknown", "gateway-model-" + (admitted - 1))
			.doesNotContain("gateway-model-" + admitted);
		// The cap's names but gpt-4o-mini, only ever a request model here, and "other".
		assertThat(ledgerModels).as("ledger models of the feature")
			.hasSize(MAX_MODELS)
			.contains("other")
			.doesNotContain("gateway-model-" + admitted);
		// One tag set past the cap, (feature-0, gpt-4o-mini, other): 5 llm.tokens, 5
		// llm.cost, llm.call.cost, llm.call.cost.distribution, the llm.call timer, and
		// llm.pricing.fallback.calls, since every call is priced as the requested model.
		assertThat(metersAfter - metersAtCap).as("meters added past the cap").isEqualTo(14);
		assertThat(modelOverflow() - overflowBefore).as("counted once per call past the cap")
			.isEqualTo(10_000 - admitted);
		// Nothing lost, nothing counted twice: every call is priced by its real request
		// model, 10,000 x (100 x 0.15 + 10 x 0.60) = 10,000 x 21 USD per million.
		assertThat(after.calls() - before.calls()).isEqualTo(10_000);
		assertThat(after.cost().subtract(before.cost())).isEqualByComparingTo("0.21");
		// Listed as priced as gpt-4o-mini, never as costing 0, and bounded by the cap.
		List<LedgerSnapshot.UnpricedModel> unpriced = this.ledger.snapshot().unpriced();
		assertThat(unpriced).filteredOn((model) -> model.model().startsWith("gateway-model-"))
			.isNotEmpty()
			.allSatisfy((model) -> assertThat(model.pricedAs()).isEqualTo("gpt-4o-mini"));
		assertThat(unpriced).filteredOn((model) -> model.pricedAs() != null).hasSizeLessThanOrEqualTo(MAX_MODELS + 1);
		LedgerAndMeters.assertAgree(this.ledger, this.meterRegistry, "feature-0");
		assertThat(output).containsOnlyOnce(
				"More than " + MAX_MODELS + " distinct LLM model names seen; model 'gateway-model-" + admitted + "'");
	}

	private void call(ChatClient client, String feature) {
		call(client, feature, "Hello");
	}

	private void call(ChatClient client, String feature, String text) {
		assertThat(client.prompt()
			.options(ChatOptions.builder().model("gpt-4o-mini"))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
			.user(text)
			.call()
			.content()).isEqualTo("Stubbed.");
	}

	private int modelsOf(String feature) {
		return LedgerFeatures.feature(this.ledger, feature).models().size();
	}

	/**
	 * A {@code ChatClient} with the starter's advisor and the application's observation
	 * registry over a model that answers at once with 100 prompt and 10 completion
	 * tokens, as the model the function names for the user text.
	 */
	private ChatClient stubClient(Function<String, String> responseModel) {
		ChatModel model = (prompt) -> new ChatResponse(List.of(new Generation(new AssistantMessage("Stubbed."))),
				ChatResponseMetadata.builder()
					.model(responseModel.apply(prompt.getUserMessage().getText()))
					.usage(new DefaultUsage(100, 10))
					.build());
		return ChatClient.builder(model, this.observationRegistry, null, null).defaultAdvisors(this.advisor).build();
	}

	private long llmMeters() {
		return this.meterRegistry.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("llm."))
			.count();
	}

	/**
	 * The request and response model tag values of the starter's meters.
	 */
	private Set<String> modelTagValues() {
		return this.meterRegistry.getMeters()
			.stream()
			.map(Meter::getId)
			.filter((id) -> id.getName().startsWith("llm."))
			.flatMap((id) -> Stream.of(id.getTag("gen_ai.request.model"), id.getTag("gen_ai.response.model")))
			.filter(Objects::nonNull)
			.collect(Collectors.toCollection(HashSet::new));
	}

	private double modelOverflow() {
		FunctionCounter overflow = this.meterRegistry.find("llm.attribution.overflow")
			.tag("dimension", "model")
			.functionCounter();
		return (overflow != null) ? overflow.count() : 0;
	}

	private Set<String> featureTagValues() {
		return this.meterRegistry.getMeters()
			.stream()
			.map(Meter::getId)
			.map((id) -> id.getTag("feature"))
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static Object field(Object target, String name) throws ReflectiveOperationException {
		Field field = target.getClass().getDeclaredField(name);
		field.setAccessible(true);
		return field.get(target);
	}

}
