package dev.llmcost.springai;

import dev.llmcost.advisor.LlmCostAdvisor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationView;

import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/**
 * Turns off the {@code spring.ai.advisor} observation that Spring AI runs around every
 * advisor, for the starter's {@link LlmCostAdvisor} in blocking calls. That observation
 * would time the same work as the {@code llm.call} observation the advisor starts inside
 * it, with one more span and two more timers per model call: measured in the benchmarks
 * module at about a third of the starter's cost per call.
 * <p>
 * Streams keep it: Spring AI hands each advisor's observation to the next advisor only
 * through the Reactor context, so without it the {@code llm.call} span of a stream would
 * lose its place in the trace. A call is told from a stream by the enclosing
 * {@code spring.ai.chat.client} observation, which is current while a blocking call runs
 * its advisors.
 *
 * @author llm-cost contributors
 */
public class CostAdvisorObservationPredicate implements ObservationPredicate {

	@Override
	public boolean test(String name, Observation.Context context) {
		if (context instanceof AdvisorObservationContext advisor
				&& LlmCostAdvisor.NAME.equals(advisor.getAdvisorName())) {
			return !insideBlockingCall(context);
		}
		return true;
	}

	private static boolean insideBlockingCall(Observation.ContextView context) {
		for (ObservationView parent = context.getParentObservation(); parent != null; parent = parent.getContextView()
			.getParentObservation()) {
			if (parent.getContextView() instanceof ChatClientObservationContext chatClient) {
				return !chatClient.isStream();
			}
		}
		return false;
	}

}
