package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.llmcost.budget.BudgetDefinition;
import dev.llmcost.budget.BudgetState;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerPeriod;
import dev.llmcost.ledger.LedgerReport;
import dev.llmcost.ledger.LedgerScope;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.LedgerSeries;
import dev.llmcost.ledger.LedgerSnapshot;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.ledger.LedgerStep;
import dev.llmcost.ledger.LedgerSeries.Point;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.reconciliation.ReconciledDay;
import dev.llmcost.reconciliation.Reconciliation;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.function.SingletonSupplier;

/**
 * {@link Endpoint @Endpoint} that shows the cost of LLM calls per feature, and per model
 * within each feature: since the application started, or over a period.
 * <p>
 * Every operation takes the same optional parameters: {@code period} (a
 * {@link LedgerPeriod#parse period name} or duration), or {@code from} and {@code to}
 * (ISO-8601 instants or dates), and {@code step} ({@code 1h} or {@code 1d}) for a time
 * series. Without a period, the totals since the ledger started. Every report also shows
 * where each budget stands now, whatever the period asked for. A parameter that is not
 * understood is an {@link InvalidEndpointRequestException} (a 400 over HTTP) naming the
 * accepted forms. Over HTTP, {@link LlmCostEndpointWebExtension} answers in CSV too; the
 * operations declare its formats so that its operations replace these.
 *
 * @author llm-cost contributors
 */
@Endpoint(id = "llmcost")
public class LlmCostEndpoint {

	private final CostLedger ledger;

	private final ReportingCurrency currency;

	private final @Nullable PriceCatalogStatus catalogStatus;

	private final Clock clock;

	private final ZoneId zone;

	private final @Nullable LlmBudgets budgets;

	private final @Nullable Reconciliation reconciliation;

	/**
	 * Create an endpoint that reads the given ledger, with periods in the JVM's zone and
	 * by the system clock.
	 * @param ledger the ledger
	 * @param currency the currency to report costs in
	 * @param catalogStatus where the prices come from, for the {@code pricing} section,
	 * or {@code null} when the application replaced the catalog
	 */
	public LlmCostEndpoint(CostLedger ledger, ReportingCurrency currency, @Nullable PriceCatalogStatus catalogStatus) {
		this(ledger, currency, catalogStatus, Clock.systemUTC(), ZoneId.systemDefault());
	}

	/**
	 * Create an endpoint that reads the given ledger.
	 * @param ledger the ledger
	 * @param currency the currency to report costs in
	 * @param catalogStatus where the prices come from, for the {@code pricing} section,
	 * or {@code null} when the application replaced the catalog
	 * @param clock tells what {@code today} and {@code 24h} are
	 * @param zone the zone of calendar periods: the ledger's
	 */
	public LlmCostEndpoint(CostLedger ledger, ReportingCurrency currency, @Nullable PriceCatalogStatus catalogStatus,
			Clock clock, ZoneId zone) {
		this(ledger, currency, catalogStatus, clock, zone, null);
	}

	/**
	 * Create an endpoint that reads the given ledger and budgets.
	 * @param ledger the ledger
	 * @param currency the currency to report costs in
	 * @param catalogStatus where the prices come from, for the {@code pricing} section,
	 * or {@code null} when the application replaced the catalog
	 * @param clock tells what {@code today} and {@code 24h} are
	 * @param zone the zone of calendar periods: the ledger's
	 * @param budgets the budgets, for the {@code budgets} section, or {@code null} for
	 * none
	 */
	public LlmCostEndpoint(CostLedger ledger, ReportingCurrency currency, @Nullable PriceCatalogStatus catalogStatus,
			Clock clock, ZoneId zone, @Nullable LlmBudgets budgets) {
		this(ledger, currency, catalogStatus, clock, zone, budgets, null);
	}

	/**
	 * Create an endpoint that reads the given ledger, budgets and reconciliation.
	 * @param ledger the ledger
	 * @param currency the currency to report costs in
	 * @param catalogStatus where the prices come from, for the {@code pricing} section,
	 * or {@code null} when the application replaced the catalog
	 * @param clock tells what {@code today} and {@code 24h} are
	 * @param zone the zone of calendar periods: the ledger's
	 * @param budgets the budgets, for the {@code budgets} section, or {@code null} for
	 * none
	 * @param reconciliation the comparison with the providers' bills, for the
	 * {@code reconciliation} section, or {@code null} when it is off
	 */
	public LlmCostEndpoint(CostLedger ledger, ReportingCurrency currency, @Nullable PriceCatalogStatus catalogStatus,
			Clock clock, ZoneId zone, @Nullable LlmBudgets budgets, @Nullable Reconciliation reconciliation) {
		this.reconciliation = reconciliation;
		this.budgets = budgets;
		this.ledger = ledger;
		this.currency = currency;
		this.catalogStatus = catalogStatus;
		this.clock = clock;
		this.zone = zone;
	}

	/**
	 * Return the cost of all features over a period, highest first.
	 * @param period the period, or {@code null}
	 * @param from the start of the period, or {@code null}
	 * @param to the end of the period, or {@code null}
	 * @param step {@code 1h} or {@code 1d} for a time series, or {@code null}
	 * @return the cost report
	 */
	@ReadOperation(producesFrom = LlmCostOutputFormat.class)
	public LlmCostDescriptor costs(@Nullable String period, @Nullable String from, @Nullable String to,
			@Nullable String step) {
		return describe(report(period, from, to, step));
	}

	/**
	 * Return the cost of one feature over a period.
	 * @param feature the feature name
	 * @param period the period, or {@code null}
	 * @param from the start of the period, or {@code null}
	 * @param to the end of the period, or {@code null}
	 * @param step {@code 1h} or {@code 1d} for a time series, or {@code null}
	 * @return the feature's cost, or {@code null} (a 404) for a feature with no calls in
	 * the period
	 */
	@ReadOperation(producesFrom = LlmCostOutputFormat.class)
	public @Nullable FeatureDescriptor feature(@Selector String feature, @Nullable String period, @Nullable String from,
			@Nullable String to, @Nullable String step) {
		return describe(report(period, from, to, step), feature);
	}

	/**
	 * Return the report the parameters ask for.
	 * @throws InvalidEndpointRequestException if a parameter is not understood
	 */
	LedgerReport report(@Nullable String period, @Nullable String from, @Nullable String to, @Nullable String step) {
		try {
			LedgerStep series = (step != null) ? LedgerStep.parse(step) : null;
			Instant now = this.clock.instant();
			if (from != null || to != null) {
				if (period != null) {
					throw new IllegalArgumentException("Give either 'period' or 'from' and 'to', not both");
				}
				if (from == null) {
					throw new IllegalArgumentException("'to' needs a 'from'");
				}
				return fromRows(LedgerPeriod.between(from, to, now, this.zone), series);
			}
			// The totals since the start are whole; hourly rows are kept for a retention.
			SingletonSupplier<LedgerSnapshot> snapshot = SingletonSupplier.of(this.ledger::snapshot);
			LedgerPeriod asked = LedgerPeriod.parse((period != null) ? period : LedgerPeriod.SINCE_START, now,
					this.zone, () -> snapshot.obtain().since());
			if (asked.isSinceStart()) {
				return LedgerReport.of(asked, snapshot.obtain(),
						(series != null) ? LedgerSeries.of(asked, rows(asked), series) : null);
			}
			return fromRows(asked, series);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

	private LedgerReport fromRows(LedgerPeriod period, @Nullable LedgerStep step) {
		return LedgerReport.of(period, rows(period), step);
	}

	private List<LedgerRow> rows(LedgerPeriod period) {
		return this.ledger.rows(period.firstHour(), period.to());
	}

	/**
	 * Return the JSON form of a report.
	 */
	LlmCostDescriptor describe(LedgerReport report) {
		PeriodDescriptor period = describe(report.period(), report.series());
		return new LlmCostDescriptor(this.currency.code(), this.currency.exchangeRate(), since(report.period()), period,
				TotalDescriptor.of(report.total(), series(report.series(), Point::total), this.currency),
				report.features().stream().map((feature) -> describe(feature, report.series(), null)).toList(),
				report.unpriced()
					.stream()
					.map((unpriced) -> new UnpricedDescriptor(unpriced.model(), unpriced.calls(), unpriced.pricedAs()))
					.toList(),
				pricing(), budgets(), reconciliation());
	}

	/**
	 * Return the JSON form of one feature of a report, or {@code null} if it had no
	 * calls.
	 */
	@Nullable FeatureDescriptor describe(LedgerReport report, String feature) {
		FeatureTotals totals = report.feature(feature);
		return (totals != null) ? describe(totals, report.series(), describe(report.period(), report.series())) : null;
	}

	/**
	 * Return the CSV form of a report, or of one feature of it.
	 */
	String csv(LedgerReport report, @Nullable String feature) {
		return LlmCostCsv.write(report, feature, this.currency);
	}

	private FeatureDescriptor describe(FeatureTotals feature, @Nullable LedgerSeries series,
			@Nullable PeriodDescriptor period) {
		return FeatureDescriptor.of(feature, period, series(series, (point) -> point.feature(feature.feature())),
				this.currency);
	}

	private @Nullable List<PointDescriptor> series(@Nullable LedgerSeries series, Function<Point, Totals> totals) {
		if (series == null) {
			return null;
		}
		return series.points()
			.stream()
			.map((point) -> PointDescriptor.of(point.from(), totals.apply(point), this.currency))
			.toList();
	}

	private PeriodDescriptor describe(LedgerPeriod period, @Nullable LedgerSeries series) {
		// Totals since the start are whole however long ago it was; anything drawn from
		// hourly rows is whole only if the ledger holds every row of the period.
		boolean complete = (period.isSinceStart() && series == null)
				|| !period.from().isBefore(this.ledger.holdsFrom());
		return new PeriodDescriptor(period.name(), period.from().toString(), period.to().toString(),
				period.zone().getId(), this.ledger.scope().id(), complete);
	}

	/**
	 * Return the first instant the totals of a period count calls from: its start, or
	 * when the ledger started holding every call if that was later.
	 */
	private String since(LedgerPeriod period) {
		if (period.isSinceStart()) {
			return period.from().toString();
		}
		Instant holdsFrom = this.ledger.holdsFrom();
		return (holdsFrom.isAfter(period.from()) ? holdsFrom : period.from()).toString();
	}

	/**
	 * Return where each budget stands now: budgets are about the current period, whatever
	 * period the report covers.
	 */
	private List<BudgetDescriptor> budgets() {
		LlmBudgets budgets = this.budgets;
		if (budgets == null) {
			return List.of();
		}
		return budgets.states()
			.stream()
			.map((state) -> BudgetDescriptor.of(state, this.zone, budgets.scope(state.budget()),
					budgets.countingSince(state.budget())))
			.toList();
	}

	/**
	 * Return the last comparison of each provider's bill with the estimate, whatever the
	 * period asked for: it is about the last closed UTC days.
	 */
	private @Nullable List<ReconciliationDescriptor> reconciliation() {
		Reconciliation reconciliation = this.reconciliation;
		return (reconciliation != null) ? reconciliation.results().stream().map(ReconciliationDescriptor::of).toList()
				: null;
	}

	private @Nullable PricingDescriptor pricing() {
		PriceCatalogStatus status = this.catalogStatus;
		if (status == null) {
			return null;
		}
		LocalDate builtInDate = status.builtInDate();
		return new PricingDescriptor(this.currency.code(), this.currency.exchangeRate(),
				new CatalogDescriptor((builtInDate != null) ? builtInDate.toString() : null, status.builtInModels()),
				status.userModels(), status.sources().stream().map(SourceDescriptor::of).toList());
	}

	/**
	 * The cost report.
	 *
	 * @param currency the currency of every cost
	 * @param exchangeRate units of that currency per USD, the currency of the prices
	 * @param since the first instant the totals count calls from (ISO-8601): when the
	 * ledger started for the totals since then, else the start of the period, or when the
	 * ledger started holding every call if that was later
	 * @param period the period the totals cover
	 * @param total the totals over all features
	 * @param features the features, highest cost first
	 * @param unpriced the models that had no price
	 * @param pricing where the prices come from
	 * @param budgets where each budget stands now, whatever the period; empty without
	 * budgets
	 * @param reconciliation the last comparison of each provider's bill with the
	 * estimate, latest day first, whatever the period; {@code null} (left out) when
	 * reconciliation is off
	 */
	public record LlmCostDescriptor(String currency,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal exchangeRate, String since,
			PeriodDescriptor period, TotalDescriptor total, List<FeatureDescriptor> features,
			List<UnpricedDescriptor> unpriced, @Nullable PricingDescriptor pricing, List<BudgetDescriptor> budgets,
			@Nullable List<ReconciliationDescriptor> reconciliation) implements OperationResponseBody {

	}

	/**
	 * One provider's UTC day compared with its bill. Amounts are in USD, the currency of
	 * the bills, whatever the reporting currency.
	 *
	 * @param day the UTC day (ISO-8601 date)
	 * @param provider the provider, as a {@code gen_ai.provider.name} value
	 * @param reported the cost the provider's billing API reports
	 * @param estimated the cost the ledger recorded for the models that provider bills
	 * @param drift {@code (estimated - reported) / reported}, negative when the bill is
	 * higher; {@code null} when the bill is zero and the estimate is not
	 * @param scope whose calls the estimate counts: {@code fleet} (a shared ledger) or
	 * {@code instance} (this instance's in-memory ledger, which cannot match a bill
	 * shared by several instances or applications)
	 * @param complete whether the ledger holds every call of the day
	 */
	public record ReconciliationDescriptor(String day, String provider,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal reported,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal estimated, @Nullable Double drift,
			String scope, boolean complete) {

		static ReconciliationDescriptor of(ReconciledDay day) {
			return new ReconciliationDescriptor(day.day().toString(), day.provider(), day.reported(), day.estimated(),
					day.drift(), day.scope(), day.complete());
		}

	}

	/**
	 * Where a budget stands now. Amounts are in the reporting currency.
	 *
	 * @param name the budget's name, its key under {@code llm.cost.budgets}
	 * @param scope whose calls it counts: {@code {"feature": "..."}}, or empty for the
	 * whole application
	 * @param period its current period: a calendar period up to its end, or a rolling
	 * window up to now; {@code complete} is {@code false} when the budgets started
	 * counting after the period's start (a restart)
	 * @param limit the limit
	 * @param spent the spend in the period
	 * @param remaining what is left of the limit, never negative
	 * @param usedPercent the spend as a percentage of the limit
	 * @param projected the spend at the end of the period at the current burn rate: of a
	 * calendar period, the spend over the time elapsed times the period's length; of a
	 * rolling window, its spend
	 * @param status {@code ok}, {@code warning} (at or above the lowest {@code warn-at})
	 * or {@code exhausted}
	 * @param action {@code warn}, {@code block} or {@code downgrade}
	 * @param resetsAt of a calendar period, its end; of a rolling window, when its spend
	 * falls back below the limit if exhausted, else when all of it has left the window
	 */
	public record BudgetDescriptor(String name, Map<String, String> scope, PeriodDescriptor period,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal limit,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal spent,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal remaining, double usedPercent,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal projected, String status, String action,
			String resetsAt) {

		static BudgetDescriptor of(BudgetState state, ZoneId zone, LedgerScope counted, Instant countingSince) {
			BudgetDefinition budget = state.budget();
			Map<String, String> scope = (budget.feature() != null) ? Map.of("feature", budget.feature()) : Map.of();
			PeriodDescriptor period = new PeriodDescriptor(budget.period().name(), state.from().toString(),
					state.to().toString(), zone.getId(), counted.id(), !state.from().isBefore(countingSince));
			return new BudgetDescriptor(budget.name(), scope, period, budget.limit(), state.spent(), state.remaining(),
					state.usedPercent(), state.projected(), lowerCase(state.status()), lowerCase(budget.action()),
					state.resetsAt().toString());
		}

		private static String lowerCase(Enum<?> value) {
			return value.name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * The period a report covers.
	 *
	 * @param name the period as asked for: {@code today}, {@code 24h}, {@code custom} for
	 * {@code from} and {@code to}, {@code since-start}...
	 * @param from its start, inclusive (ISO-8601)
	 * @param to its end, exclusive (ISO-8601)
	 * @param zone the zone of its days and hours
	 * @param scope {@code instance} for this instance's calls, {@code fleet} for those of
	 * every instance sharing the ledger
	 * @param complete whether the ledger holds every call of the period: {@code false}
	 * when it started, or its retention starts, after the period's start
	 */
	public record PeriodDescriptor(String name, String from, String to, String zone, String scope, boolean complete) {

	}

	/**
	 * One point of a time series.
	 *
	 * @param from the start of its hour or day, or of the period if later (ISO-8601)
	 * @param calls the number of calls
	 * @param errors the number of failed calls
	 * @param cost the cost
	 * @param tokens the tokens per bucket
	 * @param units the units billed besides tokens, by {@code llm.unit.type}; only those
	 * counted
	 */
	public record PointDescriptor(String from, long calls, long errors,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal cost, TokensDescriptor tokens,
			Map<String, Long> units) {

		static PointDescriptor of(Instant from, Totals totals, ReportingCurrency currency) {
			return new PointDescriptor(from.toString(), totals.calls(), totals.errors(),
					currency.convert(totals.cost()), TokensDescriptor.of(totals.tokens()),
					countedUnits(totals.units()));
		}

	}

	/**
	 * Where the prices come from.
	 *
	 * @param currency the currency costs are reported in
	 * @param exchangeRate units of that currency per USD
	 * @param builtIn the built-in catalog
	 * @param userModels the number of prices set in {@code llm.cost.pricing.models}
	 * @param sources the external catalogs, in precedence order
	 */
	public record PricingDescriptor(String currency,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal exchangeRate, CatalogDescriptor builtIn,
			int userModels, List<SourceDescriptor> sources) {

	}

	/**
	 * The built-in catalog.
	 *
	 * @param date the day its prices were checked
	 * @param models the number of priced models
	 */
	public record CatalogDescriptor(@Nullable String date, int models) {

	}

	/**
	 * An external catalog.
	 *
	 * @param name the name it is reported under, as in the {@code source} tag of
	 * {@code llm.pricing.catalog.loads}
	 * @param location where it is loaded from, without credentials
	 * @param format its format
	 * @param state {@code pending}, {@code loaded}, {@code failed} or {@code rejected}
	 * @param models the number of models of the copy in use
	 * @param lastRefresh when a copy was last accepted (ISO-8601), or {@code null}
	 * @param lastAttempt when a load was last tried (ISO-8601), or {@code null}
	 * @param error why the last load failed, or {@code null}
	 * @param stale whether the copy in use is missing or older than two refresh intervals
	 */
	public record SourceDescriptor(String name, String location, String format, String state, int models,
			@Nullable String lastRefresh, @Nullable String lastAttempt, @Nullable String error, boolean stale) {

		static SourceDescriptor of(SourceStatus status) {
			return new SourceDescriptor(status.name(), status.location(), status.format(), status.state().id(),
					status.models(), (status.lastRefresh() != null) ? status.lastRefresh().toString() : null,
					(status.lastAttempt() != null) ? status.lastAttempt().toString() : null, status.lastError(),
					status.stale());
		}

	}

	/**
	 * Totals over all features.
	 *
	 * @param calls the number of calls
	 * @param errors the number of failed calls
	 * @param cost the cost
	 * @param tokens the tokens per bucket
	 * @param units the units billed besides tokens, by {@code llm.unit.type}; only those
	 * counted
	 * @param series the totals step by step, or {@code null} without a {@code step}
	 */
	public record TotalDescriptor(long calls, long errors,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal cost, TokensDescriptor tokens,
			Map<String, Long> units, @Nullable List<PointDescriptor> series) {

		static TotalDescriptor of(Totals totals, @Nullable List<PointDescriptor> series, ReportingCurrency currency) {
			return new TotalDescriptor(totals.calls(), totals.errors(), currency.convert(totals.cost()),
					TokensDescriptor.of(totals.tokens()), countedUnits(totals.units()), series);
		}

	}

	/**
	 * The cost of one feature.
	 *
	 * @param feature the feature name
	 * @param period the period the totals cover, when the feature is asked for alone
	 * @param calls the number of calls
	 * @param errors the number of failed calls
	 * @param cost the cost
	 * @param tokens the tokens per bucket
	 * @param units the units billed besides tokens, by {@code llm.unit.type}; only those
	 * counted
	 * @param models the models the feature used, highest cost first
	 * @param series the feature's totals step by step, or {@code null} without a
	 * {@code step}
	 */
	public record FeatureDescriptor(String feature, @Nullable PeriodDescriptor period, long calls, long errors,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal cost, TokensDescriptor tokens,
			Map<String, Long> units, List<ModelDescriptor> models,
			@Nullable List<PointDescriptor> series) implements OperationResponseBody {

		static FeatureDescriptor of(FeatureTotals feature, @Nullable PeriodDescriptor period,
				@Nullable List<PointDescriptor> series, ReportingCurrency currency) {
			Totals totals = feature.totals();
			return new FeatureDescriptor(feature.feature(), period, totals.calls(), totals.errors(),
					currency.convert(totals.cost()), TokensDescriptor.of(totals.tokens()), countedUnits(totals.units()),
					feature.models().stream().map((model) -> ModelDescriptor.of(model, currency)).toList(), series);
		}

	}

	/**
	 * The cost of one model within a feature.
	 *
	 * @param model the model name as the provider answered it
	 * @param calls the number of calls
	 * @param errors the number of failed calls
	 * @param cost the cost
	 * @param tokens the tokens per bucket
	 * @param units the units billed besides tokens, by {@code llm.unit.type}; only those
	 * counted
	 */
	public record ModelDescriptor(String model, long calls, long errors,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal cost, TokensDescriptor tokens,
			Map<String, Long> units) {

		static ModelDescriptor of(ModelTotals model, ReportingCurrency currency) {
			Totals totals = model.totals();
			return new ModelDescriptor(model.model(), totals.calls(), totals.errors(), currency.convert(totals.cost()),
					TokensDescriptor.of(totals.tokens()), countedUnits(totals.units()));
		}

	}

	/**
	 * Return the units counted, by their {@code llm.unit.type} value, in a fixed order;
	 * empty for calls billed in tokens only.
	 */
	static Map<String, Long> countedUnits(UnitUsage units) {
		if (units.isEmpty()) {
			return Map.of();
		}
		Map<String, Long> counted = new LinkedHashMap<>();
		for (UnitType type : UnitType.values()) {
			if (units.get(type) != 0) {
				counted.put(type.tagValue(), units.get(type));
			}
		}
		return counted;
	}

	/**
	 * Tokens per bucket.
	 *
	 * @param input uncached input tokens
	 * @param cacheRead input tokens read from the cache
	 * @param cacheWrite input tokens written to the cache
	 * @param output output tokens other than reasoning
	 * @param reasoning reasoning tokens
	 */
	public record TokensDescriptor(long input, long cacheRead, long cacheWrite, long output, long reasoning) {

		static TokensDescriptor of(TokenUsage usage) {
			return new TokensDescriptor(usage.input(), usage.cacheRead(), usage.cacheWrite(), usage.output(),
					usage.reasoning());
		}

	}

	/**
	 * A model that had no price.
	 *
	 * @param model the model name
	 * @param calls the number of its calls that cost nothing, or that were priced as
	 * {@code pricedAs}
	 * @param pricedAs the requested model whose price those calls were given in its
	 * place, or {@code null} (left out) for calls that cost nothing
	 */
	public record UnpricedDescriptor(String model, long calls, @Nullable String pricedAs) {

	}

}
