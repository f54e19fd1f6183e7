package dev.llmcost.observation;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.provider.LlmProviders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link LlmFeatureInfoGauges}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmFeatureInfoGaugesTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final LlmFeatureInfoGauges gauges = new LlmFeatureInfoGauges(this.registry);

	@Test
	void firstCallOfAFeatureShouldRegisterItsTeamWithValueOne() {
		this.gauges.onStop(call(Attribution.of("search").withTeam("search-team")));
		this.gauges.onStop(call(Attribution.of("search").withTeam("search-team")));

		assertThat(this.registry.find("llm.feature.info").gauges()).singleElement().satisfies((gauge) -> {
			assertThat(gauge.getId().getTag("feature")).isEqualTo("search");
			assertThat(gauge.getId().getTag("team")).isEqualTo("search-team");
			assertThat(gauge.value()).isEqualTo(1.0);
		});
	}

	@Test
	void featureWithoutATeamShouldBeUnassigned() {
		this.gauges.onStop(call(Attribution.of("batch")));

		Gauge gauge = this.registry.get("llm.feature.info").tag("feature", "batch").gauge();
		assertThat(gauge.getId().getTag("team")).isEqualTo("unassigned");
	}

	@Test
	void anotherTeamForAFeatureShouldKeepTheFirstAndWarnOnce(CapturedOutput output) {
		this.gauges.onStop(call(Attribution.of("search").withTeam("a")));
		this.gauges.onStop(call(Attribution.of("search").withTeam("b")));
		this.gauges.onStop(call(Attribution.of("search").withTeam("c")));

		assertThat(this.registry.find("llm.feature.info").gauges()).singleElement()
			.satisfies((gauge) -> assertThat(gauge.getId().getTag("team")).isEqualTo("a"));
		assertThat(output.getOut().split("is owned by team", -1)).hasSize(2);
		assertThat(output).contains("LLM feature 'search' is owned by team 'a' in llm.feature.info, but a call names "
				+ "team 'b'; the first team seen stays.");
	}

	private static LlmCallObservationContext call(Attribution attribution) {
		return new LlmCallObservationContext(attribution, LlmProviders.OPENAI, LlmCallObservationContext.CHAT,
				"gpt-4o-mini", ReportingCurrency.USD);
	}

}
