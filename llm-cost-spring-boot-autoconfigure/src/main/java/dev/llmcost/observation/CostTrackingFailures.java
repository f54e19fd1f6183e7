package dev.llmcost.observation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Where failures inside cost tracking end up, so that they never reach the caller of the
 * model: each is counted in {@code llm.cost.errors} (tagged with the exception class) and
 * logged, at most once a minute per exception class so a broken price catalog cannot
 * flood the log.
 *
 * @author llm-cost contributors
 */
public class CostTrackingFailures {

	private static final Log logger = LogFactory.getLog(CostTrackingFailures.class);

	private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	private final @Nullable MeterRegistry meterRegistry;

	private final Clock clock;

	private final Map<Class<?>, Instant> lastLogged = new ConcurrentHashMap<>();

	/**
	 * Create an instance that counts into the given registry.
	 * @param meterRegistry the registry, or {@code null} to only log
	 */
	public CostTrackingFailures(@Nullable MeterRegistry meterRegistry) {
		this(meterRegistry, Clock.systemUTC());
	}

	CostTrackingFailures(@Nullable MeterRegistry meterRegistry, Clock clock) {
		this.meterRegistry = meterRegistry;
		this.clock = clock;
	}

	/**
	 * Count and log a failure. Never throws.
	 * @param action what cost tracking was doing, for the log
	 * @param failure the failure
	 */
	public void record(String action, Throwable failure) {
		try {
			if (this.meterRegistry != null) {
				Counter.builder(LlmCostMeters.ERRORS.getName())
					.description(LlmCostMeters.ERRORS.description())
					.tag(LlmCostMeters.MeterKeyNames.EXCEPTION.asString(), ErrorTypes.className(failure))
					.register(this.meterRegistry)
					.increment();
			}
			Instant now = this.clock.instant();
			Instant last = this.lastLogged.get(failure.getClass());
			if (last == null || !now.isBefore(last.plus(LOG_INTERVAL))) {
				this.lastLogged.put(failure.getClass(), now);
				logger.warn("LLM cost tracking failed while " + action
						+ "; the model call was not affected. Further failures of this kind are logged at most "
						+ "once a minute and counted in " + LlmCostMeters.ERRORS.getName(), failure);
			}
		}
		catch (RuntimeException ex) {
			// Reporting must not fail the call either.
		}
	}

}
