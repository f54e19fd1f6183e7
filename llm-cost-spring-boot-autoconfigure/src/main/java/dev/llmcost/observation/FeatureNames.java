package dev.llmcost.observation;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmcost.attribution.Attribution;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the number of recorded feature names bounded.
 * <p>
 * Feature names end up as the {@code feature} tag of every meter, so an unbounded set of
 * values (a user id passed by mistake, say) would exhaust the metrics backend. The first
 * {@code maxFeatures} distinct names are kept; later new names are recorded as
 * {@value #OTHER}, counted in {@code llm.attribution.overflow} (tag
 * {@code dimension=feature}), and warned about once.
 *
 * @author llm-cost contributors
 */
public class FeatureNames implements MeterBinder {

	/**
	 * The feature that names past the cap are recorded as.
	 */
	public static final String OTHER = "other";

	/**
	 * The {@code dimension} tag of {@code llm.attribution.overflow} for feature names.
	 */
	static final String DIMENSION = "feature";

	private static final Log logger = LogFactory.getLog(FeatureNames.class);

	private final NameCap cap;

	private final Set<String> alwaysKept;

	private final AtomicLong overflowed = new AtomicLong();

	/**
	 * Create an instance that keeps at most {@code maxFeatures} distinct names.
	 * @param maxFeatures the cap, at least 1
	 */
	public FeatureNames(int maxFeatures) {
		this(maxFeatures, Set.of());
	}

	/**
	 * Create an instance that keeps at most {@code maxFeatures} distinct names, besides
	 * the given ones, which are always kept: the features of budgets, which must go on
	 * counting their calls however many other names come first.
	 * @param maxFeatures the cap, at least 1
	 * @param alwaysKept names always kept, sanitised as recorded names are
	 */
	public FeatureNames(int maxFeatures, Set<String> alwaysKept) {
		this.cap = new NameCap(maxFeatures, "maxFeatures");
		this.alwaysKept = Set.copyOf(alwaysKept);
	}

	/**
	 * Return the attribution to record a call under: the one requested, with its feature
	 * replaced by {@value #OTHER} once the cap of distinct names is reached.
	 * @param requested the attribution the call was made under
	 * @return the attribution to record
	 */
	public Attribution resolve(Attribution requested) {
		String name = requested.feature();
		if (isAlwaysKept(name) || this.cap.admits(name)) {
			return requested;
		}
		this.overflowed.incrementAndGet();
		if (this.cap.isFirstRefusal()) {
			logger.warn("More than " + this.cap.max() + " distinct LLM feature names seen; feature '" + name
					+ "' and later new names are recorded as '" + OTHER
					+ "'. Raise llm.cost.attribution.max-features if these names are legitimate, "
					+ "and never put user or tenant identifiers into @LlmFeature.");
		}
		return requested.withFeature(OTHER);
	}

	/**
	 * Return the feature to tag another observation of an already recorded call with: as
	 * {@link #resolve}, but a name past the cap is not counted again, since the call
	 * itself was.
	 * @param attribution the attribution of the call
	 * @return the feature to tag with
	 */
	public String tagFor(Attribution attribution) {
		String name = attribution.feature();
		return (isAlwaysKept(name) || this.cap.admits(name)) ? name : OTHER;
	}

	private boolean isAlwaysKept(String name) {
		return Attribution.UNATTRIBUTED_FEATURE.equals(name) || OTHER.equals(name) || this.alwaysKept.contains(name);
	}

	/**
	 * Return how many calls were recorded as {@value #OTHER} because the cap was reached.
	 * @return the number of overflowed calls
	 */
	public long overflowCount() {
		return this.overflowed.get();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder(LlmCostMeters.ATTRIBUTION_OVERFLOW.getName(), this, FeatureNames::overflowCount)
			.description(LlmCostMeters.ATTRIBUTION_OVERFLOW.description())
			.tag(LlmCostMeters.MeterKeyNames.DIMENSION.asString(), DIMENSION)
			.register(registry);
	}

}
