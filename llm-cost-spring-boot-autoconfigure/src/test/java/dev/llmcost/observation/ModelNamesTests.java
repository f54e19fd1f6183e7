package dev.llmcost.observation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.llmcost.observation.ModelNames.RecordedModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ModelNames}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ModelNamesTests {

	@Test
	void namesPastTheCapShouldBeOtherCountedOncePerCallAndWarnedOnce(CapturedOutput output) {
		ModelNames names = new ModelNames(2);

		assertThat(names.resolve("gpt-4o-mini", "gpt-4o-mini-2024-07-18"))
			.isEqualTo(new RecordedModels("gpt-4o-mini", "gpt-4o-mini-2024-07-18"));
		assertThat(names.resolve("gpt-4o-mini", "route-1")).isEqualTo(new RecordedModels("gpt-4o-mini", "other"));
		assertThat(names.resolve("gpt-5", "route-2")).as("both replaced, one call")
			.isEqualTo(new RecordedModels("other", "other"));
		assertThat(names.resolve("gpt-4o-mini", null)).as("a response naming no model")
			.isEqualTo(new RecordedModels("gpt-4o-mini", null));
		assertThat(names.resolve(null, "unknown")).as("unknown and other do not count")
			.isEqualTo(new RecordedModels("unknown", "unknown"));

		assertThat(names.overflowCount()).isEqualTo(2);
		assertThat(output).containsOnlyOnce("More than 2 distinct LLM model names seen; model 'route-1'");
	}

	@Test
	void tagForShouldApplyTheCapWithoutCounting() {
		ModelNames names = new ModelNames(1);

		assertThat(names.tagFor("gpt-4o-mini")).isEqualTo("gpt-4o-mini");
		assertThat(names.tagFor("gpt-5")).isEqualTo("other");
		assertThat(names.tagFor(" ")).isEqualTo("unknown");
		assertThat(names.overflowCount()).isZero();
	}

	@Test
	void sanitizeShouldCutTo128CharactersAndReplaceControlCharacters() {
		assertThat(ModelNames.sanitize("gpt-4o-mini")).isEqualTo("gpt-4o-mini");
		assertThat(ModelNames.sanitize("m".repeat(1 << 20))).isEqualTo("m".repeat(128));
		assertThat(ModelNames.sanitize("a\r\nb\tc\u0001d\u007fe\u0085f\u2028g\u2029h")).isEqualTo("a__b_c_d_e_f_g_h");
		assertThat(ModelNames.sanitize("évil\"model{x=y},z\\ 🚀 文档")).as("printable characters are kept")
			.isEqualTo("évil\"model{x=y},z\\ 🚀 文档");
		assertThat(ModelNames.sanitize("a\uD83Db")).as("an unpaired surrogate").isEqualTo("a_b");
		assertThat(ModelNames.sanitize(null)).isEqualTo("unknown");
		assertThat(ModelNames.sanitize("")).isEqualTo("unknown");
	}

	@Test
	void sanitizeShouldNotCutASurrogatePairInTwo() {
		// 127 characters, then a rocket (two chars): the rocket would be cut in half.
		String name = "m".repeat(127) + "🚀";

		assertThat(ModelNames.sanitize(name)).isEqualTo("m".repeat(127));
		assertThat(ModelNames.sanitize("m".repeat(126) + "🚀")).isEqualTo("m".repeat(126) + "🚀");
	}

	@Test
	void capShouldHoldUnderConcurrentNewNames() throws Exception {
		ModelNames names = new ModelNames(100);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		IntStream.range(0, 10_000).forEach((i) -> executor.execute(() -> names.resolve("gpt-4o-mini", "model-" + i)));
		executor.shutdown();
		assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		long kept = IntStream.range(0, 10_000)
			.mapToObj((i) -> names.tagFor("model-" + i))
			.filter((name) -> !name.equals(ModelNames.OTHER))
			.count();
		assertThat(kept).as("gpt-4o-mini takes one place").isEqualTo(99);
		assertThat(names.overflowCount()).isEqualTo(10_000 - 99);
	}

	@Test
	void overflowShouldBeCountedOnTheMeterItBindsTaggedModel() {
		ModelNames names = new ModelNames(1);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		names.bindTo(registry);
		names.resolve("a", null);
		names.resolve("b", null);
		names.resolve("c", "d");

		assertThat(registry.get("llm.attribution.overflow").tag("dimension", "model").functionCounter().count())
			.isEqualTo(2);
	}

}
