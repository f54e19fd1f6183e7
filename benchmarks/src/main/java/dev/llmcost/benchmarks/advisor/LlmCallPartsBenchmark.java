package dev.llmcost.benchmarks.advisor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.observation.DefaultLlmCallObservationConvention;
import dev.llmcost.observation.LlmCallMeterObservationHandler;
import dev.llmcost.observation.LlmCallObservationContext;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.CallPricer.PricedCall;
import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.pricing.catalog.BuiltInCatalog;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parts of one {@code llm.call} record, each alone, with the benchmark call's values
 * and a {@code SimpleMeterRegistry} whose meters already exist (the steady state):
 * <ul>
 * <li>{@code observationWithBootTimer}: starting and stopping the observation with Spring
 * Boot's default meter handler only (its {@code llm.call} timer and
 * {@code llm.call.active} long task timer) and the starter's convention;</li>
 * <li>{@code lowCardinalityKeyValues} and {@code highCardinalityKeyValues}: the
 * convention's tags and span attributes, each computed at start and again at stop;</li>
 * <li>{@code meterHandlerOnStop}: the starter's token and cost meters (five buckets times
 * two counters, and the cost summary);</li>
 * <li>{@code priceCall}: pricing the call (name already resolved).</li>
 * </ul>
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class LlmCallPartsBenchmark {

	private static final TokenUsage USAGE = TokenUsage.fromInclusive(1500, 1024, null, 250, null);

	private final DefaultLlmCallObservationConvention convention = new DefaultLlmCallObservationConvention();

	private CallPricer pricer;

	private PricedCall pricing;

	private ObservationRegistry observationRegistry;

	private LlmCallMeterObservationHandler meterHandler;

	private LlmCallObservationContext stopped;

	@Setup
	public void setUp() {
		this.pricer = new CallPricer(
				new DefaultPriceCatalog(PriceList.of("user", Map.of()), Map.of(), List.of(BuiltInCatalog.load())));
		this.pricing = priceCall();
		MeterRegistry meterRegistry = new SimpleMeterRegistry();
		this.observationRegistry = ObservationRegistry.create();
		this.observationRegistry.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(meterRegistry));
		this.meterHandler = new LlmCallMeterObservationHandler(meterRegistry);
		this.stopped = context();
		this.stopped.addLowCardinalityKeyValues(this.convention.getLowCardinalityKeyValues(this.stopped));
		this.meterHandler.onStop(this.stopped);
		observationWithBootTimer();
		if (meterRegistry.find("llm.tokens").counters().size() != 5 || meterRegistry.find("llm.call").timer() == null) {
			throw new IllegalStateException("Meters missing: " + meterRegistry.getMeters());
		}
	}

	@Benchmark
	public LlmCallObservationContext observationWithBootTimer() {
		LlmCallObservationContext context = new LlmCallObservationContext(Attribution.of("document-summary"),
				LlmProviders.OPENAI, "chat", StubChatModel.REQUEST_MODEL, ReportingCurrency.USD);
		Observation observation = Observation.createNotStarted(this.convention, () -> context, this.observationRegistry)
			.start();
		fill(context);
		observation.stop();
		return context;
	}

	@Benchmark
	public KeyValues lowCardinalityKeyValues() {
		return this.convention.getLowCardinalityKeyValues(this.stopped);
	}

	@Benchmark
	public KeyValues highCardinalityKeyValues() {
		return this.convention.getHighCardinalityKeyValues(this.stopped);
	}

	@Benchmark
	public LlmCallObservationContext meterHandlerOnStop() {
		this.meterHandler.onStop(this.stopped);
		return this.stopped;
	}

	@Benchmark
	public PricedCall priceCall() {
		return this.pricer.price("openai", StubChatModel.RESPONSE_MODEL, StubChatModel.REQUEST_MODEL, USAGE,
				Instant.now());
	}

	private LlmCallObservationContext context() {
		LlmCallObservationContext context = new LlmCallObservationContext(Attribution.of("document-summary"),
				LlmProviders.OPENAI, "chat", StubChatModel.REQUEST_MODEL, ReportingCurrency.USD);
		fill(context);
		return context;
	}

	private void fill(LlmCallObservationContext context) {
		context.setResponseModel(StubChatModel.RESPONSE_MODEL);
		context.setResponseId("chatcmpl-benchmark");
		context.setUsage(USAGE);
		context.setPricing(this.pricing);
	}

}
