package dev.llmcost.observation;

import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

import dev.llmcost.budget.BudgetDefinition;
import dev.llmcost.budget.LlmBudgetEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Announces each {@link LlmBudgetEvent}: one log line (figures only: the budget, its
 * spend, limit and currency, when it resets), then the event to the application's
 * listeners. A listener that throws never reaches the call that was recorded: the failure
 * is counted in {@code llm.cost.errors} and logged like the starter's own.
 *
 * @author llm-cost contributors
 */
public class LlmBudgetEventPublisher implements Consumer<LlmBudgetEvent> {

	private static final Log logger = LogFactory.getLog(LlmBudgetEventPublisher.class);

	private final ApplicationEventPublisher publisher;

	private final CostTrackingFailures failures;

	/**
	 * Create a publisher.
	 * @param publisher the application's event publisher
	 * @param failures where a failing listener is counted
	 */
	public LlmBudgetEventPublisher(ApplicationEventPublisher publisher, CostTrackingFailures failures) {
		this.publisher = publisher;
		this.failures = failures;
	}

	@Override
	public void accept(LlmBudgetEvent event) {
		try {
			log(event);
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			this.failures.record("handling " + event, ex);
		}
	}

	private static void log(LlmBudgetEvent event) {
		BudgetDefinition budget = event.getBudget();
		String spent = event.getSpent().toPlainString() + " of " + event.getLimit().toPlainString() + " "
				+ event.getCurrency() + " spent";
		Instant resetsAt = event.getResetsAt();
		switch (event.getType()) {
			case THRESHOLD_CROSSED -> {
				if (logger.isInfoEnabled()) {
					logger.info("LLM budget '" + budget.name() + "' reached " + event.getThreshold()
							+ "% of its limit: " + spent + " (" + period(budget) + "); it resets at " + resetsAt);
				}
			}
			case EXHAUSTED -> {
				if (logger.isWarnEnabled()) {
					logger.warn("LLM budget '" + budget.name() + "' is exhausted: " + spent + " (" + period(budget)
							+ "), action " + budget.action().name().toLowerCase(Locale.ROOT) + "; it resets at "
							+ resetsAt);
				}
			}
			case RESET -> {
				if (logger.isInfoEnabled()) {
					logger.info("LLM budget '" + budget.name() + "' starts again: " + spent + " (" + period(budget)
							+ " from " + event.getPeriodStart() + ")");
				}
			}
		}
	}

	private static String period(BudgetDefinition budget) {
		return budget.period().isRolling() ? "rolling " + budget.period().name() : "this " + budget.period().name();
	}

}
