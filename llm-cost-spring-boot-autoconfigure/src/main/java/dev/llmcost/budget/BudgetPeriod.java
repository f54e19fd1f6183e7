package dev.llmcost.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.llmcost.ledger.LedgerPeriod;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * The period a budget's spend is counted over: a calendar period of the ledger's zone
 * ({@code day}, {@code week}, {@code month}), which resets at its end, or a rolling
 * window ({@code 10m}, {@code 1h}), which lets each call's cost leave it once the window
 * has passed.
 *
 * @param name the period as configured
 * @param window the length of a rolling window, or {@code null} for a calendar period
 * @author llm-cost contributors
 */
public record BudgetPeriod(String name, @Nullable Duration window) {

	/**
	 * The forms {@link #parse} accepts, for messages.
	 */
	public static final String ACCEPTED = "day, week, month, or a rolling duration of at least one minute "
			+ "such as 10m, 1h or 24h";

	/**
	 * The shortest rolling window: its spend is counted in buckets of whole minutes.
	 */
	public static final Duration MIN_WINDOW = Duration.ofMinutes(1);

	// The longest rolling window: 366 days, far beyond any use, but an overflow never.
	private static final Duration MAX_WINDOW = Duration.ofDays(366);

	// A duration without a unit is milliseconds to Boot; never what a budget means.
	private static final Pattern NUMBER_WITHOUT_UNIT = Pattern.compile("[+-]?\\d+");

	/**
	 * Create a period.
	 */
	public BudgetPeriod {
		Objects.requireNonNull(name, "name must not be null");
	}

	/**
	 * Return the period of the given name.
	 * @param period {@code day}, {@code week}, {@code month}, or a duration in any form
	 * Spring Boot parses, of at least a minute
	 * @return the period
	 * @throws IllegalArgumentException if the period is none of these, naming the
	 * accepted forms
	 */
	public static BudgetPeriod parse(String period) {
		String name = period.trim().toLowerCase(Locale.ROOT);
		return switch (name) {
			case "day", "week", "month" -> new BudgetPeriod(name, null);
			default -> new BudgetPeriod(name, window(name));
		};
	}

	/**
	 * Return whether this is a rolling window rather than a calendar period.
	 * @return whether the period has a window
	 */
	public boolean isRolling() {
		return this.window != null;
	}

	/**
	 * Return the calendar period that contains the given instant. Days, weeks and months
	 * are those of {@link LedgerPeriod}, so that a budget and the endpoint's
	 * {@code today}, {@code week} and {@code month} always agree.
	 * @param now the instant
	 * @param zone the ledger's zone
	 * @return the period
	 * @throws IllegalStateException if this is a rolling window
	 */
	public LedgerPeriod calendarPeriod(Instant now, ZoneId zone) {
		return switch (this.name) {
			case "day" -> LedgerPeriod.day(now, zone);
			case "week" -> LedgerPeriod.week(now, zone);
			case "month" -> LedgerPeriod.month(now, zone);
			default -> throw new IllegalStateException("Period '" + this.name + "' is a rolling window");
		};
	}

	private static Duration window(String name) {
		if (name.isEmpty() || NUMBER_WITHOUT_UNIT.matcher(name).matches()) {
			throw unknown(name, null);
		}
		Duration window;
		try {
			window = DurationStyle.detectAndParse(name);
		}
		catch (IllegalArgumentException ex) {
			throw unknown(name, ex);
		}
		if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
			throw new IllegalArgumentException(
					"Period '" + echo(name) + "' must be a duration from 1m to 366d, or day, week or month");
		}
		return window;
	}

	private static IllegalArgumentException unknown(String name, @Nullable Exception cause) {
		return new IllegalArgumentException("Unknown period '" + echo(name) + "'; use " + ACCEPTED, cause);
	}

	private static String echo(String value) {
		String line = value.replaceAll("\\p{Cntrl}", "?");
		return (line.length() <= 40) ? line : line.substring(0, 40) + "...";
	}

	@Override
	public String toString() {
		return this.name;
	}

}
