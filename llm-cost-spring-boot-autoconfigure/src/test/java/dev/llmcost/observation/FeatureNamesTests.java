package dev.llmcost.observation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.llmcost.attribution.Attribution;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FeatureNames}.
 */
@ExtendWith(OutputCaptureExtension.class)
class FeatureNamesTests {

	@Test
	void namesPastTheCapShouldBeOtherCountedAndWarnedOnce(CapturedOutput output) {
		FeatureNames names = new FeatureNames(2);

		assertThat(names.resolve(Attribution.of("a")).feature()).isEqualTo("a");
		assertThat(names.resolve(Attribution.of("b")).feature()).isEqualTo("b");
		assertThat(names.resolve(Attribution.of("c")).feature()).isEqualTo(FeatureNames.OTHER);
		assertThat(names.resolve(Attribution.of("d")).feature()).isEqualTo(FeatureNames.OTHER);
		assertThat(names.resolve(Attribution.of("a")).feature()).as("known names stay").isEqualTo("a");
		assertThat(names.resolve(Attribution.UNATTRIBUTED).feature()).as("unattributed does not count")
			.isEqualTo(Attribution.UNATTRIBUTED_FEATURE);

		assertThat(names.overflowCount()).isEqualTo(2);
		assertThat(output).containsOnlyOnce("More than 2 distinct LLM feature names");
	}

	@Test
	void taggingOtherObservationsShouldNotCountAnOverflowAgain() {
		FeatureNames names = new FeatureNames(1);
		names.resolve(Attribution.of("a"));
		assertThat(names.resolve(Attribution.of("b")).feature()).isEqualTo(FeatureNames.OTHER);

		assertThat(names.tagFor(Attribution.of("b"))).isEqualTo(FeatureNames.OTHER);
		assertThat(names.tagFor(Attribution.of("a"))).isEqualTo("a");
		assertThat(names.overflowCount()).as("one call past the cap").isEqualTo(1);
	}

	@Test
	void capShouldHoldUnderConcurrentNewNames() throws Exception {
		FeatureNames names = new FeatureNames(100);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		IntStream.range(0, 10_000)
			.forEach((i) -> executor.execute(() -> names.resolve(Attribution.of("feature-" + i))));
		executor.shutdown();
		assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		long kept = IntStream.range(0, 10_000)
			.mapToObj((i) -> names.resolve(Attribution.of("feature-" + i)).feature())
			.filter((name) -> !name.equals(FeatureNames.OTHER))
			.count();
		assertThat(kept).isEqualTo(100);
	}

	@Test
	void overflowShouldBeCountedOnTheMeterItBinds() {
		FeatureNames names = new FeatureNames(1);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		names.bindTo(registry);
		names.resolve(Attribution.of("a"));
		names.resolve(Attribution.of("b"));
		names.resolve(Attribution.of("c"));

		assertThat(registry.get("llm.attribution.overflow").tag("dimension", "feature").functionCounter().count())
			.isEqualTo(2);
	}

	@Test
	void budgetedFeaturesAreKeptPastTheCapWithoutTakingItsRoom() {
		FeatureNames names = new FeatureNames(1, java.util.Set.of("budgeted"));

		assertThat(names.resolve(Attribution.of("first")).feature()).isEqualTo("first");
		assertThat(names.resolve(Attribution.of("second")).feature()).isEqualTo(FeatureNames.OTHER);
		assertThat(names.resolve(Attribution.of("budgeted")).feature()).isEqualTo("budgeted");
		assertThat(names.overflowCount()).isEqualTo(1);
	}

}
