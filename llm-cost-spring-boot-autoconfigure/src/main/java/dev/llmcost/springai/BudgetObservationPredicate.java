package dev.llmcost.springai;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.budget.BudgetEnforcement;
import dev.llmcost.budget.LlmBudgetExceededException;
import dev.llmcost.observation.LlmCallRecorder;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.image.observation.ImageModelObservationContext;

/**
 * Enforces budgets on calls made on a {@code ChatModel}, {@code EmbeddingModel} or
 * {@code ImageModel} directly, which no advisor sees: Spring AI's model classes are
 * final, so there is no proxy to put in front of them, but each creates its model
 * observation before it sends the request. Micrometer asks the registry's predicates
 * whether to observe it when it is created, before any handler has started anything: the
 * one moment where throwing {@link LlmBudgetExceededException} stops the call before the
 * model is called, and leaves no timer, span or scope half open. A blocking call gets the
 * exception, a stream its error signal.
 * <p>
 * Calls the {@code LlmCostAdvisor} records were checked by the advisor, which can also
 * downgrade them and honours its bypass parameter: they are let through here. A direct
 * call cannot be downgraded (its request is already built): a {@code downgrade} budget
 * lets it through. Without an {@code ObservationRegistry}, Spring AI observes nothing,
 * and direct calls are neither recorded nor checked.
 * <p>
 * This predicate never turns an observation off: it answers {@code true} or throws.
 *
 * @author llm-cost contributors
 */
public class BudgetObservationPredicate implements ObservationPredicate {

	private final LlmCallRecorder recorder;

	private final BudgetEnforcement budgets;

	/**
	 * Create a predicate.
	 * @param recorder tells the calls the advisor records
	 * @param budgets the budgets to enforce
	 */
	public BudgetObservationPredicate(LlmCallRecorder recorder, BudgetEnforcement budgets) {
		this.recorder = recorder;
		this.budgets = budgets;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		// Every observation of the application passes here: without budgets, nothing to
		// do.
		if (!this.budgets.isActive()) {
			return true;
		}
		String model;
		if (context instanceof ChatModelObservationContext chat) {
			model = requestModel(chat);
		}
		else if (context instanceof EmbeddingModelObservationContext embedding) {
			model = (embedding.getRequest().getOptions() != null) ? embedding.getRequest().getOptions().getModel()
					: null;
		}
		else if (context instanceof ImageModelObservationContext image) {
			model = (image.getRequest().getOptions() != null) ? image.getRequest().getOptions().getModel() : null;
		}
		else {
			return true;
		}
		try {
			if (!this.recorder.isRecorded(context)) {
				Attribution attribution = SpringAiObservations.attribution(context);
				this.budgets.beforeDirectCall(
						(attribution != null) ? attribution.feature() : Attribution.UNATTRIBUTED_FEATURE, model);
			}
		}
		catch (LlmBudgetExceededException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			this.recorder.failed("checking the budgets of a model call", ex);
		}
		return true;
	}

	private static @Nullable String requestModel(ChatModelObservationContext context) {
		return (context.getRequest().getOptions() != null) ? context.getRequest().getOptions().getModel() : null;
	}

}
