package dev.llmcost.attribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Attribution}: feature names fit to be meter tags.
 */
class AttributionTests {

	@ParameterizedTest(name = "[{0}] -> {1}")
	@CsvSource(nullValues = "null", ignoreLeadingAndTrailingWhitespace = false,
			value = { "document-summary,document-summary", "'  padded  ',padded", "'',unattributed",
					"'   ',unattributed", "null,unattributed", "with space,with_space", "a{b}\"c=d,a_b__c_d",
					"résumé,r_sum_", "v1.2_beta-3,v1.2_beta-3" })
	void sanitizeShouldKeepOnlyTagSafeCharacters(String raw, String expected) {
		assertThat(Attribution.sanitize(raw)).isEqualTo(expected);
	}

	@Test
	void sanitizeShouldCutLongNames() {
		assertThat(Attribution.sanitize("x".repeat(500))).hasSize(Attribution.MAX_FEATURE_LENGTH);
	}

	@Test
	void everyAttributionShouldHoldASanitisedFeature() {
		assertThat(new Attribution(" résumé ").feature()).isEqualTo("r_sum_");
		assertThat(Attribution.of(null)).isSameAs(Attribution.UNATTRIBUTED);
		assertThat(Attribution.of("  ").isUnattributed()).isTrue();
		assertThat(Attribution.of("a").withFeature("b")).isEqualTo(Attribution.of("b"));
	}

	@Test
	void teamAndTenantShouldBeSanitisedAndBlankOnesMissing() {
		Attribution attribution = new Attribution("f", " data team ", "x".repeat(500), " ");

		assertThat(attribution.team()).isEqualTo("data_team");
		assertThat(attribution.tenant()).hasSize(Attribution.MAX_FEATURE_LENGTH);
		assertThat(attribution.userHash()).isNull();
		assertThat(Attribution.of("f").withTeam("  ").team()).isNull();
	}

	@Test
	void anotherFeatureShouldKeepTheTenantAndUserButNotTheTeam() {
		Attribution attribution = new Attribution("a", "team-a", "acme", "0123456789abcdef");

		assertThat(attribution.withFeature("b")).isEqualTo(new Attribution("b", null, "acme", "0123456789abcdef"));
	}

}
