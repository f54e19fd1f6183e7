package dev.llmcost.pricing.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CatalogRegex}: what {@code java.util.regex} finds, found in time
 * linear in the name.
 */
class CatalogRegexTests {

	/**
	 * Every regex of genai-prices' data files (prices/data.json and the v2 and v3 feeds,
	 * 2025 to 2026).
	 */
	private static final List<String> GENAI_PRICES_PATTERNS = List.of("^o[134]", "(?:mi|code|dev|magi|mini)stral",
			"(?:mi|code|dev|magi|mini)stral|(?:mix|pix)tral",
			"mistral|codestral|devstral|magistral|ministral|mixtral|pixtral", "^grok-4\\.3-\\d{8}$",
			"^grok-4\\.5-\\d{8}$", "^x-ai/grok-4\\.3-\\d{8}$", "^x-ai/grok-4\\.5-\\d{8}$", "^gemini-3\\.5-flash-\\d",
			"^google/gemini-3\\.5-flash-\\d{8}$", "^gpt-5\\.6-luna-\\d{4}-\\d{2}-\\d{2}$",
			"^gpt-5-6-luna-\\d{4}-\\d{2}-\\d{2}$", "^gpt-5\\.6-sol-\\d{4}-\\d{2}-\\d{2}$",
			"^gpt-5-6-terra-\\d{4}-\\d{2}-\\d{2}$", "^grok-4(-\\d{4})?$", "^gpt-4o(-\\d{4}-\\d{2}-\\d{2})?$");

	private static final List<String> MODEL_NAMES = List.of("o1", "o3", "o3-mini", "o4-mini-2025-04-16", "o2", "gpt-4o",
			"gpt-4o-2024-08-06", "gpt-4o-mini", "gpt-4o-2024-8-06", "mistral-large", "codestral-latest",
			"devstral-small-2505", "magistral-medium", "ministral-8b", "mixtral-8x7b", "pixtral-12b", "mistral",
			"grok-4.3-20260101", "grok-4.3-2026010", "grok-4.3-202601011", "grok-4-0709", "grok-4", "grok-4-fast",
			"x-ai/grok-4.5-20260101", "gemini-3.5-flash-001", "gemini-3.5-flash-lite",
			"google/gemini-3.5-flash-20260101", "gpt-5.6-luna-2026-01-15", "gpt-5-6-luna-2026-01-15",
			"gpt-5x6-luna-2026-01-15", "gpt-5.6-sol-2026-01-15", "gpt-5-6-terra-2026-01-15\n", "",
			"openrouter/mistralai/mistral-7b");

	@Test
	void genAiPricesPatternsShouldMatchTheNamesJavaUtilRegexMatches() {
		for (String regex : GENAI_PRICES_PATTERNS) {
			CatalogRegex compiled = CatalogRegex.compile(regex);
			for (String name : MODEL_NAMES) {
				assertThat(compiled.test(name)).as("%s in %s", regex, name)
					.isEqualTo(Pattern.compile(regex).matcher(name).find());
			}
		}
	}

	@Test
	void edgeCasesShouldMatchWhatJavaUtilRegexMatches() {
		List<String> cases = List.of(
				// classes: ranges, negation, '-' as itself, predefined classes inside
				"[a-c-e]", "-", "[a-c-e]", "d", "[a-]", "-", "[-a]", "-", "[\\d-z]", "-", "[\\d-z]", "m", "[--a]", ".",
				"[^\\d]", "7", "[^-]", "-", "[a&b]", "&", "[\\]]", "]", "[\\x41-\\x43]", "B", "[\\s]", "\u000B",
				"[\\w]", "_", "[^a]", "\uD83D\uDE00",
				// escapes
				"\\x{61}", "a", "\\u0061", "a", "\\0141", "a", "\\01411", "a1", "\\0411", "!1", "\\cA", "\u0001", "\\e",
				"\u001B", "\\t", "\t", "\\.", "x", "\\_", "_", "a]", "a]", "a}", "a}", "#", " ", "\\#", "#",
				// '.' stops at line terminators; a surrogate pair is one character
				".", "\n", ".", "\u0085", ".", "\u2028", "^.$", "\uD83D\uDE00", "^..$", "\uD83D\uDE00", "x.",
				"x\uD83D\uDE00", "^.$", "\uDE00",
				// '$' and \\Z hold before a final line break too, not inside \r\n
				"a$", "a\n", "a$", "a\r\n", "a$", "a\r", "a$", "a\u2029", "a$", "a\n\n", "$", "\r\n", "^$", "\n",
				"\\r$", "\r\n", "a\\Z", "a\n", "a\\z", "a\n", "\\Aa", "ba",
				// repetitions, greedy and lazy
				"^a{0}$", "", "^a{0}$", "a", "^a{2,3}$", "aa", "^a{2,3}$", "aaaa", "^a{2,}$", "aaaaa", "^a{2,}$", "a",
				"^(?:ab){2}$", "abab", "^a*?b", "aab", "^a+?$", "aaa", "^a??b", "b", "^(?:a|b)*c$", "abbac", "^(|a)+$",
				"aa", "^(?:)*$", "", "(?:^a)?b", "ab", "(?:a$){1}", "a",
				// groups and alternation
				"(?<version>\\d+)-x", "12-x", "a||b", "c", "^(a|)$", "", "()", "x");
		for (int i = 0; i < cases.size(); i += 2) {
			String regex = cases.get(i);
			String name = cases.get(i + 1);
			assertThat(CatalogRegex.compile(regex).test(name)).as("%s in \"%s\"", regex, name)
				.isEqualTo(Pattern.compile(regex).matcher(name).find());
		}
	}

	@Test
	void generatedPatternsShouldMatchWhatJavaUtilRegexMatches() {
		Random random = new Random(20261122);
		int compared = 0;
		for (int i = 0; i < 3_000; i++) {
			String regex = pattern(random, 3, true);
			try {
				Pattern.compile(regex);
			}
			catch (PatternSyntaxException ex) {
				continue;
			}
			CatalogRegex compiled = CatalogRegex.compile(regex);
			Pattern pattern = Pattern.compile(regex);
			for (int j = 0; j < 20; j++) {
				String name = name(random);
				assertThat(compiled.test(name)).as("%s in \"%s\"", regex, name).isEqualTo(pattern.matcher(name).find());
			}
			compared++;
		}
		assertThat(compared).isGreaterThan(2_000);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(
			strings = { "^(a+)+$", "^(a|aa)+$", "(a*)*b", "^(\\w+\\s?)*$", "^(.*a){12}$", "(?:a+){10}(?:a+){10}$" })
	void patternsThatBacktrackShouldReadTheNameOnce(String regex) {
		CatalogRegex compiled = CatalogRegex.compile(regex);
		CountingName name = new CountingName("a".repeat(25) + "!");

		assertThat(compiled.find(name)).isFalse();
		// each character once, and the last two again for '$'
		assertThat(name.reads).isLessThanOrEqualTo(26 + 2);
	}

	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void patternThatBacktracksWithoutReadingShouldNotTakeExponentialTime() {
		// java.util.regex tries the 2^40 ways through the empty groups at each index of
		// the name without reading it, so that no budget on reads would stop it
		CatalogRegex compiled = CatalogRegex.compile("(?:|)".repeat(40) + "\\z\\A");

		assertThat(compiled.test("y")).isFalse();
		assertThat(compiled.test("")).isTrue();
	}

	@Test
	void nameLongerThanTheLimitShouldNeverMatch() {
		CatalogRegex compiled = CatalogRegex.compile("^gpt-");
		String longest = "gpt-" + "x".repeat(CatalogRegex.MAX_NAME_LENGTH - 4);

		assertThat(compiled.test(longest)).isTrue();
		assertThat(compiled.test(longest + "x")).isFalse();
		CountingName megabyte = new CountingName("gpt-" + "x".repeat(1_000_000));
		assertThat(compiled.find(megabyte)).isFalse();
		assertThat(megabyte.reads).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			value = { "^((a+)\\2?)+$|a back-reference|6", "(?<n>a)\\k<n>|a back-reference|7",
					"^gpt(?=-4)|a lookahead|4", "^gpt(?!-4)|a lookahead|4", "(?<=a)b|a lookbehind|0",
					"(?<!a)b|a lookbehind|0", "(?>a+)b|an atomic group|0", "a*+b|a possessive quantifier|2",
					"(?i)gpt|inline flags|0", "(?i:gpt)|inline flags|0", "\\bgpt|a word boundary|0",
					"\\p{L}|a Unicode property|0", "[a[b]]|a nested character class|2",
					"[a-z&&[^x]]|a character class intersection|4", "\\Qa.b\\E|\\Q...\\E quoting|0",
					"[\\Q]\\E]|\\Q...\\E quoting|1", "[]a]|a character class starting with ']'|0",
					"gpt-\uD83D\uDE00|a character outside the Basic Multilingual Plane|4",
					"\\x{1F600}|a character outside the Basic Multilingual Plane|0",
					"a{1}{2}|a quantifier on a quantifier|4", "\\R|the escape \\R|0", "\\G|the escape \\G|0" })
	void constructsThatAreNotSupportedShouldBeRejectedSayingWhichAndWhere(String regex, String what, int index) {
		assertThatIllegalArgumentException().isThrownBy(() -> CatalogRegex.compile(regex))
			.withMessage("the regex of " + regex.length() + " characters uses " + what + " at index " + index
					+ ", which price catalog regexes do not support (they are matched in time linear in the name)");
	}

	@Test
	void invalidPatternShouldBeRejectedAsJavaUtilRegexRejectsIt() {
		assertThatExceptionOfType(PatternSyntaxException.class)
			.isThrownBy(() -> CatalogRegex.compile("^gpt-(?P<version>\\d)"));
	}

	@Test
	void patternLongerThanTheLimitShouldBeRejected() {
		assertThat(CatalogRegex.compile("a".repeat(CatalogRegex.MAX_LENGTH)).test("a".repeat(100))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> CatalogRegex.compile("a".repeat(1_001)))
			.withMessage(
					"the regex of 1001 characters is longer than the 1000 characters a price catalog regex may have");
	}

	@Test
	void repetitionsNeedingTooManyStatesShouldBeRejected() {
		// 1,999 states and the match state
		assertThat(CatalogRegex.compile("a{1999}").test("a".repeat(CatalogRegex.MAX_NAME_LENGTH))).isFalse();
		assertThat(CatalogRegex.compile("(?:a{10}){199}").test("a".repeat(CatalogRegex.MAX_NAME_LENGTH))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> CatalogRegex.compile("a{2000}"))
			.withMessageContaining(" characters needs more than the 2000 states a price catalog regex may have");
		assertThatIllegalArgumentException().isThrownBy(() -> CatalogRegex.compile("((a{1000}){1000}){1000}"))
			.withMessageContaining(" characters needs more than the 2000 states a price catalog regex may have");
		assertThatIllegalArgumentException().isThrownBy(() -> CatalogRegex.compile("(?:a{10,2147483647})"))
			.withMessageContaining(" characters needs more than the 2000 states a price catalog regex may have");
	}

	/**
	 * Generate a pattern of groups, alternatives, quantifiers and the atoms below;
	 * anchors only outside groups repeated more than once, which are not supported.
	 */
	private static String pattern(Random random, int depth, boolean anchors) {
		StringBuilder pattern = new StringBuilder();
		int items = 1 + random.nextInt(4);
		for (int i = 0; i < items; i++) {
			String quantifier = (random.nextInt(3) != 0) ? ""
					: QUANTIFIERS.get(random.nextInt(QUANTIFIERS.size())) + ((random.nextInt(4) == 0) ? "?" : "");
			boolean once = quantifier.isEmpty() || quantifier.startsWith("?") || quantifier.startsWith("{0}")
					|| quantifier.startsWith("{1}");
			if (depth > 0 && random.nextInt(5) == 0) {
				String open = List.of("(", "(?:", "(?<g" + depth + i + ">").get(random.nextInt(3));
				pattern.append(open).append(pattern(random, depth - 1, anchors && once));
				if (random.nextBoolean()) {
					pattern.append('|').append(pattern(random, depth - 1, anchors && once));
				}
				pattern.append(')');
			}
			else {
				List<String> atoms = (anchors && once) ? ATOMS_AND_ANCHORS : ATOMS;
				pattern.append(atoms.get(random.nextInt(atoms.size())));
			}
			pattern.append(quantifier);
		}
		if (random.nextInt(8) == 0) {
			pattern.append('|').append(pattern(random, Math.max(0, depth - 1), anchors));
		}
		return pattern.toString();
	}

	private static final List<String> ATOMS = List.of("a", "b", "-", "\\.", ".", "\\d", "\\D", "\\w", "\\W", "\\s",
			"\\S", "[ab]", "[^a]", "[a-c]", "[-a]", "[a-]", "[\\d.]", "[^\\s-]", "1", "\\n", "\\x61", "\\u002D",
			"\\0142", " ", "_");

	private static final List<String> ATOMS_AND_ANCHORS = Stream
		.concat(ATOMS.stream(), Stream.of("^", "$", "\\A", "\\z", "\\Z"))
		.toList();

	private static final List<String> QUANTIFIERS = List.of("?", "*", "+", "{0}", "{1}", "{2}", "{0,2}", "{1,}",
			"{2,3}");

	private static String name(Random random) {
		StringBuilder name = new StringBuilder();
		int length = random.nextInt(9);
		for (int i = 0; i < length; i++) {
			name.append(CHARACTERS.get(random.nextInt(CHARACTERS.size())));
		}
		return name.toString();
	}

	private static final List<String> CHARACTERS = new ArrayList<>(List.of("a", "a", "b", "b", "c", "-", ".", "1", "9",
			" ", "_", "\n", "\r", "\u0085", "\u2028", "\uD83D\uDE00", "\uDE00", "A", "\t"));

	/**
	 * A name that counts how often it is read.
	 */
	private static final class CountingName implements CharSequence {

		private final String name;

		private long reads;

		CountingName(String name) {
			this.name = name;
		}

		@Override
		public int length() {
			return this.name.length();
		}

		@Override
		public char charAt(int index) {
			this.reads++;
			return this.name.charAt(index);
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			throw new UnsupportedOperationException();
		}

		@Override
		public String toString() {
			throw new UnsupportedOperationException();
		}

	}

}
