package dev.llmcost.ledger;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The width of the points of a time series: an hour or a day of the ledger's zone.
 * <p>
 * Points follow the zone's calendar: an hourly point starts on an hour of the zone, a
 * daily one at midnight, so a day when the clocks change is one point of 23 or 25 hours.
 * The first point starts at the period's start when that falls inside an hour or a day (a
 * period since the ledger started, for one).
 *
 * @author llm-cost contributors
 */
public enum LedgerStep {

	/**
	 * One point per hour of the zone.
	 */
	HOUR("1h") {

		@Override
		Instant startOf(Instant at, ZoneId zone) {
			return LedgerPeriod.startOfHour(at, zone);
		}

		@Override
		Instant next(Instant start, ZoneId zone) {
			return start.atZone(zone).plusHours(1).toInstant();
		}

	},

	/**
	 * One point per day of the zone, midnight to midnight.
	 */
	DAY("1d") {

		@Override
		Instant startOf(Instant at, ZoneId zone) {
			return at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
		}

		@Override
		Instant next(Instant start, ZoneId zone) {
			return start.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
		}

	};

	/**
	 * The most points a series may have: 41 days of hours, or 2.7 years of days, so that
	 * a report of every feature stays a few megabytes.
	 */
	public static final int MAX_POINTS = 1000;

	/**
	 * The forms {@link #parse} accepts, for messages.
	 */
	public static final String ACCEPTED = "1h or 1d";

	private final String id;

	LedgerStep(String id) {
		this.id = id;
	}

	/**
	 * Return the step as it is asked for: {@code 1h} or {@code 1d}.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return the step of the given id.
	 * @param step {@code 1h} or {@code 1d}
	 * @return the step
	 * @throws IllegalArgumentException for any other value, naming the accepted ones
	 */
	public static LedgerStep parse(String step) {
		String id = step.trim().toLowerCase(Locale.ROOT);
		for (LedgerStep candidate : values()) {
			if (candidate.id.equals(id)) {
				return candidate;
			}
		}
		throw new IllegalArgumentException("Unknown step '" + LedgerPeriod.echo(step) + "'; use " + ACCEPTED);
	}

	/**
	 * Return the starts of the hours or days of the zone that overlap the period, in
	 * order: the first is at or before the period's start.
	 * @param period the period
	 * @return the starts of the points
	 * @throws IllegalArgumentException if there would be more than {@link #MAX_POINTS}
	 */
	public List<Instant> starts(LedgerPeriod period) {
		List<Instant> starts = new ArrayList<>();
		for (Instant start = startOf(period.from(), period.zone()); start.isBefore(period.to())
				|| starts.isEmpty(); start = next(start, period.zone())) {
			if (starts.size() == MAX_POINTS) {
				throw new IllegalArgumentException("Period " + period.from() + " to " + period.to() + " has more than "
						+ MAX_POINTS + " points of step=" + this.id + "; use a longer step or a shorter period");
			}
			starts.add(start);
		}
		return starts;
	}

	abstract Instant startOf(Instant at, ZoneId zone);

	abstract Instant next(Instant start, ZoneId zone);

}
