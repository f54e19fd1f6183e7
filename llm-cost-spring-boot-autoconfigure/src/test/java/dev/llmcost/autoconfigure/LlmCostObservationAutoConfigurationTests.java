package dev.llmcost.autoconfigure;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.observation.LlmCallObservationContext;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCostObservationAutoConfiguration}: the recorder records into the
 * application's observation registry, or into one of its own without it, and calls carry
 * the application clock's time.
 */
class LlmCostObservationAutoConfigurationTests {

	private static final Instant BEFORE_O3_PRICE_CUT = Instant.parse("2025-06-09T12:00:00Z");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LlmCostPricingAutoConfiguration.class, LlmCostLedgerAutoConfiguration.class,
					LlmCostAttributionAutoConfiguration.class, LlmCostObservationAutoConfiguration.class));

	@Test
	void withoutAnObservationRegistryCallsShouldStillReachTheLedger() {
		this.contextRunner.run((context) -> {
			record(context.getBean(LlmCallRecorder.class), "gpt-4o-mini-2024-07-18");

			// 1000 x 0.15 + 100 x 0.60 USD per million
			assertThat(context.getBean(CostLedger.class).snapshot().total().cost()).isEqualByComparingTo("0.00021");
		});
	}

	@Test
	void callsShouldBeObservedInTheApplicationRegistry() {
		List<String> observed = new CopyOnWriteArrayList<>();
		ObservationHandler<Observation.Context> handler = new ObservationHandler<>() {
			@Override
			public void onStop(Observation.Context context) {
				observed.add(context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof LlmCallObservationContext;
			}
		};
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withBean("testHandler", ObservationHandler.class, () -> handler)
			.run((context) -> {
				record(context.getBean(LlmCallRecorder.class), "gpt-4o-mini-2024-07-18");

				assertThat(observed).containsExactly("llm.call");
				assertThat(context.getBean(CostLedger.class).snapshot().total().calls()).isEqualTo(1);
			});
	}

	@Test
	void callsShouldBeDatedAndPricedByTheApplicationClock() {
		Clock clock = Clock.fixed(BEFORE_O3_PRICE_CUT, ZoneOffset.UTC);
		List<RecordedCall> recorded = new CopyOnWriteArrayList<>();
		this.contextRunner.withBean(Clock.class, () -> clock).withBean(CostLedger.class, () -> new CostLedger() {
			@Override
			public void record(RecordedCall call) {
				recorded.add(call);
			}

			@Override
			public dev.llmcost.ledger.LedgerSnapshot snapshot() {
				throw new UnsupportedOperationException();
			}

			@Override
			public List<dev.llmcost.ledger.LedgerRow> rows(java.time.Instant from, java.time.Instant to) {
				throw new UnsupportedOperationException();
			}

			@Override
			public java.time.Instant holdsFrom() {
				throw new UnsupportedOperationException();
			}

			@Override
			public dev.llmcost.ledger.LedgerScope scope() {
				return dev.llmcost.ledger.LedgerScope.INSTANCE;
			}
		}).run((context) -> {
			record(context.getBean(LlmCallRecorder.class), "o3-2025-04-16");

			assertThat(recorded).singleElement().satisfies((call) -> {
				assertThat(call.at()).isEqualTo(BEFORE_O3_PRICE_CUT);
				// o3 before its 2025-06-10 price cut: 1000 x 10 + 100 x 40 USD per
				// million
				assertThat(call.cost()).isEqualByComparingTo("0.014");
				assertThat(call.provider()).isEqualTo("openai");
				assertThat(call.requestModel()).isEqualTo("requested-model");
				assertThat(call.responseModel()).isEqualTo("o3-2025-04-16");
				assertThat(call.attribution()).isEqualTo(Attribution.of("observed-feature"));
			});
		});
	}

	@Test
	void disabledShouldAddNothing() {
		this.contextRunner.withPropertyValues("llm.cost.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCallRecorder.class));
	}

	private static void record(LlmCallRecorder recorder, String responseModel) {
		Observation call = recorder.start(Attribution.of("observed-feature"), LlmProviders.OPENAI,
				LlmCallObservationContext.CHAT, "requested-model", null);
		recorder.stop(call, new CallResult(responseModel, "id-1", new TokenUsage(1000, 0, 0, 100, 0), null, null));
	}

}
