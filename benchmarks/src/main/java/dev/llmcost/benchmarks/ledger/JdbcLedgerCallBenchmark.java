package dev.llmcost.benchmarks.ledger;

import java.util.concurrent.TimeUnit;

import dev.llmcost.benchmarks.advisor.StubChatApplication;
import dev.llmcost.benchmarks.advisor.SummaryService;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.jdbc.JdbcCostLedger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A model call on the caller's thread with the JDBC ledger ({@code store=jdbc}, on the
 * embedded H2 database Spring Boot configures, flushed every 5 seconds in the background)
 * and with the in-memory one ({@code store=memory}): the same application as
 * {@code AdvisorOverheadBenchmark} with the starter on and Spring Boot's
 * {@code SimpleMeterRegistry}. The JDBC ledger records into memory on the caller's thread
 * and writes on its own, so the difference is what recording costs the caller.
 * <p>
 * Goal: jdbc / memory at most 1.05 (medians).
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class JdbcLedgerCallBenchmark {

	/**
	 * {@code llm.cost.ledger.store}.
	 */
	@Param({ "jdbc", "memory" })
	public String store;

	private ConfigurableApplicationContext context;

	private SummaryService service;

	private String text;

	@Setup
	public void start() {
		this.context = StubChatApplication.run(true, "simple", "full", "llm.cost.ledger.store=" + this.store);
		this.service = this.context.getBean(SummaryService.class);
		this.text = "Checkout latency doubled on Tuesday because a cache node ran out of memory. Summarise.";
		this.service.summarize(this.text);
		CostLedger ledger = this.context.getBean(CostLedger.class);
		Class<?> expected = "jdbc".equals(this.store) ? JdbcCostLedger.class : InMemoryCostLedger.class;
		if (!expected.isInstance(ledger) || ledger.snapshot().total().calls() != 1) {
			throw new IllegalStateException("Benchmark application is not as expected: ledger " + ledger.getClass()
					+ " with " + ledger.snapshot().total().calls() + " calls");
		}
		if (ledger instanceof JdbcCostLedger jdbc && !jdbc.flush()) {
			throw new IllegalStateException("The JDBC ledger cannot write: " + jdbc.status().lastError());
		}
	}

	@Benchmark
	public String call() {
		return this.service.summarize(this.text);
	}

	@TearDown
	public void stop() {
		this.context.close();
	}

}
