package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that shows the cost of LLM calls per feature, and per model
 * within each feature, since the application started.
 *
 * @author llm-cost contributors
 */
@Endpoint(id = "llmcost")
public class LlmCostEndpoint {

	private final CostLedger ledger;

	private final ReportingCurrency currency;

	private final @Nullable PriceCatalogStatus catalogStatus;

	/**
	 * Create an endpoint that reads the given ledger.
	 * @param ledger the ledger
	 * @param currency the currency to report costs in
	 * @param catalogStatus where the prices come from, for the {@code pricing} section,
	 * or {@code null} when the application replaced the catalog
	 */
	public LlmCostEndpoint(CostLedger ledger, ReportingCurrency currency, @Nullable PriceCatalogStatus catalogStatus) {
		this.ledger = ledger;
		this.currency = currency;
		this.catalogStatus = catalogStatus;
	}

	/**
	 * Return the cost of all features, highest first.
	 * @return the cost report
	 */
	@ReadOperation
	public LlmCostDescriptor costs() {
		LedgerSnapshot snapshot = this.ledger.snapshot();
		return new LlmCostDescriptor(this.currency.code(), this.currency.exchangeRate(), snapshot.since().toString(),
				TotalDescriptor.of(snapshot.total(), this.currency),
				snapshot.features().stream().map((feature) -> FeatureDescriptor.of(feature, this.currency)).toList(),
				snapshot.unpriced()
					.stream()
					.map((unpriced) -> new UnpricedDescriptor(unpriced.model(), unpriced.calls()))
					.toList(),
				pricing());
	}

	/**
	 * Return the cost of one feature.
	 * @param feature the feature name
	 * @return the feature's cost, or {@code null} (a 404) for a feature with no calls
	 */
	@ReadOperation
	public @Nullable FeatureDescriptor feature(@Selector String feature) {
		return this.ledger.snapshot()
			.features()
			.stream()
			.filter((totals) -> totals.feature().equals(feature))
			.findFirst()
			.map((totals) -> FeatureDescriptor.of(totals, this.currency))
			.orElse(null);
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
	 * @param since when counting started (ISO-8601)
	 * @param total the totals over all features
	 * @param features the features, highest cost first
	 * @param unpriced the models that had no price
	 * @param pricing where the prices come from
	 */
	public record LlmCostDescriptor(String currency,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal exchangeRate, String since,
			TotalDescriptor total, List<FeatureDescriptor> features, List<UnpricedDescriptor> unpriced,
			@Nullable PricingDescriptor pricing) implements OperationResponseBody {

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
	 */
	public record TotalDescriptor(long calls, long errors,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal cost, TokensDescriptor tokens) {

		static TotalDescriptor of(Totals totals, ReportingCurrency currency) {
			return new TotalDescriptor(totals.calls(), totals.errors(), currency.convert(totals.cost()),
					TokensDescriptor.of(totals.tokens()));
		}

	}

	/**
	 * The cost of one feature.
	 *
	 * @param feature the feature name
	 * @param calls the number of calls
	 * @param errors the number of failed calls
	 * @param cost the cost
	 * @param tokens the tokens per bucket
	 * @param models the models the feature used, highest cost first
	 */
	public record FeatureDescriptor(String feature, long calls, long errors,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal cost, TokensDescriptor tokens,
			List<ModelDescriptor> models) implements OperationResponseBody {

		static FeatureDescriptor of(FeatureTotals feature, ReportingCurrency currency) {
			Totals totals = feature.totals();
			return new FeatureDescriptor(feature.feature(), totals.calls(), totals.errors(),
					currency.convert(totals.cost()), TokensDescriptor.of(totals.tokens()),
					feature.models().stream().map((model) -> ModelDescriptor.of(model, currency)).toList());
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
	 */
	public record ModelDescriptor(String model, long calls, long errors,
			@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal cost, TokensDescriptor tokens) {

		static ModelDescriptor of(ModelTotals model, ReportingCurrency currency) {
			Totals totals = model.totals();
			return new ModelDescriptor(model.model(), totals.calls(), totals.errors(), currency.convert(totals.cost()),
					TokensDescriptor.of(totals.tokens()));
		}

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
	 * @param calls the number of unpriced calls
	 */
	public record UnpricedDescriptor(String model, long calls) {

	}

}
