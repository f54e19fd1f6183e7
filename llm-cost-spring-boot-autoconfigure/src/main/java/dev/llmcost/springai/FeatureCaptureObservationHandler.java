package dev.llmcost.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Remembers, when a Spring AI observation starts, the feature it belongs to, for
 * {@link FeatureObservationFilter} to tag it with when it stops: a stream's observations
 * stop on a Reactor thread, where the caller's feature is no longer the thread's.
 *
 * @author llm-cost contributors
 */
public class FeatureCaptureObservationHandler implements ObservationHandler<Observation.Context> {

	static final String CAPTURED = FeatureCaptureObservationHandler.class.getName() + ".feature";

	@Override
	public void onStart(Observation.Context context) {
		String feature = SpringAiObservations.feature(context);
		if (feature != null) {
			context.put(CAPTURED, feature);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return FeatureObservationFilter.isSpringAi(context);
	}

}
