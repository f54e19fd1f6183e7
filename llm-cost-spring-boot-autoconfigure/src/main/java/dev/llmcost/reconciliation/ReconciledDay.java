package dev.llmcost.reconciliation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One provider's UTC day: what its bill reports and what the ledger estimated, both in
 * USD.
 *
 * @param day the UTC day
 * @param provider the provider, as a {@code gen_ai.provider.name} value
 * @param reported the cost the provider's billing API reports
 * @param estimated the cost the ledger recorded for the models that provider bills
 * @param drift {@code (estimated - reported) / reported}: negative when the bill is
 * higher than the estimate; {@code 0} when both are zero, {@code null} when only the bill
 * is zero
 * @param scope whose calls the estimate counts: {@code fleet} or {@code instance}
 * @param complete whether the ledger holds every call of the day: {@code false} for a day
 * that started before the ledger did (an in-memory ledger after a restart)
 * @author llm-cost contributors
 */
public record ReconciledDay(LocalDate day, String provider, BigDecimal reported, BigDecimal estimated,
		@Nullable Double drift, String scope, boolean complete) {

	/**
	 * Create a day.
	 */
	public ReconciledDay {
		Objects.requireNonNull(day, "day must not be null");
		Objects.requireNonNull(provider, "provider must not be null");
		Objects.requireNonNull(reported, "reported must not be null");
		Objects.requireNonNull(estimated, "estimated must not be null");
		Objects.requireNonNull(scope, "scope must not be null");
	}

	/**
	 * Return the day of a provider with its drift computed.
	 * @param day the UTC day
	 * @param provider the provider
	 * @param reported the billed cost in USD
	 * @param estimated the estimated cost in USD
	 * @param scope whose calls the estimate counts
	 * @param complete whether the ledger holds every call of the day
	 * @return the day
	 */
	public static ReconciledDay of(LocalDate day, String provider, BigDecimal reported, BigDecimal estimated,
			String scope, boolean complete) {
		return new ReconciledDay(day, provider, reported, estimated, drift(reported, estimated), scope, complete);
	}

	/**
	 * Return {@code (estimated - reported) / reported}, {@code 0} when both are zero, or
	 * {@code null} when only the bill is zero.
	 */
	static @Nullable Double drift(BigDecimal reported, BigDecimal estimated) {
		if (reported.signum() == 0) {
			return (estimated.signum() == 0) ? 0.0 : null;
		}
		return estimated.subtract(reported).divide(reported, MathContext.DECIMAL64).doubleValue();
	}

	/**
	 * Return whether the drift exceeds a tolerance, or cannot be computed although the
	 * ledger estimated a cost (a bill of zero).
	 * @param maxDrift the tolerated absolute drift, a ratio
	 * @return whether the day is worth a warning
	 */
	public boolean exceeds(double maxDrift) {
		return (this.drift == null) || Math.abs(this.drift) > maxDrift;
	}

}
