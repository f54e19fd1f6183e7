package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;

import dev.llmcost.actuate.LlmCostEndpoint.FeatureDescriptor;
import dev.llmcost.actuate.LlmCostEndpoint.LlmCostDescriptor;
import dev.llmcost.actuate.LlmCostEndpoint.ModelDescriptor;
import dev.llmcost.actuate.LlmCostEndpoint.PeriodDescriptor;
import dev.llmcost.actuate.LlmCostEndpoint.PointDescriptor;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.test.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import static dev.llmcost.actuate.TestCostReports.USAGE;
import static dev.llmcost.actuate.TestCostReports.pricedCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Unit tests for {@link LlmCostEndpoint}. How it shows the states of external catalogs is
 * in {@link SourceStatesReportTests}.
 */
class LlmCostEndpointTests {

	private static final ReportingCurrency EUR = new ReportingCurrency(Currency.getInstance("EUR"),
			new BigDecimal("0.9"));

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private final InMemoryCostLedger ledger = new InMemoryCostLedger();

	@Test
	void featuresShouldBeSortedByCostHighestFirst() {
		record("cheap", "gpt-4o-mini", "0.1");
		record("dear", "gpt-4o-mini", "0.5");
		record("middle", "gpt-4o-mini", "0.3");

		assertThat(endpoint(ReportingCurrency.USD).costs(null, null, null, null).features())
			.extracting(FeatureDescriptor::feature)
			.containsExactly("dear", "middle", "cheap");
	}

	@Test
	void featuresWithTheSameCostShouldBeSortedByCallsMostFirst() {
		record("chat", "gpt-4o-mini", "0.2");
		record("translate", "gpt-4o-mini", "0.1", "0.1");

		assertThat(endpoint(ReportingCurrency.USD).costs(null, null, null, null).features())
			.extracting(FeatureDescriptor::feature)
			.containsExactly("translate", "chat");
	}

	@Test
	void modelsWithinAFeatureShouldBeSortedByCostHighestFirst() {
		record("chat", "gpt-4o-mini", "0.1");
		record("chat", "o3", "0.5");
		record("chat", "gpt-4o", "0.3");

		assertThat(endpoint(ReportingCurrency.USD).feature("chat", null, null, null, null).models())
			.extracting(ModelDescriptor::model)
			.containsExactly("o3", "gpt-4o", "gpt-4o-mini");
	}

	@Test
	void modelsWithTheSameCostShouldBeSortedByCallsMostFirst() {
		record("chat", "gpt-4o-mini", "0.2");
		record("chat", "o3", "0.1", "0.1");

		assertThat(endpoint(ReportingCurrency.USD).feature("chat", null, null, null, null).models())
			.extracting(ModelDescriptor::model)
			.containsExactly("o3", "gpt-4o-mini");
	}

	@Test
	void costsShouldBeConvertedToTheReportingCurrency() {
		record("chat", "o3", "0.5");
		record("chat", "gpt-4o-mini", "0.1");

		LlmCostDescriptor costs = endpoint(EUR).costs(null, null, null, null);

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

		FeatureDescriptor chat = endpoint(ReportingCurrency.USD).feature("chat", null, null, null, null);

		assertThat(chat).isNotNull();
		assertThat(chat.feature()).isEqualTo("chat");
		assertThat(chat.calls()).isEqualTo(1);
		assertThat(chat.cost()).isEqualByComparingTo("0.1");
		assertThat(chat.models()).extracting(ModelDescriptor::model).containsExactly("gpt-4o-mini");
	}

	@Test
	void featureWhenUnknownShouldBeNull() {
		record("chat", "gpt-4o-mini", "0.1");

		assertThat(endpoint(ReportingCurrency.USD).feature("no-such-feature", null, null, null, null)).isNull();
	}

	@Test
	void pricingWithoutACatalogStatusShouldBeNull() {
		assertThat(endpoint(ReportingCurrency.USD).costs(null, null, null, null).pricing()).isNull();
	}

	@Test
	void costsShouldBeWrittenAsPlainJsonNumbersWithoutTrailingZeros() {
		// BigDecimal writes 0.0000001 as 1E-7
		record("tiny", "gpt-4o-mini", "0.0000001");
		record("padded", "gpt-4o", "0.000298200");

		String json = JsonMapper.builder()
			.build()
			.writeValueAsString(endpoint(ReportingCurrency.USD).costs(null, null, null, null));

		// total: 0.0000001 + 0.000298200 = 0.0002983
		assertThat(json)
			.contains("\"cost\":0.0000001,", "\"cost\":0.0002982,", "\"cost\":0.0002983,", "\"exchangeRate\":1,")
			.doesNotContain("E-", "0.000298200");
	}

	@Test
	void periodThatStartedBeforeTheLedgerShouldBeIncomplete() {
		// Started at 10:13:14 in Paris on Oct 25 (winter time, UTC+1).
		MutableClock clock = MutableClock.at("2026-10-25T09:13:14Z");
		LlmCostEndpoint endpoint = periodEndpoint(clock);
		clock.set("2026-10-25T11:30:00Z");

		PeriodDescriptor today = endpoint.costs("today", null, null, null).period();
		PeriodDescriptor startHour = endpoint.costs(null, "2026-10-25T09:00:00Z", null, null).period();
		PeriodDescriptor lastHour = endpoint.costs("1h", null, null, null).period();
		PeriodDescriptor sinceStart = endpoint.costs(null, null, null, null).period();

		assertThat(today).isEqualTo(new PeriodDescriptor("today", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z",
				"Europe/Paris", "instance", false));
		assertThat(endpoint.costs("today", null, null, null).since()).as("when the ledger started")
			.isEqualTo("2026-10-25T09:13:14Z");
		assertThat(startHour.complete()).as("the hour it started in").isFalse();
		assertThat(lastHour).isEqualTo(new PeriodDescriptor("1h", "2026-10-25T11:00:00Z", "2026-10-25T12:00:00Z",
				"Europe/Paris", "instance", true));
		assertThat(endpoint.costs("1h", null, null, null).since()).isEqualTo("2026-10-25T11:00:00Z");
		assertThat(sinceStart).isEqualTo(new PeriodDescriptor("since-start", "2026-10-25T09:13:14Z",
				"2026-10-25T11:30:00Z", "Europe/Paris", "instance", true));
	}

	@Test
	void seriesCostsShouldBeConvertedToTheReportingCurrency() {
		MutableClock clock = MutableClock.at("2026-10-25T09:13:14Z");
		InMemoryCostLedger ledger = new InMemoryCostLedger(clock, PARIS, Duration.ofDays(35));
		ledger.record(new RecordedCall(Instant.parse("2026-10-25T10:20:00Z"), Attribution.of("chat"), "openai", "chat",
				"o3", "o3", USAGE, new BigDecimal("0.5"), true, false));
		clock.set("2026-10-25T11:30:00Z");

		LlmCostDescriptor costs = new LlmCostEndpoint(ledger, EUR, null, clock, PARIS).costs("today", null, null, "1h");

		// 0.5 USD x 0.9 EUR per USD, in the hour from 11:00 in Paris (10:00Z); Oct 25 has
		// 25 hours.
		assertThat(costs.total().series()).hasSize(25)
			.filteredOn((point) -> point.calls() > 0)
			.singleElement()
			.satisfies((point) -> {
				assertThat(point.from()).isEqualTo("2026-10-25T10:00:00Z");
				assertThat(point.cost()).isEqualByComparingTo("0.45");
			});
		assertThat(costs.features().get(0).series()).extracting(PointDescriptor::cost)
			.usingElementComparator(BigDecimal::compareTo)
			.contains(new BigDecimal("0.45"));
		assertThat(costs.features().get(0).period()).as("shown once, at the top").isNull();
	}

	@Test
	void badParametersShouldBeInvalidRequests() {
		LlmCostEndpoint endpoint = periodEndpoint(MutableClock.at("2026-10-25T09:13:14Z"));

		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.costs("fortnight", null, null, null))
			.satisfies((ex) -> assertThat(ex.getReason()).startsWith("Unknown period 'fortnight'; use today,"));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.costs("today", "2026-10-01", null, null))
			.withMessage("Give either 'period' or 'from' and 'to', not both");
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.feature("chat", null, null, "2026-10-01", null))
			.withMessage("'to' needs a 'from'");
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.costs("month", null, null, "1w"))
			.withMessage("Unknown step '1w'; use 1h or 1d");
	}

	private LlmCostEndpoint periodEndpoint(MutableClock clock) {
		return new LlmCostEndpoint(new InMemoryCostLedger(clock, PARIS, Duration.ofDays(35)), ReportingCurrency.USD,
				null, clock, PARIS);
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
