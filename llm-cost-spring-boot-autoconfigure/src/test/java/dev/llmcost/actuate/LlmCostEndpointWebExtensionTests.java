package dev.llmcost.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.LedgerUnavailableException;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.test.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's HTTP answers when its ledger cannot be read: a database that is down.
 */
class LlmCostEndpointWebExtensionTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private final MutableClock clock = MutableClock.at("2026-11-03T15:20:00Z");

	private final LlmCostEndpointWebExtension extension = new LlmCostEndpointWebExtension(
			new LlmCostEndpoint(new UnreadableLedger(this.clock), ReportingCurrency.USD, null, this.clock, PARIS));

	@Test
	void periodThatCannotBeReadShouldBeA503SayingTheCallsAreStillCounted() {
		WebEndpointResponse<?> response = this.extension.costs("today", null, null, null, null,
				LlmCostOutputFormat.JSON);

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getBody()).isEqualTo(new LlmCostEndpointWebExtension.ErrorDescriptor(503,
				"Service Unavailable", "The ledger's table cannot be read now (RuntimeException); the calls are "
						+ "still counted and will be reported when it can be read."));
	}

	@Test
	void featureOverAPeriodThatCannotBeReadShouldBeA503() {
		assertThat(
				this.extension.feature("summary", "month", null, null, null, null, LlmCostOutputFormat.CSV).getStatus())
			.isEqualTo(503);
	}

	@Test
	void totalsSinceTheStartShouldStillBeAnswered() {
		assertThat(this.extension.costs(null, null, null, null, null, LlmCostOutputFormat.JSON).getStatus())
			.isEqualTo(200);
	}

	/**
	 * A ledger whose hourly rows are in a store that is down.
	 */
	static class UnreadableLedger extends InMemoryCostLedger {

		UnreadableLedger(MutableClock clock) {
			super(clock, PARIS, Duration.ofDays(35));
		}

		@Override
		public List<LedgerRow> rows(Instant from, Instant to) {
			throw new LedgerUnavailableException("The ledger's table cannot be read now (RuntimeException)",
					new RuntimeException("connection refused"));
		}

	}

}
