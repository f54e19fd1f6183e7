package dev.llmcost.autoconfigure;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCostLedgerAutoConfiguration}.
 */
class LlmCostLedgerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCostLedgerAutoConfiguration.class));

	@Test
	void ledgerShouldCountFromTheApplicationClock() {
		Clock clock = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);
		this.contextRunner.withBean(Clock.class, () -> clock)
			.run((context) -> assertThat(context.getBean(CostLedger.class).snapshot().since())
				.isEqualTo(Instant.parse("2026-12-01T08:00:00Z")));
	}

	@Test
	void userLedgerShouldWin() {
		CostLedger ledger = new InMemoryCostLedger();
		this.contextRunner.withBean(CostLedger.class, () -> ledger)
			.run((context) -> assertThat(context.getBean(CostLedger.class)).isSameAs(ledger));
	}

	@Test
	void disabledShouldAddNothing() {
		this.contextRunner.withPropertyValues("llm.cost.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CostLedger.class));
	}

}
