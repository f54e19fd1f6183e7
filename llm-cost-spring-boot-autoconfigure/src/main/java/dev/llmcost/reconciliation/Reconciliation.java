package dev.llmcost.reconciliation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerRow;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Compares each provider's bill with the ledger's estimate, UTC day by UTC day, over the
 * last {@value #DAYS} closed days: the estimate of a provider's day is the cost the
 * ledger recorded in that day's hours for the models the provider
 * {@linkplain ProviderCostReport#bills bills}, in USD, the currency of both the ledger
 * and the bills.
 * <p>
 * A read that fails keeps the provider's last result and is counted; nothing is thrown. A
 * day whose drift exceeds the tolerance is logged at WARN once, and again only if its
 * amounts change. Its meters ({@link ReconciliationMeters}) are bound as a
 * {@link MeterBinder}.
 *
 * @author llm-cost contributors
 */
public class Reconciliation implements MeterBinder {

	/**
	 * How many closed UTC days each run compares: a week, so that a day whose bill the
	 * provider completes late is compared again on the following runs.
	 */
	public static final int DAYS = 7;

	private static final Log logger = LogFactory.getLog(Reconciliation.class);

	private final List<ProviderCostReport> reports;

	private final CostLedger ledger;

	private final Clock clock;

	private final double maxDrift;

	private final Map<String, List<ReconciledDay>> results = new ConcurrentHashMap<>();

	private final Map<String, Map<FetchOutcome, AtomicLong>> fetches = new LinkedHashMap<>();

	/**
	 * Create a reconciliation.
	 * @param reports the providers' cost reports
	 * @param ledger the ledger whose estimate is compared
	 * @param clock tells what today is
	 * @param maxDrift the absolute drift tolerated before a warning, a ratio
	 */
	public Reconciliation(List<ProviderCostReport> reports, CostLedger ledger, Clock clock, double maxDrift) {
		this.reports = List.copyOf(reports);
		this.ledger = ledger;
		this.clock = clock;
		this.maxDrift = maxDrift;
		for (ProviderCostReport report : this.reports) {
			Map<FetchOutcome, AtomicLong> counts = new EnumMap<>(FetchOutcome.class);
			for (FetchOutcome outcome : FetchOutcome.values()) {
				counts.put(outcome, new AtomicLong());
			}
			this.fetches.put(report.provider(), counts);
		}
	}

	/**
	 * Read every provider's report and compare it with the ledger. Never throws: a
	 * provider whose report or estimate cannot be read keeps its last result.
	 */
	public void reconcile() {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		LocalDate from = today.minusDays(DAYS);
		for (ProviderCostReport report : this.reports) {
			try {
				reconcile(report, from, today);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The ledger's store unreachable, for one: the next run tries again.
				logger.warn("Could not reconcile the cost of " + report.provider()
						+ " with its bill; keeping the last result: " + ex);
			}
		}
	}

	private void reconcile(ProviderCostReport report, LocalDate from, LocalDate to) throws InterruptedException {
		Map<LocalDate, BigDecimal> billed;
		try {
			billed = report.dailyCosts(from, to);
			count(report.provider(), FetchOutcome.SUCCESS);
		}
		catch (CostReportException ex) {
			count(report.provider(), ex.getOutcome());
			logger.warn(ex.getMessage() + "; keeping the last reconciliation of " + report.provider());
			return;
		}
		Map<LocalDate, BigDecimal> estimated = estimate(report, from, to);
		Instant holdsFrom = this.ledger.holdsFrom();
		String scope = this.ledger.scope().id();
		List<ReconciledDay> days = new ArrayList<>();
		// Days the provider did not report (not yet billed) are not compared.
		billed.forEach((day, reported) -> {
			if (!day.isBefore(from) && day.isBefore(to)) {
				boolean complete = !day.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(holdsFrom);
				days.add(ReconciledDay.of(day, report.provider(), reported,
						estimated.getOrDefault(day, BigDecimal.ZERO), scope, complete));
			}
		});
		days.sort(Comparator.comparing(ReconciledDay::day).reversed());
		List<ReconciledDay> previous = this.results.getOrDefault(report.provider(), List.of());
		for (ReconciledDay day : days) {
			if (day.complete() && day.exceeds(this.maxDrift) && !previous.contains(day)) {
				logger.warn(describe(day));
			}
		}
		this.results.put(report.provider(), List.copyOf(days));
	}

	private Map<LocalDate, BigDecimal> estimate(ProviderCostReport report, LocalDate from, LocalDate to) {
		Map<LocalDate, BigDecimal> estimated = new LinkedHashMap<>();
		List<LedgerRow> rows = this.ledger.rows(from.atStartOfDay(ZoneOffset.UTC).toInstant(),
				to.atStartOfDay(ZoneOffset.UTC).toInstant());
		for (LedgerRow row : rows) {
			if (report.bills(row.model())) {
				estimated.merge(LocalDate.ofInstant(row.hour(), ZoneOffset.UTC), row.totals().cost(), BigDecimal::add);
			}
		}
		return estimated;
	}

	private String describe(ReconciledDay day) {
		String amounts = " (estimated " + usd(day.estimated()) + ", billed " + usd(day.reported()) + ", " + day.scope()
				+ " ledger)";
		Double drift = day.drift();
		if (drift == null) {
			return "The LLM cost estimate of " + day.provider() + " on " + day.day()
					+ " is not zero but its bill is: is the admin key the organization's (or project's) that makes "
					+ "the calls?" + amounts;
		}
		String percent = BigDecimal.valueOf(Math.abs(drift) * 100).setScale(1, RoundingMode.HALF_UP).toPlainString();
		return "The LLM cost estimate of " + day.provider() + " on " + day.day() + " is " + percent + "% "
				+ ((drift < 0) ? "below" : "above") + " its bill, more than llm.cost.reconciliation.max-drift"
				+ amounts;
	}

	private static String usd(BigDecimal amount) {
		return amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + " USD";
	}

	private void count(String provider, FetchOutcome outcome) {
		this.fetches.get(provider).get(outcome).incrementAndGet();
	}

	/**
	 * Return the last result of every provider, latest day first.
	 * @return the compared days
	 */
	public List<ReconciledDay> results() {
		List<ReconciledDay> all = new ArrayList<>();
		for (ProviderCostReport report : this.reports) {
			all.addAll(this.results.getOrDefault(report.provider(), List.of()));
		}
		all.sort(Comparator.comparing(ReconciledDay::day).reversed());
		return all;
	}

	/**
	 * Return the drift of a provider's latest day that the ledger holds whole.
	 * @param provider the provider
	 * @return the drift, NaN before any, +Inf when the bill is zero and the estimate is
	 * not
	 */
	public double latestDrift(String provider) {
		for (ReconciledDay day : this.results.getOrDefault(provider, List.of())) {
			if (day.complete()) {
				Double drift = day.drift();
				return (drift != null) ? drift : Double.POSITIVE_INFINITY;
			}
		}
		return Double.NaN;
	}

	/**
	 * Return how many reads of a provider's report ended with an outcome.
	 * @param provider the provider
	 * @param outcome the outcome
	 * @return the count
	 */
	public long fetches(String provider, FetchOutcome outcome) {
		Map<FetchOutcome, AtomicLong> counts = this.fetches.get(provider);
		return (counts != null) ? counts.get(outcome).get() : 0;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ProviderCostReport report : this.reports) {
			String provider = report.provider();
			ReconciliationMeters drift = ReconciliationMeters.DRIFT;
			Gauge.builder(drift.getName(), this, (reconciliation) -> reconciliation.latestDrift(provider))
				.tag(ReconciliationMeters.Keys.PROVIDER.asString(), provider)
				.description(drift.description())
				.register(registry);
			for (FetchOutcome outcome : FetchOutcome.values()) {
				ReconciliationMeters fetches = ReconciliationMeters.FETCHES;
				FunctionCounter.builder(fetches.getName(), this.fetches.get(provider).get(outcome), AtomicLong::get)
					.tag(ReconciliationMeters.Keys.PROVIDER.asString(), provider)
					.tag(ReconciliationMeters.Keys.OUTCOME.asString(), outcome.tagValue())
					.description(fetches.description())
					.register(registry);
			}
		}
	}

	/**
	 * Return the providers compared, as {@code gen_ai.provider.name} values.
	 * @return the providers
	 */
	public List<String> providers() {
		return this.reports.stream().map(ProviderCostReport::provider).toList();
	}

	/**
	 * Return the tolerated absolute drift.
	 * @return the ratio
	 */
	public double maxDrift() {
		return this.maxDrift;
	}

}
