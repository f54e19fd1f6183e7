package dev.llmcost.pricing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names from outside the application as they are written into log lines.
 */
class LoggableNamesTests {

	@Test
	void lineBreaksShouldBeEscaped() {
		assertThat(LoggableNames.of("evil\nFORGED\rline\\")).isEqualTo("evil\\nFORGED\\rline\\\\");
	}

	@Test
	void unicodeSeparatorsAndFormatCharactersShouldBeEscaped() {
		// Some log viewers break lines at U+2028 and U+2029; U+202E reverses what
		// follows.
		assertThat(LoggableNames.of("a\u2028b\u2029c\u202Ed\u0001e\u007F"))
			.isEqualTo("a\\u2028b\\u2029c\\u202ed\\u0001e\\u007f");
	}

	@Test
	void lettersOfEveryScriptShouldBeKept() {
		assertThat(LoggableNames.of("résumé 🚀 文档")).isEqualTo("résumé 🚀 文档");
	}

	@Test
	void longNameShouldBeCutAndItsLengthGiven() {
		assertThat(LoggableNames.of("m".repeat(10_000))).isEqualTo("m".repeat(200) + "... (10000 characters)");
	}

}
