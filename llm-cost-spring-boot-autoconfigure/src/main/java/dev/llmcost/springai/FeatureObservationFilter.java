package dev.llmcost.springai;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.observation.FeatureNames;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;

import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.image.observation.ImageModelObservationContext;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * Adds the {@code feature} tag to Spring AI's own observations
 * ({@code spring.ai.chat.client}, {@code spring.ai.advisor},
 * {@code gen_ai.client.operation}, {@code spring.ai.tool}, ...), so their timers, Spring
 * AI's {@code gen_ai.client.token.usage} counter and their spans gain the feature
 * dimension. The tag is always there, {@value Attribution#UNATTRIBUTED_FEATURE} outside
 * any feature, so every series has the same keys.
 *
 * @author llm-cost contributors
 */
public class FeatureObservationFilter implements ObservationFilter {

	/**
	 * The tag key.
	 */
	public static final String FEATURE = "feature";

	private final FeatureNames featureNames;

	/**
	 * Create a filter.
	 * @param featureNames the feature name policy shared with the starter's meters
	 */
	public FeatureObservationFilter(FeatureNames featureNames) {
		this.featureNames = featureNames;
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		if (isSpringAi(context) && context.getLowCardinalityKeyValue(FEATURE) == null) {
			// Remembered when the observation started, on the caller's thread; walking
			// the parents again is only needed without the capture handler.
			Attribution attribution = context.get(FeatureCaptureObservationHandler.CAPTURED);
			if (attribution == null) {
				attribution = SpringAiObservations.attribution(context);
			}
			context.addLowCardinalityKeyValue(KeyValue.of(FEATURE,
					this.featureNames.tagFor((attribution != null) ? attribution : Attribution.UNATTRIBUTED)));
		}
		return context;
	}

	static boolean isSpringAi(Observation.Context context) {
		return context instanceof ChatModelObservationContext || context instanceof ChatClientObservationContext
				|| context instanceof AdvisorObservationContext || context instanceof EmbeddingModelObservationContext
				|| context instanceof ToolCallingObservationContext || context instanceof ImageModelObservationContext;
	}

}
