package dev.llmcost.autoconfigure;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.budget.BlockedCalls;
import dev.llmcost.budget.BudgetAction;
import dev.llmcost.budget.BudgetDefinition;
import dev.llmcost.budget.BudgetEnforcement;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.budget.FleetBudgetEvents;
import dev.llmcost.budget.FleetBudgetRefresh;
import dev.llmcost.budget.LlmBudgetEvent;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.ledger.BudgetEventClaims;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.observation.BudgetBlockedCounter;
import dev.llmcost.observation.CostTrackingFailures;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.observation.LlmBudgetEventPublisher;
import dev.llmcost.observation.LlmCallBudgetObservationHandler;
import dev.llmcost.pricing.ReportingCurrency;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link LlmBudgets} declared under {@code llm.cost.budgets}.
 * A budget that is configured wrong fails startup, naming the property. Each
 * {@link dev.llmcost.budget.LlmBudgetEvent} is logged and published to the application's
 * listeners by an {@link LlmBudgetEventPublisher}; with a ledger the fleet shares, that
 * of a calendar budget by the one instance that claims it ({@link FleetBudgetEvents}).
 *
 * @author llm-cost contributors
 */
@AutoConfiguration(
		after = { LlmCostPricingAutoConfiguration.class, LlmCostLedgerAutoConfiguration.class,
				LlmCostAttributionAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmCostProperties.class)
public final class LlmCostBudgetAutoConfiguration {

	private static final String PREFIX = LlmCostProperties.PREFIX + ".budgets";

	@Bean
	@ConditionalOnMissingBean
	LlmBudgets llmBudgets(LlmCostProperties properties, ObjectProvider<ReportingCurrency> currency,
			ObjectProvider<Clock> clock, LlmBudgetEventPublisher events, ObjectProvider<CostLedger> ledger) {
		List<BudgetDefinition> definitions = definitions(properties.getBudgets());
		CostLedger costLedger = ledger.getIfUnique();
		FleetBudgetEvents fleetEvents = (costLedger instanceof BudgetEventClaims claims && !definitions.isEmpty())
				? new FleetBudgetEvents(events, claims) : null;
		Consumer<LlmBudgetEvent> consumer = (fleetEvents != null) ? fleetEvents : events;
		LlmBudgets budgets = new LlmBudgets(definitions, clock.getIfUnique(Clock::systemUTC),
				LlmCostLedgerAutoConfiguration.zone(properties),
				currency.getIfAvailable(() -> PricingSettings.currency(properties)), consumer);
		if (costLedger != null && !definitions.isEmpty()) {
			// The budgets have counted no call yet: each call the ledger holds is
			// counted once, by the seed.
			budgets.seed(costLedger);
			costLedger.addFlushListener(new FleetBudgetRefresh(budgets));
			if (fleetEvents != null) {
				// After the refresh: the events it finds are claimed in the same flush.
				costLedger.addFlushListener(fleetEvents);
			}
		}
		return budgets;
	}

	@Bean
	@ConditionalOnMissingBean
	LlmBudgetEventPublisher llmBudgetEventPublisher(ApplicationEventPublisher publisher,
			ObjectProvider<CostTrackingFailures> failures, ObjectProvider<MeterRegistry> meterRegistry) {
		return new LlmBudgetEventPublisher(publisher,
				failures.getIfAvailable(() -> new CostTrackingFailures(meterRegistry.getIfUnique())));
	}

	@Bean
	@ConditionalOnMissingBean
	BudgetEnforcement llmBudgetEnforcement(LlmBudgets budgets, ObjectProvider<MeterRegistry> meterRegistry,
			ObjectProvider<FeatureNames> featureNames) {
		MeterRegistry registry = meterRegistry.getIfUnique();
		FeatureNames names = featureNames.getIfAvailable();
		return new BudgetEnforcement(budgets,
				(registry != null && names != null) ? new BudgetBlockedCounter(registry, names) : BlockedCalls.NONE);
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCallBudgetObservationHandler llmCallBudgetObservationHandler(LlmBudgets budgets, ObjectProvider<Clock> clock) {
		return new LlmCallBudgetObservationHandler(budgets, clock.getIfUnique(Clock::systemUTC));
	}

	/**
	 * Check the budgets' properties, naming the one that is wrong.
	 * @param budgets the budgets, by name
	 * @return the budgets, in the order they were declared
	 */
	static List<BudgetDefinition> definitions(Map<String, LlmCostProperties.Budget> budgets) {
		List<BudgetDefinition> definitions = new ArrayList<>();
		budgets.forEach((name, budget) -> definitions.add(definition(name, budget)));
		return definitions;
	}

	private static BudgetDefinition definition(String name, LlmCostProperties.Budget budget) {
		String prefix = PREFIX + "." + name;
		BigDecimal limit = budget.getLimit();
		if (limit == null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".limit", null,
					"A budget needs a limit, in the reporting currency.");
		}
		if (limit.signum() <= 0 || limit.compareTo(BudgetDefinition.MAX_LIMIT) > 0) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".limit", limit,
					"It must be positive and at most " + BudgetDefinition.MAX_LIMIT.toPlainString() + ".");
		}
		BudgetPeriod period;
		try {
			period = BudgetPeriod.parse(budget.getPeriod());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".period", budget.getPeriod(),
					ex.getMessage());
		}
		List<Integer> warnAt = budget.getWarnAt();
		for (int i = 0; i < warnAt.size(); i++) {
			Integer percent = warnAt.get(i);
			if (percent == null || percent < 1 || percent > 99 || (i > 0 && percent <= warnAt.get(i - 1))) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".warn-at", warnAt,
						"It must be percentages from 1 to 99, in ascending order.");
			}
		}
		String feature = budget.getFeature();
		if (feature != null && feature.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".feature", feature,
					"It must not be blank: leave it out for a budget of the whole application.");
		}
		String downgradeTo = budget.getDowngradeTo();
		if (downgradeTo != null && downgradeTo.isBlank()) {
			downgradeTo = null;
		}
		if (budget.getAction() == BudgetAction.DOWNGRADE && downgradeTo == null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".downgrade-to", null,
					"The action 'downgrade' needs the model to downgrade to.");
		}
		if (budget.getAction() != BudgetAction.DOWNGRADE && downgradeTo != null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".downgrade-to", downgradeTo,
					"It applies only with the action 'downgrade'; the action is '"
							+ budget.getAction().name().toLowerCase(Locale.ROOT) + "'.");
		}
		// Calls are recorded under the sanitised name: "my feature" is "my_feature".
		return new BudgetDefinition(name, (feature != null) ? Attribution.sanitize(feature) : null, limit, period,
				warnAt, budget.getAction(), (downgradeTo != null) ? downgradeTo.trim() : null);
	}

}
