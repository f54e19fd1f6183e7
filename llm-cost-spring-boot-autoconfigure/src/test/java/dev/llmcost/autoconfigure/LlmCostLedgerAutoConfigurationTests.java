package dev.llmcost.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import java.math.BigDecimal;
import java.util.UUID;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.ledger.jdbc.JdbcCostLedger;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

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
	void memoryStoreShouldNeedNoJdbcClasses() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.jdbc", "org.springframework.boot.jdbc",
					"org.springframework.boot.sql"))
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(CostLedger.class)
				.isInstanceOf(InMemoryCostLedger.class));
	}

	@Test
	void jdbcStoreShouldCreateTheTablesOfAnEmbeddedDatabaseAndWriteThemInTheBackground() {
		Clock clock = Clock.fixed(Instant.parse("2026-12-01T08:20:00Z"), ZoneOffset.UTC);
		jdbc().withBean(Clock.class, () -> clock).run((context) -> {
			assertThat(context).hasSingleBean(JdbcCostLedger.class).hasSingleBean(LlmCostLedgerSchemaInitializer.class);
			CostLedger ledger = context.getBean(CostLedger.class);
			ledger.record(call(Instant.parse("2026-12-01T08:10:00Z")));
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(jdbc.queryForObject("SELECT SUM(calls) FROM llm_cost_ledger", Long.class))
							.isEqualTo(1));
		});
	}

	@Test
	void jdbcStoreShouldFlushWhatIsPendingWhenTheApplicationStops() {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		ApplicationContextRunner runner = jdbc().withPropertyValues("spring.datasource.url=" + url,
				"llm.cost.ledger.jdbc.flush-interval=1h");
		Instant at = Instant.now();
		runner.run((context) -> context.getBean(CostLedger.class).record(call(at)));

		runner.run((context) -> {
			CostLedger restarted = context.getBean(CostLedger.class);
			Instant hour = at.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
			assertThat(restarted.rows(hour.minus(Duration.ofHours(1)), hour.plus(Duration.ofHours(2))))
				.extracting(LedgerRow::feature, (row) -> row.totals().calls())
				.containsExactly(org.assertj.core.groups.Tuple.tuple("shutdown-flush", 1L));
		});
	}

	@Test
	void tablePrefixShouldNameTheTables() {
		jdbc().withPropertyValues("llm.cost.ledger.jdbc.table-prefix=finance_").run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM finance_ledger", Long.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM finance_ledger_flushes", Long.class)).isZero();
		});
	}

	@Test
	void tablesOfAnEarlierVersionShouldBeKeptAndTheMissingOnesCreated() {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		JdbcTemplate earlier = new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", ""));
		earlier.execute("CREATE TABLE llm_cost_ledger (hour_start TIMESTAMP WITH TIME ZONE NOT NULL,"
				+ " feature VARCHAR(255) NOT NULL, model VARCHAR(255) NOT NULL, calls BIGINT NOT NULL,"
				+ " errors BIGINT NOT NULL, unpriced_calls BIGINT NOT NULL, cost DECFLOAT NOT NULL,"
				+ " input_tokens BIGINT NOT NULL, cache_read_tokens BIGINT NOT NULL,"
				+ " cache_write_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL,"
				+ " reasoning_tokens BIGINT NOT NULL, PRIMARY KEY (hour_start, feature, model))");
		earlier.execute("CREATE TABLE llm_cost_ledger_flushes (writer VARCHAR(64) NOT NULL PRIMARY KEY,"
				+ " instance_id VARCHAR(255) NOT NULL, last_sequence BIGINT NOT NULL,"
				+ " flushed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
		earlier.update("INSERT INTO llm_cost_ledger VALUES (TIMESTAMP WITH TIME ZONE '2026-12-01 08:00:00+00',"
				+ " 'earlier', 'gpt-4o', 1, 0, 0, 0.5, 0, 0, 0, 0, 0)");

		jdbc().withPropertyValues("spring.datasource.url=" + url, "llm.cost.ledger.jdbc.initialize-schema=always")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(earlier.queryForObject("SELECT COUNT(*) FROM llm_cost_ledger", Long.class)).isOne();
				assertThat(earlier.queryForObject("SELECT COUNT(*) FROM llm_cost_budget_events", Long.class)).isZero();
			});
	}

	@Test
	void initializeSchemaNeverShouldCreateNoTable() {
		jdbc().withPropertyValues("llm.cost.ledger.jdbc.initialize-schema=never").run((context) -> {
			assertThat(context).hasNotFailed();
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.queryForObject(
					"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'LLM_COST_LEDGER'", Long.class))
				.isZero();
		});
	}

	@Test
	void jdbcStoreShouldRegisterTheLedgerMeters() {
		jdbc()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("llm.ledger.flushes").functionCounters()).hasSize(3);
				assertThat(registry.get("llm.ledger.pending").gauge().value()).isZero();
				assertThat(registry.get("llm.ledger.dropped").functionCounter().count()).isZero();
			});
	}

	@Test
	void jdbcStoreWithoutADataSourceShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.ledger.store=jdbc")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("llm.cost.ledger.store")
				.hasMessageContaining("It needs a DataSource bean"));
	}

	@Test
	void jdbcStoreWithoutJdbcSupportShouldFailStartupSayingWhatToAdd() {
		this.contextRunner.withPropertyValues("llm.cost.ledger.store=jdbc")
			.withClassLoader(new FilteredClassLoader("org.springframework.jdbc"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.ledger.store")
				.hasMessageContaining("add spring-boot-starter-jdbc"));
	}

	@Test
	void invalidJdbcPropertiesShouldFailStartupNamingTheProperty() {
		assertFailsNaming("table-prefix=llm; DROP TABLE x; --", "llm.cost.ledger.jdbc.table-prefix");
		assertFailsNaming("flush-interval=0s", "llm.cost.ledger.jdbc.flush-interval");
		assertFailsNaming("retention=-1d", "llm.cost.ledger.jdbc.retention");
		assertFailsNaming("max-pending=0", "llm.cost.ledger.jdbc.max-pending");
		assertFailsNaming("read-cache=-1s", "llm.cost.ledger.jdbc.read-cache");
		assertFailsNaming("instance-id= ", "llm.cost.ledger.jdbc.instance-id");
	}

	private void assertFailsNaming(String property, String name) {
		jdbc().withPropertyValues("llm.cost.ledger.jdbc." + property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(name));
	}

	private ApplicationContextRunner jdbc() {
		return this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("llm.cost.ledger.store=jdbc");
	}

	private static RecordedCall call(Instant at) {
		return new RecordedCall(at, Attribution.of("shutdown-flush"), "openai", "chat", "gpt-4o-mini", "gpt-4o-mini",
				new TokenUsage(100, 0, 0, 10, 0), new BigDecimal("0.000021"), true, false);
	}

	@Test
	void disabledShouldAddNothing() {
		this.contextRunner.withPropertyValues("llm.cost.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CostLedger.class));
	}

}
