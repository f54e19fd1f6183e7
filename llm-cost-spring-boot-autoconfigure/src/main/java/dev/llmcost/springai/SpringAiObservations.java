package dev.llmcost.springai;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.observation.LlmCallObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/**
 * What an observation's ancestors say about the call it belongs to. Walking the parents
 * works on any thread, Reactor's included, where thread-locals may be gone.
 *
 * @author llm-cost contributors
 */
final class SpringAiObservations {

	private static final int MAX_DEPTH = 64;

	private SpringAiObservations() {
	}

	/**
	 * Return who a context's call is billed to, before the feature cap: the enclosing
	 * {@code llm.call}'s attribution, else a {@code ChatClient} request's advisor
	 * parameter, else the calling thread's.
	 * @param context the context
	 * @return the attribution, or {@code null}
	 */
	static @Nullable Attribution attribution(Observation.Context context) {
		Observation.ContextView view = context;
		for (int depth = 0; view != null && depth < MAX_DEPTH; depth++) {
			if (view instanceof LlmCallObservationContext call) {
				return call.getAttribution();
			}
			ChatClientRequest request = request(view);
			if (request != null) {
				Attribution requested = LlmCostAdvisor.requestedAttribution(request.context());
				if (requested != null) {
					return requested;
				}
			}
			ObservationView parent = view.getParentObservation();
			view = (parent != null) ? parent.getContextView() : null;
		}
		return AttributionContext.current();
	}

	private static @Nullable ChatClientRequest request(Observation.ContextView view) {
		if (view instanceof AdvisorObservationContext advisor) {
			return advisor.getChatClientRequest();
		}
		if (view instanceof ChatClientObservationContext client) {
			return client.getRequest();
		}
		return null;
	}

}
