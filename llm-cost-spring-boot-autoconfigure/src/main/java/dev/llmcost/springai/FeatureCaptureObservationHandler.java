package dev.llmcost.springai;

import dev.llmcost.attribution.Attribution;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Remembers, when a Spring AI observation starts, the attribution it belongs to, for
 * {@link FeatureObservationFilter} to tag it with when it stops: a stream's observations
 * stop on a Reactor thread, where the caller's feature is no longer the thread's.
 *
 * @author llm-cost contributors
 */
public class FeatureCaptureObservationHandler implements ObservationHandler<Observation.Context> {

	static final String CAPTURED = FeatureCaptureObservationHandler.class.getName() + ".feature";

	@Override
	public void onStart(Observation.Context context) {
		Attribution attribution = SpringAiObservations.attribution(context);
		if (attribution != null) {
			context.put(CAPTURED, attribution);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return FeatureObservationFilter.isSpringAi(context);
	}

}
