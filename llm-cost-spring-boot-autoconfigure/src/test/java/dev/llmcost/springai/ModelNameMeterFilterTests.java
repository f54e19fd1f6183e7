package dev.llmcost.springai;

import dev.llmcost.observation.ModelNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ModelNameMeterFilter}.
 */
class ModelNameMeterFilterTests {

	private final ModelNames modelNames = new ModelNames(2);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	ModelNameMeterFilterTests() {
		this.registry.config().meterFilter(new ModelNameMeterFilter(this.modelNames));
	}

	@Test
	void springAiMetersShouldGetTheRecordedModelNames() {
		Meter.Id longName = tokenCounter("m".repeat(1 << 20), "none").getId();
		Meter.Id controls = tokenCounter("gpt-4o-mini", "gpt-4o-mini\r\n2024").getId();
		Meter.Id pastTheCap = tokenCounter("gpt-5", "gpt-5-2025-08-07").getId();

		assertThat(longName.getTag("gen_ai.request.model")).isEqualTo("m".repeat(128));
		assertThat(longName.getTag("gen_ai.response.model")).as("Spring AI's word for no model yet").isEqualTo("none");
		assertThat(controls.getTag("gen_ai.request.model")).as("the second name kept").isEqualTo("gpt-4o-mini");
		assertThat(controls.getTag("gen_ai.response.model")).isEqualTo("other");
		assertThat(pastTheCap.getTag("gen_ai.request.model")).isEqualTo("other");
		assertThat(pastTheCap.getTag("gen_ai.system")).as("other tags untouched").isEqualTo("openai");
		assertThat(this.modelNames.overflowCount()).as("calls are counted by the starter's recorder").isZero();
	}

	@Test
	void otherMetersShouldBeLeftAlone() {
		Counter counter = Counter.builder("my.meter")
			.tag("gen_ai.request.model", "m".repeat(200))
			.register(this.registry);

		assertThat(counter.getId().getTag("gen_ai.request.model")).hasSize(200);
	}

	private Counter tokenCounter(String requestModel, String responseModel) {
		return Counter.builder("gen_ai.client.token.usage")
			.tag("gen_ai.request.model", requestModel)
			.tag("gen_ai.response.model", responseModel)
			.tag("gen_ai.system", "openai")
			.register(this.registry);
	}

}
