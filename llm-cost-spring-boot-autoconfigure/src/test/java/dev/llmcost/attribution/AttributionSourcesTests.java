package dev.llmcost.attribution;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link AttributionSources}.
 */
class AttributionSourcesTests {

	private final AttributionSources sources = new AttributionSources(
			Map.of("Document Summary", "content team", "search", "search", "blank", " "));

	@Test
	void teamOfAConfiguredFeatureShouldBeAdded() {
		assertThat(this.sources.resolve(Attribution.of("search")).team()).isEqualTo("search");
	}

	@Test
	void configuredNamesShouldBeSanitisedAsRecordedNamesAre() {
		assertThat(this.sources.resolve(Attribution.of("Document Summary")))
			.isEqualTo(new Attribution("Document_Summary", "content_team", null, null));
	}

	@Test
	void teamTheCallNamesShouldWin() {
		assertThat(this.sources.resolve(Attribution.of("search").withTeam("platform")).team()).isEqualTo("platform");
	}

	@Test
	void featureWithoutATeamOrWithABlankOneShouldHaveNone() {
		assertThat(this.sources.resolve(Attribution.of("other-feature")).team()).isNull();
		assertThat(this.sources.resolve(Attribution.of("blank")).team()).isNull();
	}

	@Test
	void noAttributionShouldBeUnattributed() {
		assertThat(this.sources.resolve(null)).isEqualTo(Attribution.UNATTRIBUTED);
	}

}
