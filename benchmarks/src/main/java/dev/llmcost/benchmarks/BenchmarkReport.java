package dev.llmcost.benchmarks;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.llmcost.benchmarks.startup.DemoStart;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints a JMH JSON result file ({@code -rf json}) as Markdown: every result with its
 * median, score, error and allocation per operation, then the ratios the project's
 * performance goals are stated in. Each ratio compares two results of the same run.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar dev.llmcost.benchmarks.BenchmarkReport
 * benchmarks/target/results.json}
 *
 * @author llm-cost contributors
 */
public final class BenchmarkReport {

	private static final String PACKAGE = "dev.llmcost.benchmarks.";

	private static final String COLD_START = PACKAGE + "startup.StartupComparison.coldStart";

	private final List<Result> results;

	private BenchmarkReport(List<Result> results) {
		this.results = results;
	}

	/**
	 * Print the report of a result file.
	 * @param args the result file, {@code benchmarks/target/results.json} by default
	 */
	public static void main(String[] args) {
		File file = new File((args.length > 0) ? args[0] : "benchmarks/target/results.json");
		JsonMapper mapper = JsonMapper.builder().build();
		List<Result> results = new ArrayList<>();
		for (JsonNode result : mapper.readTree(file)) {
			results.add(Result.of(result));
		}
		// Written by StartupComparison next to the JMH results.
		File startup = new File(file.getAbsoluteFile().getParentFile(), "startup-comparison.json");
		if (startup.isFile()) {
			JsonNode comparison = mapper.readTree(startup);
			for (String kind : DemoStart.KINDS) {
				results.add(Result.of(COLD_START, kind, comparison.path(kind)));
			}
		}
		BenchmarkReport report = new BenchmarkReport(results);
		System.out.println(report.results());
		System.out.println(report.goals());
	}

	private String results() {
		StringBuilder out = new StringBuilder();
		out.append("| Benchmark | Parameters | Mode | Median | Score ± error (99.9%) | Unit | Allocated B/op |\n");
		out.append("|---|---|---|---:|---:|---|---:|\n");
		for (Result result : this.results) {
			out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s ± %s | %s | %s |%n", result.name(),
					result.paramsText(), result.mode, number(result.median), number(result.score), number(result.error),
					result.unit, (result.allocated != null) ? number(result.allocated) : "–"));
		}
		return out.toString();
	}

	private String goals() {
		StringBuilder out = new StringBuilder();
		out.append("| Ratio | Measured (ratio of medians) | 90 % interval | Goal | Met | Medians |\n");
		out.append("|---|---:|---|---|---|---|\n");
		ratio(out, "1. Advisor overhead, SimpleMeterRegistry: with / without starter", "≤ 1.25",
				result("advisor.AdvisorOverheadBenchmark.call", "starter=true", "registry=simple"),
				result("advisor.AdvisorOverheadBenchmark.call", "starter=false", "registry=simple"), 1.25, true);
		ratio(out, "1b. Advisor overhead, Prometheus registry: with / without starter", "≤ 1.25",
				result("advisor.AdvisorOverheadBenchmark.call", "starter=true", "registry=prometheus"),
				result("advisor.AdvisorOverheadBenchmark.call", "starter=false", "registry=prometheus"), 1.25, true);
		ratio(out, "2. Seen name: DefaultPriceCatalog.resolve / HashMap.get", "≤ 3",
				result("pricing.PriceResolutionBenchmark.resolveSeenName"),
				result("pricing.PriceResolutionBenchmark.hashMapGet"), 3, true);
		ratio(out, "2b. Seen name: resolve / HashMap.get with an uncached key hash (reference)", "–",
				result("pricing.PriceResolutionBenchmark.resolveSeenName"),
				result("pricing.PriceResolutionBenchmark.hashMapGetFreshKey"), Double.NaN, true);
		ratio(out, "2c. Seen name: a provider-then-model map pair (the previous cache) / HashMap.get", "–",
				result("pricing.PriceResolutionBenchmark.concurrentMapGetByProviderThenModel"),
				result("pricing.PriceResolutionBenchmark.hashMapGet"), Double.NaN, true);
		ratio(out, "3. Ledger record, distinct features: 2 threads / 1 thread (ops/s)", "≥ 1.6",
				result("ledger.LedgerRecordBenchmark.twoThreads", "features=distinct"),
				result("ledger.LedgerRecordBenchmark.oneThread", "features=distinct"), 1.6, false);
		ratio(out, "3b. Ledger record, one shared feature: 2 threads / 1 thread (ops/s)", "–",
				result("ledger.LedgerRecordBenchmark.twoThreads", "features=shared"),
				result("ledger.LedgerRecordBenchmark.oneThread", "features=shared"), Double.NaN, false);
		ratio(out, "3c. Control, a ledger per thread (same code, nothing shared): 2 threads / 1 thread", "–",
				result("ledger.LedgerRecordBenchmark.twoThreads", "features=own-ledger"),
				result("ledger.LedgerRecordBenchmark.oneThread", "features=own-ledger"), Double.NaN, false);
		ratio(out, "3d. Control, arithmetic only (the machine's ceiling): 2 threads / 1 thread", "–",
				result("ledger.ScalingControlBenchmark.computeTwoThreads"),
				result("ledger.ScalingControlBenchmark.computeOneThread"), Double.NaN, false);
		ratio(out, "3e. Endpoint period=month, in memory (100 features x 5 models x 30 days of hours) / since start",
				"–", result("ledger.LedgerReportBenchmark.monthJson"),
				result("ledger.LedgerReportBenchmark.sinceStartJson"), Double.NaN, true);
		ratio(out, "3f. Of which the ledger's rows: rows(month) / endpoint period=month", "–",
				result("ledger.LedgerReportBenchmark.monthRows"), result("ledger.LedgerReportBenchmark.monthJson"),
				Double.NaN, true);
		ratio(out, "4. Demo cold start, interleaved (StartupComparison): with / without starter", "≤ 1.05",
				result("startup.StartupComparison.coldStart", "kind=on"),
				result("startup.StartupComparison.coldStart", "kind=off"), 1.05, true);
		ratio(out, "4e. Cold start, starter without its @LlmFeature proxies / without starter", "–",
				result("startup.StartupComparison.coldStart", "kind=on-no-feature-scan"),
				result("startup.StartupComparison.coldStart", "kind=off"), Double.NaN, true);
		ratio(out, "4a. Demo cold start, JMH forks one side after the other (reference)", "–",
				result("startup.DemoStartupBenchmark.coldStart", "kind=on"),
				result("startup.DemoStartupBenchmark.coldStart", "kind=off"), Double.NaN, true);
		ratio(out, "4b. Demo restart in a warm JVM: with / without starter", "–",
				result("startup.DemoRestartBenchmark.restart", "kind=on"),
				result("startup.DemoRestartBenchmark.restart", "kind=off"), Double.NaN, true);
		ratio(out, "4c. Restart, starter without its @LlmFeature bean check / without starter", "–",
				result("startup.DemoRestartBenchmark.restart", "kind=on-no-feature-scan"),
				result("startup.DemoRestartBenchmark.restart", "kind=off"), Double.NaN, true);
		ratio(out, "5. Call recorded with the JDBC ledger / with the in-memory ledger (caller's thread)", "≤ 1.05",
				result("ledger.JdbcLedgerCallBenchmark.call", "store=jdbc"),
				result("ledger.JdbcLedgerCallBenchmark.call", "store=memory"), 1.05, true);
		ratio(out, "5b. Month of 360,000 hourly rows: read from PostgreSQL / from memory (figure)", "–",
				result("ledger.LedgerMonthReadBenchmark.month", "store=jdbc"),
				result("ledger.LedgerMonthReadBenchmark.month", "store=memory"), Double.NaN, true);
		ratio(out, "6. Budgets, a whole call: five budgets that apply to it / none", "≤ 1.02",
				result("budget.BudgetCallBenchmark.call", "budgets=five"),
				result("budget.BudgetCallBenchmark.call", "budgets=none"), 1.02, true);
		ratio(out, "6b. LlmBudgets.check: five budgets / none (figure)", "–",
				result("budget.BudgetCheckBenchmark.check", "budgets=five"),
				result("budget.BudgetCheckBenchmark.check", "budgets=none"), Double.NaN, true);
		ratio(out, "6c. LlmBudgets.record: five budgets / none (figure)", "–",
				result("budget.BudgetCheckBenchmark.record", "budgets=five"),
				result("budget.BudgetCheckBenchmark.record", "budgets=none"), Double.NaN, true);
		out.append("\n").append(breakdown());
		return out.toString();
	}

	/**
	 * The starter's cost per call split into parts: each part is the median with the
	 * whole starter minus the median with that part turned off.
	 */
	private String breakdown() {
		Result full = result("advisor.AdvisorOverheadBenchmark.call", "starter=true", "registry=simple");
		Result without = result("advisor.AdvisorOverheadBenchmark.call", "starter=false", "registry=simple");
		if (full == null || without == null) {
			return "";
		}
		StringBuilder out = new StringBuilder();
		out.append("| Part of the starter's cost per call (SimpleMeterRegistry) | ns/op | B/op |\n");
		out.append("|---|---:|---:|\n");
		out.append(part("Whole starter (with − without)", full, without));
		String[][] parts = { { "no-llm-meters", "llm.tokens / llm.cost / llm.call.cost meters" },
				{ "no-llm-call-observation", "llm.call observation: its timers, pricing, meters, ledger" },
				{ "no-spring-ai-feature-tag", "feature tag on Spring AI's observations" } };
		for (String[] part : parts) {
			Result variant = result("advisor.AdvisorOverheadBreakdownBenchmark.call", "variant=" + part[0]);
			if (variant != null) {
				out.append(part(part[1] + " (with − " + part[0] + ")", full, variant));
			}
		}
		Result observed = result("advisor.AdvisorOverheadBreakdownBenchmark.call", "variant=advisor-observed");
		if (observed != null) {
			out.append(part("Spring AI's spring.ai.advisor observation around LlmCostAdvisor, off by default "
					+ "(advisor-observed − with)", observed, full));
		}
		Result rest = result("advisor.AdvisorOverheadBreakdownBenchmark.call", "variant=no-llm-call-observation");
		if (rest != null) {
			out.append(part("Rest: @LlmFeature proxy, advisor, feature tag " + "(no-llm-call-observation − no starter)",
					rest, without));
		}
		return out.toString();
	}

	private static String part(String title, Result minuend, Result subtrahend) {
		String bytes = (minuend.allocated != null && subtrahend.allocated != null)
				? String.format(Locale.ROOT, "%+,.0f", minuend.allocated - subtrahend.allocated) : "–";
		return String.format(Locale.ROOT, "| %s | %+,.0f | %s |%n", title, minuend.median - subtrahend.median, bytes);
	}

	private void ratio(StringBuilder out, String title, String goal, @Nullable Result numerator,
			@Nullable Result denominator, double limit, boolean atMost) {
		if (numerator == null || denominator == null) {
			out.append("| ").append(title).append(" | not run | | ").append(goal).append(" | – | |\n");
			return;
		}
		double ratio = numerator.median / denominator.median;
		String medians = number(numerator.median) + " vs " + number(denominator.median) + " " + numerator.unit;
		if (numerator.allocated != null && denominator.allocated != null) {
			medians += String.format(Locale.ROOT, "; %s vs %s B/op", number(numerator.allocated),
					number(denominator.allocated));
		}
		String met = Double.isNaN(limit) ? "–" : ((atMost ? ratio <= limit : ratio >= limit) ? "yes" : "**no**");
		double[] interval = interval(numerator.raw, denominator.raw);
		out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %s | %s | %s |%n", title, ratio, interval[0],
				interval[1], goal, met, medians));
	}

	/**
	 * A bootstrap 90 % interval of the ratio of medians: both sides' measurements (the
	 * iterations of every fork, or one per fork for single-shot results) resampled with
	 * replacement. It shows how far the ratio could move between runs of the same code;
	 * it cannot show what all measurements of a run share (the machine's load, for one).
	 */
	private static double[] interval(double[] numerator, double[] denominator) {
		Random random = new Random(42);
		double[] ratios = new double[2000];
		for (int i = 0; i < ratios.length; i++) {
			ratios[i] = median(resample(numerator, random)) / median(resample(denominator, random));
		}
		Arrays.sort(ratios);
		return new double[] { ratios[ratios.length / 20], ratios[ratios.length - 1 - ratios.length / 20] };
	}

	private static double[] resample(double[] values, Random random) {
		double[] sample = new double[values.length];
		for (int i = 0; i < sample.length; i++) {
			sample[i] = values[random.nextInt(values.length)];
		}
		return sample;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private @Nullable Result result(String name, String... params) {
		Map<String, String> wanted = new TreeMap<>();
		for (String param : params) {
			String[] keyValue = param.split("=", 2);
			wanted.put(keyValue[0], keyValue[1]);
		}
		return find(name, wanted);
	}

	private @Nullable Result find(String name, Map<String, String> params) {
		for (Result result : this.results) {
			if (result.benchmark.equals(PACKAGE + name) && result.params.entrySet().containsAll(params.entrySet())) {
				return result;
			}
		}
		return null;
	}

	private static String number(double value) {
		if (Double.isNaN(value)) {
			return "–";
		}
		if (value == 0) {
			return "0";
		}
		double magnitude = Math.abs(value);
		if (magnitude >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (magnitude >= 1) {
			return String.format(Locale.ROOT, "%.2f", value);
		}
		return String.format(Locale.ROOT, "%.3g", value);
	}

	/**
	 * One JMH result.
	 */
	private record Result(String benchmark, String mode, Map<String, String> params, double median, double score,
			double error, String unit, @Nullable Double allocated, double[] raw) {

		static Result of(String benchmark, String kind, JsonNode times) {
			double[] raw = new double[times.size()];
			for (int i = 0; i < raw.length; i++) {
				raw[i] = times.get(i).asDouble();
			}
			double mean = Arrays.stream(raw).average().orElse(Double.NaN);
			return new Result(benchmark, "ss", Map.of("kind", kind), BenchmarkReport.median(raw), mean, Double.NaN,
					"ms", null, raw);
		}

		static Result of(JsonNode json) {
			Map<String, String> params = new TreeMap<>();
			json.path("params")
				.properties()
				.forEach((entry) -> params.put(entry.getKey(), entry.getValue().asString()));
			JsonNode primary = json.path("primaryMetric");
			Double allocated = null;
			for (Map.Entry<String, JsonNode> secondary : json.path("secondaryMetrics").properties()) {
				if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
					allocated = secondary.getValue().path("score").asDouble();
				}
			}
			double error = primary.path("scoreError").asDouble(Double.NaN);
			List<Double> raw = new ArrayList<>();
			for (JsonNode fork : primary.path("rawData")) {
				for (JsonNode value : fork) {
					raw.add(value.asDouble());
				}
			}
			return new Result(json.path("benchmark").asString(), json.path("mode").asString(), params,
					primary.path("scorePercentiles").path("50.0").asDouble(), primary.path("score").asDouble(), error,
					primary.path("scoreUnit").asString(), allocated,
					raw.stream().mapToDouble(Double::doubleValue).toArray());
		}

		String name() {
			return this.benchmark.startsWith(PACKAGE) ? this.benchmark.substring(PACKAGE.length()) : this.benchmark;
		}

		String paramsText() {
			return this.params.isEmpty() ? "" : this.params.toString().replaceAll("[{}]", "");
		}

	}

}
