package dev.llmcost.springai;

import java.util.Map;

import dev.llmcost.attribution.LlmFeatureContext;
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

	// Spring AI's provider values → OpenTelemetry gen_ai.provider.name.
	private static final Map<String, String> PROVIDERS = Map.of("bedrock_converse", "aws.bedrock", "vertex_ai",
			"gcp.vertex_ai", "google_genai", "gcp.gen_ai", "azure_openai", "azure.ai.openai");

	private SpringAiObservations() {
	}

	/**
	 * Return the {@code llm.call} context among the ancestors of a context, if any.
	 * @param context the context
	 * @return the enclosing call, or {@code null}
	 */
	static @Nullable LlmCallObservationContext enclosingCall(Observation.Context context) {
		ObservationView parent = context.getParentObservation();
		for (int depth = 0; parent != null && depth < MAX_DEPTH; depth++) {
			Observation.ContextView view = parent.getContextView();
			if (view instanceof LlmCallObservationContext call) {
				return call;
			}
			parent = view.getParentObservation();
		}
		return null;
	}

	/**
	 * Return the feature a context's call is attributed to, before sanitising: the
	 * enclosing {@code llm.call}'s, else a {@code ChatClient} request's advisor
	 * parameter, else the calling thread's.
	 * @param context the context
	 * @return the feature, or {@code null}
	 */
	static @Nullable String feature(Observation.Context context) {
		Observation.ContextView view = context;
		for (int depth = 0; view != null && depth < MAX_DEPTH; depth++) {
			if (view instanceof LlmCallObservationContext call) {
				return call.getFeature();
			}
			ChatClientRequest request = request(view);
			if (request != null && request.context().get(LlmFeatureContext.KEY) != null) {
				return request.context().get(LlmFeatureContext.KEY).toString();
			}
			ObservationView parent = view.getParentObservation();
			view = (parent != null) ? parent.getContextView() : null;
		}
		return LlmFeatureContext.current();
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

	/**
	 * Translate Spring AI's provider value to the OpenTelemetry one.
	 * @param springAiProvider Spring AI's value, for example {@code bedrock_converse}
	 * @return the OpenTelemetry value, for example {@code aws.bedrock}
	 */
	static String provider(@Nullable String springAiProvider) {
		if (springAiProvider == null || springAiProvider.isBlank()) {
			return LlmCallObservationContext.UNKNOWN;
		}
		return PROVIDERS.getOrDefault(springAiProvider, springAiProvider);
	}

}
