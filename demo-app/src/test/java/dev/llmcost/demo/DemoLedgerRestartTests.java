package dev.llmcost.demo;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import dev.llmcost.demo.feature.DocumentSummaryService;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.LedgerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo keeps its month across a restart: its ledger is an H2 file database, written
 * in the background and flushed when the application stops.
 *
 * @author llm-cost contributors
 */
class DemoLedgerRestartTests {

	@Test
	void monthShouldSurviveARestart(@TempDir Path directory) {
		String[] arguments = { "--server.port=0", "--demo.simulator.chunk-delay=0ms",
				"--spring.datasource.url=jdbc:h2:file:" + directory.resolve("ledger"), "--llm.cost.ledger.zone=UTC" };
		ZonedDateTime started = ZonedDateTime.now(ZoneId.of("UTC"));
		try (ConfigurableApplicationContext demo = start(arguments)) {
			demo.getBean(DocumentSummaryService.class).summarize("The first run's document.");
			demo.getBean(DocumentSummaryService.class).summarize("Another document.");
		}

		try (ConfigurableApplicationContext restarted = start(arguments)) {
			CostLedger ledger = restarted.getBean(CostLedger.class);
			assertThat(ledger.scope()).isEqualTo(LedgerScope.FLEET);
			assertThat(ledger.snapshot().total().calls()).as("since this start").isZero();
			Instant month = started.with(TemporalAdjusters.firstDayOfMonth()).truncatedTo(ChronoUnit.DAYS).toInstant();
			List<LedgerRow> rows = ledger.rows(month, Instant.now().plus(1, ChronoUnit.HOURS));
			assertThat(rows).filteredOn((row) -> row.feature().equals("document-summary"))
				.extracting((row) -> row.totals().calls())
				.as("this month, across the restart")
				.containsExactly(2L);
		}
	}

	private static ConfigurableApplicationContext start(String[] arguments) {
		return new SpringApplicationBuilder(DemoApplication.class).run(arguments);
	}

}
