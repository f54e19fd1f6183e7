package dev.llmcost.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.llmcost.observation.LlmCallObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Publishes the team of every feature calls were recorded under as an
 * {@code llm.feature.info{feature, team}} gauge of value 1, registered at the feature's
 * first call.
 * <p>
 * A team tag on every {@code llm.*} series would change the series of existing dashboards
 * and rules, and double them while a feature changes team; one info series per feature,
 * joined in PromQL ({@code * on (feature) group_left (team)}), adds the team without
 * touching them. The join needs one team per feature: the first one seen stays; a call of
 * the feature that names another team is warned about once (its span still carries its
 * own team). Features are capped ({@code llm.cost.attribution.max-features}), so the
 * gauges are bounded.
 *
 * @author llm-cost contributors
 */
public class LlmFeatureInfoGauges implements ObservationHandler<LlmCallObservationContext> {

	/**
	 * The team of features no team owns.
	 */
	public static final String UNASSIGNED = "unassigned";

	/**
	 * Bounds the gauges whatever the feature cap.
	 */
	private static final int MAX_FEATURES = 10_000;

	private static final Log logger = LogFactory.getLog(LlmFeatureInfoGauges.class);

	private final MeterRegistry meterRegistry;

	private final Map<String, String> teams = new ConcurrentHashMap<>();

	private final AtomicBoolean warnedConflict = new AtomicBoolean();

	/**
	 * Create the gauges.
	 * @param meterRegistry the registry to register them in
	 */
	public LlmFeatureInfoGauges(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void onStop(LlmCallObservationContext context) {
		String feature = context.getFeature();
		String team = (context.getAttribution().team() != null) ? context.getAttribution().team() : UNASSIGNED;
		String registered = this.teams.get(feature);
		if (registered == null) {
			if (this.teams.size() >= MAX_FEATURES || this.teams.putIfAbsent(feature, team) != null) {
				return;
			}
			Gauge.builder(LlmCostMeters.FEATURE_INFO.getName(), () -> 1)
				.description(LlmCostMeters.FEATURE_INFO.description())
				.tag(LowCardinalityKeyNames.FEATURE.asString(), feature)
				.tag(LlmCostMeters.MeterKeyNames.TEAM.asString(), team)
				.strongReference(true)
				.register(this.meterRegistry);
		}
		else if (!registered.equals(team) && this.warnedConflict.compareAndSet(false, true)) {
			logger.warn("LLM feature '" + feature + "' is owned by team '" + registered + "' in llm.feature.info, "
					+ "but a call names team '" + team + "'; the first team seen stays. Give each feature one team "
					+ "(@LlmFeature(team = ...) or llm.cost.features." + feature + ".team). This is logged once.");
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof LlmCallObservationContext;
	}

}
