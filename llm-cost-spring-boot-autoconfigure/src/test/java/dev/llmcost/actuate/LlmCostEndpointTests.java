package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.util.Currency;

import dev.llmcost.actuate.LlmCostEndpoint.FeatureDescriptor;
import dev.llmcost.actuate.LlmCostEndpoint.LlmCostDescriptor;
import dev.llmcost.actuate.LlmCostEndpoint.ModelDescriptor;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.pricing.ReportingCurrency;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static dev.llmcost.actuate.TestCostReports.pricedCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link LlmCostEndpoint}. How it shows the states of external catalogs is
 * in {@link SourceStatesReportTests}.
 */
class LlmCostEndpointTests {

	private static final ReportingCurrency EUR = new ReportingCurrency(Currency.getInstance("EUR"),
			new BigDecimal("0.9"));

	private final InMemoryCostLedger ledger = new InMemoryCostLedger();

	@Test
	void featuresShouldBeSortedByCostHighestFirst() {
		record("cheap", "gpt-4o-mini", "0.1");
		record("dear", "gpt-4o-mini", "0.5");
		record("middle", "gpt-4o-mini", "0.3");

		assertThat(endpoint(ReportingCurrency.USD).costs().features()).extracting(FeatureDescriptor::feature)
			.containsExactly("dear", "middle", "cheap");
	}

	@Test
	void featuresWithTheSameCostShouldBeSortedByCallsMostFirst() {
		record("chat", "gpt-4o-mini", "0.2");
		record("translate", "gpt-4o-mini", "0.1", "0.1");

		assertThat(endpoint(ReportingCurrency.USD).costs().features()).extracting(FeatureDescriptor::feature)
			.containsExactly("translate", "chat");
	}

	@Test
	void modelsWithinAFeatureShouldBeSortedByCostHighestFirst() {
		record("chat", "gpt-4o-mini", "0.1");
		record("chat", "o3", "0.5");
		record("chat", "gpt-4o", "0.3");

		assertThat(endpoint(ReportingCurrency.USD).feature("chat").models()).extracting(ModelDescriptor::model)
			.containsExactly("o3", "gpt-4o", "gpt-4o-mini");
	}

	@Test
	void modelsWithTheSameCostShouldBeSortedByCallsMostFirst() {
		record("chat", "gpt-4o-mini", "0.2");
		record("chat", "o3", "0.1", "0.1");

		assertThat(endpoint(ReportingCurrency.USD).feature("chat").models()).extracting(ModelDescriptor::model)
			.containsExactly("o3", "gpt-4o-mini");
	}

	@Test
	void costsShouldBeConvertedToTheReportingCurrency() {
		record("chat", "o3", "0.5");
		record("chat", "gpt-4o-mini", "0.1");

		LlmCostDescriptor costs = endpoint(EUR).costs();

		assertThat(costs.currency()).isEqualTo("EUR");
		// 0.5 + 0.1 = 0.6 USD x 0.9 EUR per USD = 0.54 EUR
		assertThat(costs.total().cost()).isEqualByComparingTo("0.54");
		assertThat(costs.features()).singleElement()
			.satisfies((feature) -> assertThat(feature.cost()).isEqualByComparingTo("0.54"));
		// o3: 0.5 USD = 0.45 EUR; gpt-4o-mini: 0.1 USD = 0.09 EUR
		assertThat(costs.features().get(0).models()).extracting(ModelDescriptor::cost)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("0.45"), new BigDecimal("0.09"));
	}

	@Test
	void featureShouldReturnTheNamedFeature() {
		record("chat", "gpt-4o-mini", "0.1");
		record("search", "gpt-4o", "0.2");

		FeatureDescriptor chat = endpoint(ReportingCurrency.USD).feature("chat");

		assertThat(chat).isNotNull();
		assertThat(chat.feature()).isEqualTo("chat");
		assertThat(chat.calls()).isEqualTo(1);
		assertThat(chat.cost()).isEqualByComparingTo("0.1");
		assertThat(chat.models()).extracting(ModelDescriptor::model).containsExactly("gpt-4o-mini");
	}

	@Test
	void featureWhenUnknownShouldBeNull() {
		record("chat", "gpt-4o-mini", "0.1");

		assertThat(endpoint(ReportingCurrency.USD).feature("no-such-feature")).isNull();
	}

	@Test
	void pricingWithoutACatalogStatusShouldBeNull() {
		assertThat(endpoint(ReportingCurrency.USD).costs().pricing()).isNull();
	}

	@Test
	void costsShouldBeWrittenAsPlainJsonNumbersWithoutTrailingZeros() {
		// BigDecimal writes 0.0000001 as 1E-7
		record("tiny", "gpt-4o-mini", "0.0000001");
		record("padded", "gpt-4o", "0.000298200");

		String json = JsonMapper.builder().build().writeValueAsString(endpoint(ReportingCurrency.USD).costs());

		// total: 0.0000001 + 0.000298200 = 0.0002983
		assertThat(json)
			.contains("\"cost\":0.0000001,", "\"cost\":0.0002982,", "\"cost\":0.0002983,", "\"exchangeRate\":1,")
			.doesNotContain("E-", "0.000298200");
	}

	/**
	 * Record one priced call of a feature and model per given cost.
	 */
	private void record(String feature, String model, String... costsUsd) {
		for (String cost : costsUsd) {
			this.ledger.record(pricedCall(feature, model, cost));
		}
	}

	private LlmCostEndpoint endpoint(ReportingCurrency currency) {
		return new LlmCostEndpoint(this.ledger, currency, null);
	}

}
