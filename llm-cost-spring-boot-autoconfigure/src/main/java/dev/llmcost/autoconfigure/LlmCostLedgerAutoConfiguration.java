package dev.llmcost.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link CostLedger} that totals recorded calls for the
 * endpoint and health.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmCostProperties.class)
public final class LlmCostLedgerAutoConfiguration {

	private static final String PREFIX = LlmCostProperties.PREFIX + ".ledger";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = PREFIX + ".store", havingValue = "memory", matchIfMissing = true)
	CostLedger llmCostLedger(ObjectProvider<Clock> clock, LlmCostProperties properties) {
		LlmCostProperties.Ledger ledger = properties.getLedger();
		Duration retention = ledger.getRetention();
		if (retention.isNegative() || retention.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".retention", retention,
					"It must be positive.");
		}
		return new InMemoryCostLedger(clock.getIfUnique(Clock::systemUTC), zone(properties), retention);
	}

	/**
	 * Return the zone of calendar periods and hourly totals.
	 * @param properties the properties
	 * @return the configured zone, else the JVM's
	 */
	static ZoneId zone(LlmCostProperties properties) {
		ZoneId zone = properties.getLedger().getZone();
		return (zone != null) ? zone : ZoneId.systemDefault();
	}

}
