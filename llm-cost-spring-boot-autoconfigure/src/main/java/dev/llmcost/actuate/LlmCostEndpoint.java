package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.util.List;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
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

	private static final String CURRENCY = "USD";

	private final CostLedger ledger;

	/**
	 * Create an endpoint that reads the given ledger.
	 * @param ledger the ledger
	 */
	public LlmCostEndpoint(CostLedger ledger) {
		this.ledger = ledger;
	}

	/**
	 * Return the cost of all features, highest first.
	 * @return the cost report
	 */
	@ReadOperation
	public LlmCostDescriptor costs() {
		LedgerSnapshot snapshot = this.ledger.snapshot();
		return new LlmCostDescriptor(CURRENCY, snapshot.since().toString(), TotalDescriptor.of(snapshot.total()),
				snapshot.features().stream().map(FeatureDescriptor::of).toList(),
				snapshot.unpriced()
					.stream()
					.map((unpriced) -> new UnpricedDescriptor(unpriced.model(), unpriced.calls()))
					.toList());
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
			.map(FeatureDescriptor::of)
			.orElse(null);
	}

	/**
	 * The cost report.
	 *
	 * @param currency the currency of every cost
	 * @param since when counting started (ISO-8601)
	 * @param total the totals over all features
	 * @param features the features, highest cost first
	 * @param unpriced the models that had no price
	 */
	public record LlmCostDescriptor(String currency, String since, TotalDescriptor total,
			List<FeatureDescriptor> features, List<UnpricedDescriptor> unpriced) implements OperationResponseBody {

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

		static TotalDescriptor of(Totals totals) {
			return new TotalDescriptor(totals.calls(), totals.errors(), totals.cost(),
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

		static FeatureDescriptor of(FeatureTotals feature) {
			Totals totals = feature.totals();
			return new FeatureDescriptor(feature.feature(), totals.calls(), totals.errors(), totals.cost(),
					TokensDescriptor.of(totals.tokens()), feature.models().stream().map(ModelDescriptor::of).toList());
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

		static ModelDescriptor of(ModelTotals model) {
			Totals totals = model.totals();
			return new ModelDescriptor(model.model(), totals.calls(), totals.errors(), totals.cost(),
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
