package dev.llmcost.autoconfigure;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import javax.sql.DataSource;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.jdbc.JdbcCostLedger;
import dev.llmcost.ledger.jdbc.JdbcLedgerSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link CostLedger} that totals recorded calls for the
 * endpoint and health: in memory by default, in a database table shared by the fleet with
 * {@code llm.cost.ledger.store=jdbc}. The JDBC ledger's classes are loaded only then.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmCostProperties.class)
public final class LlmCostLedgerAutoConfiguration {

	private static final String PREFIX = LlmCostProperties.PREFIX + ".ledger";

	private static final String JDBC_PREFIX = PREFIX + ".jdbc";

	private static final String JDBC_TEMPLATE = "org.springframework.jdbc.core.JdbcTemplate";

	private static final String SCRIPT_INITIALIZER = "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer";

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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = PREFIX + ".store", havingValue = "jdbc")
	@ConditionalOnClass(name = { JDBC_TEMPLATE, SCRIPT_INITIALIZER })
	static class JdbcLedgerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmCostLedgerSchemaInitializer llmCostLedgerSchemaInitializer(ObjectProvider<DataSource> dataSource,
				LlmCostProperties properties) {
			LlmCostProperties.Ledger.Jdbc jdbc = properties.getLedger().getJdbc();
			return new LlmCostLedgerSchemaInitializer(dataSource(dataSource), jdbc.getInitializeSchema(),
					settings(jdbc).tablePrefix());
		}

		@Bean
		@ConditionalOnMissingBean(CostLedger.class)
		JdbcCostLedger llmCostLedger(ObjectProvider<DataSource> dataSource, ObjectProvider<Clock> clock,
				LlmCostProperties properties, LlmCostLedgerSchemaInitializer schemaInitializer) {
			// The initializer is a parameter so that the tables exist before the ledger.
			return new JdbcCostLedger(dataSource(dataSource), clock.getIfUnique(Clock::systemUTC), zone(properties),
					settings(properties.getLedger().getJdbc()));
		}

		private static DataSource dataSource(ObjectProvider<DataSource> dataSources) {
			DataSource dataSource = dataSources.getIfUnique();
			if (dataSource == null) {
				boolean none = dataSources.stream().findAny().isEmpty();
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".store", "jdbc", none
						? "It needs a DataSource bean: add spring-boot-starter-jdbc and a JDBC driver (PostgreSQL or "
								+ "H2), and set spring.datasource.url."
						: "It needs one DataSource bean, or one marked @Primary, and there are several.");
			}
			return dataSource;
		}

		/**
		 * Check the properties, naming the one that is wrong.
		 */
		static JdbcLedgerSettings settings(LlmCostProperties.Ledger.Jdbc jdbc) {
			if (!JdbcLedgerSettings.isValidTablePrefix(jdbc.getTablePrefix())) {
				throw new InvalidConfigurationPropertyValueException(JDBC_PREFIX + ".table-prefix",
						jdbc.getTablePrefix(),
						"It must be letters, digits and '_', optionally after a schema name and a dot.");
			}
			requirePositive("flush-interval", jdbc.getFlushInterval());
			requirePositive("retention", jdbc.getRetention());
			if (jdbc.getReadCache().isNegative()) {
				throw new InvalidConfigurationPropertyValueException(JDBC_PREFIX + ".read-cache", jdbc.getReadCache(),
						"It must not be negative.");
			}
			if (jdbc.getMaxPending() <= 0) {
				throw new InvalidConfigurationPropertyValueException(JDBC_PREFIX + ".max-pending", jdbc.getMaxPending(),
						"It must be positive.");
			}
			if (jdbc.getShutdownTimeout().isNegative()) {
				throw new InvalidConfigurationPropertyValueException(JDBC_PREFIX + ".shutdown-timeout",
						jdbc.getShutdownTimeout(), "It must not be negative.");
			}
			String instanceId = jdbc.getInstanceId();
			if (instanceId != null
					&& (instanceId.isBlank() || instanceId.length() > JdbcLedgerSettings.MAX_INSTANCE_ID_LENGTH)) {
				throw new InvalidConfigurationPropertyValueException(JDBC_PREFIX + ".instance-id", instanceId,
						"It must not be blank nor longer than " + JdbcLedgerSettings.MAX_INSTANCE_ID_LENGTH
								+ " characters.");
			}
			return new JdbcLedgerSettings(jdbc.getTablePrefix(), jdbc.getFlushInterval(), jdbc.getRetention(),
					(instanceId != null) ? instanceId : defaultInstanceId(), jdbc.getReadCache(), jdbc.getMaxPending(),
					jdbc.getShutdownTimeout());
		}

		private static void requirePositive(String property, Duration value) {
			if (value.isNegative() || value.isZero()) {
				throw new InvalidConfigurationPropertyValueException(JDBC_PREFIX + "." + property, value,
						"It must be positive.");
			}
		}

		/**
		 * The process id and host name, as the JVM knows them: no name lookup.
		 */
		private static String defaultInstanceId() {
			String name = ManagementFactory.getRuntimeMXBean().getName();
			return (name.length() <= JdbcLedgerSettings.MAX_INSTANCE_ID_LENGTH) ? name
					: name.substring(0, JdbcLedgerSettings.MAX_INSTANCE_ID_LENGTH);
		}

	}

	/**
	 * {@code store=jdbc} without the classes it needs: say so at startup, rather than
	 * start without a ledger.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = PREFIX + ".store", havingValue = "jdbc")
	@Conditional(JdbcSupportMissing.class)
	static class MissingJdbcSupportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CostLedger llmCostLedger() {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".store", "jdbc",
					"It needs spring-jdbc and Spring Boot's JDBC support: add spring-boot-starter-jdbc and a JDBC "
							+ "driver (PostgreSQL or H2).");
		}

	}

	static final class JdbcSupportMissing extends AnyNestedCondition {

		JdbcSupportMissing() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnMissingClass(JDBC_TEMPLATE)
		static class NoSpringJdbc {

		}

		@ConditionalOnMissingClass(SCRIPT_INITIALIZER)
		static class NoBootJdbc {

		}

	}

}
