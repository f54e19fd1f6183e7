package dev.llmcost.benchmarks.advisor;

import java.util.concurrent.TimeUnit;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's cost per call: one {@code ChatClient.call().content()} through an
 * {@code @LlmFeature} service against an in-process model, with Spring AI's observations
 * and Spring Boot's meters on, with the starter ({@code starter=true}) and without it
 * ({@code llm.cost.enabled=false}). Both sides are the same auto-configured application,
 * so the difference is what the starter adds to every call: the {@code @LlmFeature}
 * proxy, the advisor, the {@code llm.call} observation and its timer, pricing, the token
 * and cost meters, the ledger, and the feature tag on Spring AI's observations.
 * <p>
 * Goal: with / without at most 1.25 (medians). {@code -prof gc} gives the bytes allocated
 * per call ({@code gc.alloc.rate.norm}).
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Spring's and Spring AI's call path takes about 8 s of JIT compilation to reach a steady
// state on 2 shared cores: shorter warm-ups measured the compiler, not the call.
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class AdvisorOverheadBenchmark {

	/**
	 * Whether the starter is on.
	 */
	@Param({ "true", "false" })
	public boolean starter;

	/**
	 * The meter registry: Spring Boot's {@code SimpleMeterRegistry} fallback, or
	 * Prometheus (as in the demo).
	 */
	@Param({ "simple", "prometheus" })
	public String registry;

	private ConfigurableApplicationContext context;

	private SummaryService service;

	private String text;

	@Setup
	public void start() {
		this.context = StubChatApplication.run(this.starter, this.registry);
		this.service = this.context.getBean(SummaryService.class);
		this.text = "Checkout latency doubled on Tuesday because a cache node ran out of memory. Summarise.";
		if (this.service.summarize(this.text) == null) {
			throw new IllegalStateException("The stub model returned no content");
		}
		verifyApplication();
	}

	@Benchmark
	public String call() {
		return this.service.summarize(this.text);
	}

	@TearDown
	public void stop() {
		this.context.close();
	}

	/**
	 * Fail the benchmark, rather than measure the wrong thing, unless the application is
	 * the one described: observations recorded as meters in the expected registry, and
	 * the starter recording the call (or absent).
	 */
	private void verifyApplication() {
		MeterRegistry meterRegistry = this.context.getBean(MeterRegistry.class);
		Class<?> expectedRegistry = "prometheus".equals(this.registry) ? PrometheusMeterRegistry.class
				: SimpleMeterRegistry.class;
		check(expectedRegistry.isInstance(meterRegistry), "meter registry is a " + meterRegistry.getClass().getName());
		check(meterRegistry.find("spring.ai.chat.client").timer() != null, "no spring.ai.chat.client timer");
		check(meterRegistry.find("gen_ai.client.operation").timer() != null, "no gen_ai.client.operation timer");
		check(AopUtils.isAopProxy(this.service) == this.starter, "@LlmFeature proxy present: " + !this.starter);
		boolean ledgerPresent = this.context.getBeanNamesForType(CostLedger.class).length > 0;
		check(ledgerPresent == this.starter, "starter beans present: " + ledgerPresent);
		if (this.starter) {
			LedgerSnapshot snapshot = this.context.getBean(CostLedger.class).snapshot();
			check(snapshot.features().size() == 1, "ledger features: " + snapshot.features());
			FeatureTotals feature = snapshot.features().get(0);
			check(SummaryService.FEATURE.equals(feature.feature()), "feature is " + feature.feature());
			check(StubChatModel.RESPONSE_MODEL.equals(feature.models().get(0).model()),
					"model is " + feature.models().get(0).model());
			check(feature.totals().cost().signum() > 0, "the call is not priced");
			check(snapshot.unpriced().isEmpty(), "unpriced models: " + snapshot.unpriced());
			check(meterRegistry.find("llm.tokens").tag("feature", SummaryService.FEATURE).counters().size() == 5,
					"llm.tokens counters missing");
			check(meterRegistry.find("gen_ai.client.operation").tag("feature", SummaryService.FEATURE).timer() != null,
					"Spring AI's model observation has no feature tag");
		}
	}

	private static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException("Benchmark application is not as expected: " + message);
		}
	}

}
