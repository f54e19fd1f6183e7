package dev.llmcost.benchmarks.advisor;

import java.util.concurrent.TimeUnit;

import dev.llmcost.ledger.CostLedger;
import io.micrometer.core.instrument.MeterRegistry;
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

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Where the starter's cost per call goes: the call of {@link AdvisorOverheadBenchmark}
 * (starter on, {@code SimpleMeterRegistry}) with one part of the starter turned off at a
 * time. Compare each variant with {@code AdvisorOverheadBenchmark.call} of the same run,
 * with the starter (the whole of it) and without.
 * <ul>
 * <li>{@code no-llm-meters}: without the {@code llm.tokens}, {@code llm.cost} and
 * {@code llm.call.cost} meters (the ledger still records);</li>
 * <li>{@code no-llm-call-observation}: without the {@code llm.call} observation, hence
 * without its timer, pricing, meters and ledger: what remains is the {@code @LlmFeature}
 * proxy, the advisor with Spring AI's advisor observation around it, and the feature tag
 * on Spring AI's observations;</li>
 * <li>{@code advisor-observed}: with Spring AI's {@code spring.ai.advisor} observation
 * (and its timers) around the starter's advisor, which Spring AI adds to every advisor
 * and the starter turns off by default ({@code llm.cost.advisor.observed=true});</li>
 * <li>{@code no-spring-ai-feature-tag}: without the {@code feature} tag on Spring AI's
 * observations ({@code llm.cost.attribution.tag-spring-ai-observations=false}).</li>
 * </ul>
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class AdvisorOverheadBreakdownBenchmark {

	/**
	 * The part of the starter turned off.
	 */
	@Param({ "no-llm-meters", "no-llm-call-observation", "advisor-observed", "no-spring-ai-feature-tag" })
	public String variant;

	private ConfigurableApplicationContext context;

	private SummaryService service;

	private String text;

	@Setup
	public void start() {
		this.context = StubChatApplication.run(true, "simple", this.variant);
		this.service = this.context.getBean(SummaryService.class);
		this.text = "Checkout latency doubled on Tuesday because a cache node ran out of memory. Summarise.";
		this.service.summarize(this.text);
		MeterRegistry meterRegistry = this.context.getBean(MeterRegistry.class);
		long recorded = this.context.getBean(CostLedger.class).snapshot().total().calls();
		boolean meters = meterRegistry.find("llm.tokens").counter() != null;
		boolean tagged = meterRegistry.find("gen_ai.client.operation")
			.tag("feature", SummaryService.FEATURE)
			.timer() != null;
		boolean advisorObserved = meterRegistry.find("spring.ai.advisor")
			.tag("spring.ai.advisor.name", "LlmCostAdvisor")
			.timer() != null;
		boolean expected = switch (this.variant) {
			case "no-llm-meters" -> recorded == 1 && !meters && tagged && !advisorObserved;
			case "no-llm-call-observation" -> recorded == 0 && !meters && tagged;
			case "advisor-observed" -> recorded == 1 && meters && tagged && advisorObserved;
			case "no-spring-ai-feature-tag" -> recorded == 1 && meters && !tagged && !advisorObserved;
			default -> false;
		};
		if (!expected) {
			throw new IllegalStateException("Variant " + this.variant + " not as expected: recorded " + recorded
					+ ", llm meters " + meters + ", Spring AI feature tag " + tagged);
		}
	}

	@Benchmark
	public String call() {
		return this.service.summarize(this.text);
	}

	@TearDown
	public void stop() {
		this.context.close();
	}

}
