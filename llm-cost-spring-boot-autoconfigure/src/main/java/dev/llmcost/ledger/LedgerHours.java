package dev.llmcost.ledger;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The hours a {@link CostLedger} files calls in: hours of its zone, so that the zone's
 * days are whole hours even where its offset is not (India's, say). It remembers the hour
 * most calls fall in, so that filing a call is two comparisons, not a time-zone
 * computation.
 *
 * @author llm-cost contributors
 */
public final class LedgerHours {

	private final ZoneId zone;

	private volatile Hour current = new Hour(Instant.MIN, Instant.MIN);

	/**
	 * Create the hours of a zone.
	 * @param zone the zone
	 */
	public LedgerHours(ZoneId zone) {
		this.zone = zone;
	}

	/**
	 * Return the start of the hour an instant falls in.
	 * @param at the instant
	 * @return the start of its hour in the zone
	 */
	public Instant hourOf(Instant at) {
		Hour hour = this.current;
		if (hour.contains(at)) {
			return hour.start();
		}
		Instant start = startOfHour(at);
		Instant end = start.atZone(this.zone).plusHours(1).toInstant();
		this.current = new Hour(start, end);
		return start;
	}

	/**
	 * Return the start of the hour of an instant that is not a call's: a boundary such as
	 * the start of a retention, which must not take the place of the hour calls fall in.
	 * @param at the instant
	 * @return the start of its hour in the zone
	 */
	public Instant startOfHour(Instant at) {
		return at.atZone(this.zone).truncatedTo(ChronoUnit.HOURS).toInstant();
	}

	private record Hour(Instant start, Instant end) {

		boolean contains(Instant at) {
			return !at.isBefore(this.start) && at.isBefore(this.end);
		}

	}

}
