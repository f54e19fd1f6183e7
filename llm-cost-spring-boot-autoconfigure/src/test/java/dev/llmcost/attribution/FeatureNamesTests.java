package dev.llmcost.attribution;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FeatureNames}.
 */
@ExtendWith(OutputCaptureExtension.class)
class FeatureNamesTests {

	@ParameterizedTest(name = "[{0}] -> {1}")
	@CsvSource(nullValues = "null", ignoreLeadingAndTrailingWhitespace = false,
			value = { "document-summary,document-summary", "'  padded  ',padded", "'',unattributed",
					"'   ',unattributed", "null,unattributed", "with space,with_space", "a{b}\"c=d,a_b__c_d",
					"résumé,r_sum_", "v1.2_beta-3,v1.2_beta-3" })
	void sanitizeShouldKeepOnlyTagSafeCharacters(String raw, String expected) {
		assertThat(FeatureNames.sanitize(raw)).isEqualTo(expected);
	}

	@Test
	void sanitizeShouldCutLongNames() {
		assertThat(FeatureNames.sanitize("x".repeat(500))).hasSize(FeatureNames.MAX_LENGTH);
	}

	@Test
	void namesPastTheCapShouldBeOtherCountedAndWarnedOnce(CapturedOutput output) {
		FeatureNames names = new FeatureNames(2);

		assertThat(names.resolve("a")).isEqualTo("a");
		assertThat(names.resolve("b")).isEqualTo("b");
		assertThat(names.resolve("c")).isEqualTo(FeatureNames.OTHER);
		assertThat(names.resolve("d")).isEqualTo(FeatureNames.OTHER);
		assertThat(names.resolve("a")).as("known names stay").isEqualTo("a");
		assertThat(names.resolve(null)).as("unattributed does not count").isEqualTo(FeatureNames.UNATTRIBUTED);

		assertThat(names.overflowCount()).isEqualTo(2);
		assertThat(output).containsOnlyOnce("More than 2 distinct LLM feature names");
	}

	@Test
	void taggingOtherObservationsShouldNotCountAnOverflowAgain() {
		FeatureNames names = new FeatureNames(1);
		names.resolve("a");
		assertThat(names.resolve("b")).isEqualTo(FeatureNames.OTHER);

		assertThat(names.tagFor("b")).isEqualTo(FeatureNames.OTHER);
		assertThat(names.tagFor("a")).isEqualTo("a");
		assertThat(names.overflowCount()).as("one call past the cap").isEqualTo(1);
	}

	@Test
	void capShouldHoldUnderConcurrentNewNames() throws Exception {
		FeatureNames names = new FeatureNames(100);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		IntStream.range(0, 10_000).forEach((i) -> executor.execute(() -> names.resolve("feature-" + i)));
		executor.shutdown();
		assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		long kept = IntStream.range(0, 10_000)
			.mapToObj((i) -> names.resolve("feature-" + i))
			.filter((name) -> !name.equals(FeatureNames.OTHER))
			.count();
		assertThat(kept).isEqualTo(100);
	}

}
