package dev.llmcost.benchmarks.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmcost.actuate.LlmCostEndpoint;
import dev.llmcost.actuate.LlmCostEndpointWebExtension;
import dev.llmcost.actuate.LlmCostOutputFormat;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.pricing.ReportingCurrency;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * Time of a {@code /actuator/llmcost?period=month} answer from the in-memory ledger when
 * every feature used every model every hour: 100 features × 5 models × 30 days of hourly
 * rows (360,000 rows read, summed and sorted), written as the actuator writes it (JSON
 * without nulls) or as CSV, and the answer since the start (one snapshot of 500 cells)
 * for the ratio.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class LedgerReportBenchmark {

	private static final String[] MODELS = { "gpt-4o-mini-2024-07-18", "gpt-4o-2024-08-06", "gpt-4.1-2025-04-14",
			"gpt-4.1-mini-2025-04-14", "o4-mini-2025-04-16" };

	private static final ZoneId ZONE = ZoneOffset.UTC;

	// The last day of a 31-day month: its first 30 days have rows.
	private static final Instant NOW = Instant.parse("2026-10-31T00:30:00Z");

	private static final int HOURS = 30 * 24;

	private final JsonMapper json = JsonMapper.builder()
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private static final Instant MONTH_START = Instant.parse("2026-10-01T00:00:00Z");

	private InMemoryCostLedger ledger;

	private LlmCostEndpoint endpoint;

	private LlmCostEndpointWebExtension web;

	@Setup
	public void setUp() {
		Clock clock = Clock.fixed(NOW, ZONE);
		InMemoryCostLedger ledger = new InMemoryCostLedger(clock, ZONE, Duration.ofDays(35));
		this.ledger = ledger;
		Instant first = Instant.parse("2026-10-01T00:15:00Z");
		for (int feature = 0; feature < 100; feature++) {
			for (String model : MODELS) {
				RecordedCall call = LedgerCalls.call("feature-" + feature, model);
				for (int hour = 0; hour < HOURS; hour++) {
					ledger.record(new RecordedCall(first.plus(Duration.ofHours(hour)), call.attribution(),
							call.provider(), call.operation(), call.requestModel(), call.responseModel(), call.usage(),
							call.cost(), call.priced(), call.error()));
				}
			}
		}
		this.endpoint = new LlmCostEndpoint(ledger, ReportingCurrency.USD, null, clock, ZONE);
		this.web = new LlmCostEndpointWebExtension(this.endpoint);
		int rows = ledger.rows(MONTH_START, NOW).size();
		long calls = this.endpoint.costs("month", null, null, null).total().calls();
		if (rows != 100 * MODELS.length * HOURS || calls != rows) {
			throw new IllegalStateException("The ledger has " + rows + " rows and " + calls + " calls this month");
		}
	}

	@Benchmark
	public int monthRows() {
		return this.ledger.rows(MONTH_START, NOW).size();
	}

	@Benchmark
	public byte[] monthJson() {
		return this.json.writeValueAsBytes(this.endpoint.costs("month", null, null, null));
	}

	@Benchmark
	public byte[] monthDailySeriesJson() {
		return this.json.writeValueAsBytes(this.endpoint.costs("month", null, null, "1d"));
	}

	@Benchmark
	public Object monthCsv() {
		WebEndpointResponse<?> response = this.web.costs("month", null, null, null, "csv",
				LlmCostOutputFormat.ACTUATOR_V3_JSON);
		return response.getBody();
	}

	@Benchmark
	public byte[] sinceStartJson() {
		return this.json.writeValueAsBytes(this.endpoint.costs(null, null, null, null));
	}

}
