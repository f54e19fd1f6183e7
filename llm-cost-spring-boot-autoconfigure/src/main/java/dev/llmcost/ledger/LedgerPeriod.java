package dev.llmcost.ledger;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * A span of time that a {@link CostLedger} is totalled over: a calendar period of a zone
 * ({@code today}, {@code month}, ...), a rolling window of whole hours ({@code 24h}), an
 * explicit range, or everything since the ledger started.
 * <p>
 * Every period but {@code since-start} starts and ends on hours of the zone, the hours a
 * ledger keeps its rows in, so that a period is always a whole number of rows:
 * <ul>
 * <li>calendar periods start and end at midnight in the zone, so a day is 23 or 25 hours
 * long when the clocks change, and weeks start on Monday (ISO-8601);</li>
 * <li>a rolling duration {@code d} ends at the end of the current hour and starts at the
 * start of the hour that contains {@code end - d}: {@code 24h} at 14:20 is 15:00
 * yesterday to 15:00 today, the 24 hourly rows that end with the current one;
 * {@code PT90M} is the current hour and the one before;</li>
 * <li>an explicit {@code from} or {@code to} between hours is widened to the hour that
 * contains it.</li>
 * </ul>
 *
 * @param name how the period was asked for: {@code today}, {@code yesterday},
 * {@code week}, {@code month}, {@code last-month}, the duration as given (for example
 * {@code 24h}), {@code custom} for an explicit range, or {@code since-start}
 * @param from the start, inclusive
 * @param to the end, exclusive
 * @param zone the zone whose days and hours the period follows
 * @author llm-cost contributors
 */
public record LedgerPeriod(String name, Instant from, Instant to, ZoneId zone) {

	/**
	 * The name of the period that starts when the ledger started.
	 */
	public static final String SINCE_START = "since-start";

	/**
	 * The name of a period given by its start and end.
	 */
	public static final String CUSTOM = "custom";

	/**
	 * The forms {@link #parse} accepts, for messages.
	 */
	public static final String ACCEPTED_PERIODS = "today, yesterday, week, month, last-month, since-start, "
			+ "or a duration such as 1h, 24h, 7d, 30d or PT90M";

	/**
	 * The forms {@link #between} accepts, for messages.
	 */
	public static final String ACCEPTED_INSTANTS = "an ISO-8601 instant such as 2026-10-01T00:00:00Z or "
			+ "2026-10-01T00:00:00+02:00, or a date such as 2026-10-01 (the start of that day)";

	// A duration without a unit is milliseconds to Boot; "30" for 30 ms is never what
	// someone asking for a period means.
	private static final Pattern NUMBER_WITHOUT_UNIT = Pattern.compile("[+-]?\\d+");

	// What an error message echoes of a rejected value at most.
	private static final int ECHOED_CHARACTERS = 40;

	/**
	 * Create a period.
	 */
	public LedgerPeriod {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(from, "from must not be null");
		Objects.requireNonNull(to, "to must not be null");
		Objects.requireNonNull(zone, "zone must not be null");
		if (to.isBefore(from)) {
			throw new IllegalArgumentException("to (" + to + ") must not be before from (" + from + ")");
		}
	}

	/**
	 * Return the period of the given name, as it is at the given instant.
	 * @param period {@code today}, {@code yesterday}, {@code week}, {@code month},
	 * {@code last-month}, {@code since-start}, or a duration in any form Spring Boot
	 * parses ({@code 1h}, {@code 24h}, {@code 7d}, {@code PT90M})
	 * @param now the current instant
	 * @param zone the zone of calendar periods and hours
	 * @param since when the ledger started, the start of {@code since-start}, asked only
	 * for that period
	 * @return the period
	 * @throws IllegalArgumentException if the period is none of these, naming the
	 * accepted forms
	 */
	public static LedgerPeriod parse(String period, Instant now, ZoneId zone, Supplier<Instant> since) {
		String name = period.trim();
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "today" -> day(now, zone);
			case "yesterday" -> day(now.atZone(zone).toLocalDate().minusDays(1), "yesterday", zone);
			case "week" -> week(now, zone);
			case "month" -> month(now, zone);
			case "last-month" -> {
				LocalDate firstOfLastMonth = now.atZone(zone).toLocalDate().withDayOfMonth(1).minusMonths(1);
				yield new LedgerPeriod("last-month", startOfDay(firstOfLastMonth, zone),
						startOfDay(firstOfLastMonth.plusMonths(1), zone), zone);
			}
			case SINCE_START -> sinceStart(since.get(), now, zone);
			default -> rolling(name, duration(name), now, zone);
		};
	}

	/**
	 * Return the day, in the zone, that contains the given instant.
	 * @param now the instant
	 * @param zone the zone
	 * @return the period {@code today}
	 */
	public static LedgerPeriod day(Instant now, ZoneId zone) {
		return day(now.atZone(zone).toLocalDate(), "today", zone);
	}

	/**
	 * Return the ISO week (Monday to Sunday), in the zone, that contains the given
	 * instant.
	 * @param now the instant
	 * @param zone the zone
	 * @return the period {@code week}
	 */
	public static LedgerPeriod week(Instant now, ZoneId zone) {
		LocalDate monday = now.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		return new LedgerPeriod("week", startOfDay(monday, zone), startOfDay(monday.plusWeeks(1), zone), zone);
	}

	/**
	 * Return the calendar month, in the zone, that contains the given instant.
	 * @param now the instant
	 * @param zone the zone
	 * @return the period {@code month}
	 */
	public static LedgerPeriod month(Instant now, ZoneId zone) {
		LocalDate first = now.atZone(zone).toLocalDate().withDayOfMonth(1);
		return new LedgerPeriod("month", startOfDay(first, zone), startOfDay(first.plusMonths(1), zone), zone);
	}

	/**
	 * Return the whole hours that end with the current one and span at least the given
	 * duration: from the start of the hour that contains {@code end - duration} to the
	 * end of the hour that contains {@code now}.
	 * @param name the name of the period
	 * @param duration the duration, positive
	 * @param now the current instant
	 * @param zone the zone whose hours the period follows
	 * @return the period
	 */
	public static LedgerPeriod rolling(String name, Duration duration, Instant now, ZoneId zone) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("Period '" + echo(name) + "' must be a positive duration");
		}
		try {
			Instant to = endOfHour(now, zone);
			return new LedgerPeriod(name, startOfHour(to.minus(duration), zone), to, zone);
		}
		catch (ArithmeticException | DateTimeException ex) {
			throw new IllegalArgumentException("Period '" + echo(name) + "' is too long", ex);
		}
	}

	/**
	 * Return the period from the given start to now.
	 * @param since when the ledger started
	 * @param now the current instant
	 * @param zone the zone
	 * @return the period {@code since-start}
	 */
	public static LedgerPeriod sinceStart(Instant since, Instant now, ZoneId zone) {
		return new LedgerPeriod(SINCE_START, since, now.isBefore(since) ? since : now, zone);
	}

	/**
	 * Return the period between two instants or dates, widened to whole hours of the
	 * zone.
	 * @param from an ISO-8601 instant (with {@code Z} or an offset) or date, which means
	 * the start of that day in the zone
	 * @param to the same, exclusive, or {@code null} for the end of the current hour
	 * @param now the current instant
	 * @param zone the zone
	 * @return the period {@code custom}
	 * @throws IllegalArgumentException if either is none of these, or {@code to} is not
	 * after {@code from}
	 */
	public static LedgerPeriod between(String from, @Nullable String to, Instant now, ZoneId zone) {
		Instant start = instant("from", from, zone);
		Instant end = (to != null) ? instant("to", to, zone) : now;
		if (!end.isAfter(start)) {
			throw new IllegalArgumentException("'to' (" + echo((to != null) ? to : end.toString())
					+ ") must be after 'from' (" + echo(from) + ")");
		}
		try {
			Instant endHour = startOfHour(end, zone);
			return new LedgerPeriod(CUSTOM, startOfHour(start, zone), endHour.equals(end) ? end : endOfHour(end, zone),
					zone);
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("'from' or 'to' is out of range", ex);
		}
	}

	/**
	 * Return whether this is the period since the ledger started.
	 * @return whether the name is {@code since-start}
	 */
	public boolean isSinceStart() {
		return SINCE_START.equals(this.name);
	}

	/**
	 * Return the start of the first hour whose rows belong to the period: the hour that
	 * contains its start.
	 * @return the start of the first row's hour
	 */
	public Instant firstHour() {
		return startOfHour(this.from, this.zone);
	}

	/**
	 * Return the start of the day of the period's zone that contains its start: where the
	 * days totalled by tenant and user that cover the period begin.
	 * @return the start of its first day
	 */
	public Instant firstDay() {
		return startOfDay(this.from.atZone(this.zone).toLocalDate(), this.zone);
	}

	/**
	 * Return the end of the last day of the period's zone the period reaches into: its
	 * end when that is a start of day, else the start of the next day.
	 * @return the end of its last day
	 */
	public Instant lastDayEnd() {
		LocalDate day = this.to.atZone(this.zone).toLocalDate();
		Instant start = startOfDay(day, this.zone);
		return start.equals(this.to) ? start : startOfDay(day.plusDays(1), this.zone);
	}

	/**
	 * Return the start of the hour of the zone that contains the given instant.
	 * @param at the instant
	 * @param zone the zone
	 * @return the start of its hour
	 */
	public static Instant startOfHour(Instant at, ZoneId zone) {
		return at.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
	}

	private static Instant endOfHour(Instant at, ZoneId zone) {
		return at.atZone(zone).truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
	}

	private static LedgerPeriod day(LocalDate day, String name, ZoneId zone) {
		return new LedgerPeriod(name, startOfDay(day, zone), startOfDay(day.plusDays(1), zone), zone);
	}

	private static Instant startOfDay(LocalDate day, ZoneId zone) {
		// Midnight itself may be skipped by a change of clocks: the day then starts at
		// the
		// first instant after the gap.
		return day.atStartOfDay(zone).toInstant();
	}

	private static Duration duration(String name) {
		if (name.isEmpty() || NUMBER_WITHOUT_UNIT.matcher(name).matches()) {
			throw unknownPeriod(name, null);
		}
		try {
			return DurationStyle.detectAndParse(name);
		}
		catch (IllegalArgumentException ex) {
			throw unknownPeriod(name, ex);
		}
	}

	private static IllegalArgumentException unknownPeriod(String name, @Nullable Exception cause) {
		return new IllegalArgumentException(
				"Unknown period '" + echo(name) + "'; use " + ACCEPTED_PERIODS + ", or 'from' and 'to'", cause);
	}

	private static Instant instant(String parameter, String value, ZoneId zone) {
		// A '+' in a query string is a space once decoded: an offset such as +02:00 sent
		// unencoded arrives as " 02:00".
		String text = value.trim().replace(' ', '+');
		try {
			if (text.length() == 10) {
				return startOfDay(LocalDate.parse(text), zone);
			}
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + parameter + "' (" + echo(value) + ") must be " + ACCEPTED_INSTANTS,
					ex);
		}
	}

	/**
	 * Return a rejected value as a message may show it: short, and on one line.
	 */
	static String echo(String value) {
		String line = value.replaceAll("\\p{Cntrl}", "?");
		return (line.length() <= ECHOED_CHARACTERS) ? line : line.substring(0, ECHOED_CHARACTERS) + "...";
	}

}
