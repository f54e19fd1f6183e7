package dev.llmcost.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LedgerPeriod}. Most are in Europe/Paris, where clocks go forward from
 * 02:00 to 03:00 on 2026-03-29 (a day of 23 hours) and back from 03:00 to 02:00 on
 * 2026-10-25 (25 hours); UTC+1 in winter, UTC+2 in summer.
 */
class LedgerPeriodTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private static final Supplier<Instant> NO_SINCE = () -> {
		throw new AssertionError("Only since-start needs when the ledger started");
	};

	@Test
	void todayWhenClocksGoBackShouldBeTwentyFiveHours() {
		LedgerPeriod today = parse("today", "2026-10-25T12:00:00Z");

		assertPeriod(today, "today", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
		assertThat(Duration.between(today.from(), today.to())).hasHours(25);
	}

	@Test
	void todayWhenClocksGoForwardShouldBeTwentyThreeHours() {
		LedgerPeriod today = parse("today", "2026-03-29T12:00:00Z");

		assertPeriod(today, "today", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z");
		assertThat(Duration.between(today.from(), today.to())).hasHours(23);
	}

	@Test
	void todayShouldBeTheDayOfTheZoneNotOfUtc() {
		// 23:30 UTC on Oct 31 is 00:30 on Nov 1 in Paris.
		assertPeriod(parse("today", "2026-10-31T23:30:00Z"), "today", "2026-10-31T23:00:00Z", "2026-11-01T23:00:00Z");
		assertPeriod(LedgerPeriod.parse("today", Instant.parse("2026-10-31T23:30:00Z"), ZoneOffset.UTC, NO_SINCE),
				"today", "2026-10-31T00:00:00Z", "2026-11-01T00:00:00Z");
	}

	@Test
	void yesterdayShouldBeTheDayBeforeInTheZone() {
		// 02:30 summer time on Mar 30: yesterday is the short day.
		LedgerPeriod yesterday = parse("yesterday", "2026-03-30T00:30:00Z");

		assertPeriod(yesterday, "yesterday", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z");
	}

	@Test
	void weekShouldStartOnMondayInTheZone() {
		// Sunday Oct 25: Monday Oct 19 (summer time) to Monday Oct 26 (winter time).
		LedgerPeriod sunday = parse("week", "2026-10-25T12:00:00Z");
		// 00:30 on Monday Oct 26 in Paris, still Sunday in UTC.
		LedgerPeriod monday = parse("week", "2026-10-25T23:30:00Z");

		assertPeriod(sunday, "week", "2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z");
		assertThat(Duration.between(sunday.from(), sunday.to())).hasHours(7 * 24 + 1);
		assertPeriod(monday, "week", "2026-10-25T23:00:00Z", "2026-11-01T23:00:00Z");
	}

	@Test
	void monthShouldBeTheCalendarMonthOfTheZone() {
		// 00:30 on Nov 1 in Paris: November, though still October in UTC.
		assertPeriod(parse("month", "2026-10-31T23:30:00Z"), "month", "2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z");
		// October holds the long day: 31 x 24 + 1 hours.
		LedgerPeriod october = parse("month", "2026-10-10T12:00:00Z");
		assertPeriod(october, "month", "2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z");
		assertThat(Duration.between(october.from(), october.to())).hasHours(31 * 24 + 1);
	}

	@Test
	void lastMonthShouldCrossTheYear() {
		assertPeriod(parse("last-month", "2026-01-15T12:00:00Z"), "last-month", "2025-11-30T23:00:00Z",
				"2025-12-31T23:00:00Z");
	}

	@Test
	void namesShouldBeCaseInsensitiveAndTrimmed() {
		assertThat(parse(" TODAY ", "2026-10-25T12:00:00Z").name()).isEqualTo("today");
	}

	@Test
	void rollingDurationShouldBeTheWholeHoursEndingWithTheCurrentOne() {
		// 23:45 winter time on Oct 25; the current hour ends at 23:00Z.
		String now = "2026-10-25T22:45:00Z";

		assertPeriod(parse("24h", now), "24h", "2026-10-24T23:00:00Z", "2026-10-25T23:00:00Z");
		assertPeriod(parse("1h", now), "1h", "2026-10-25T22:00:00Z", "2026-10-25T23:00:00Z");
		assertPeriod(parse("PT90M", now), "PT90M", "2026-10-25T21:00:00Z", "2026-10-25T23:00:00Z");
		assertPeriod(parse("30m", now), "30m", "2026-10-25T22:00:00Z", "2026-10-25T23:00:00Z");
		assertPeriod(parse("7d", now), "7d", "2026-10-18T23:00:00Z", "2026-10-25T23:00:00Z");
		assertPeriod(parse("30d", now), "30d", "2026-09-25T23:00:00Z", "2026-10-25T23:00:00Z");
	}

	@Test
	void rollingDurationShouldFollowHoursOfZonesWithHalfHourOffsets() {
		// 17:30 in Kolkata (UTC+05:30): its hours start at half past the UTC hour.
		LedgerPeriod period = LedgerPeriod.parse("24h", Instant.parse("2026-12-03T12:00:00Z"),
				ZoneId.of("Asia/Kolkata"), NO_SINCE);

		assertPeriod(period, "24h", "2026-12-02T12:30:00Z", "2026-12-03T12:30:00Z");
	}

	@Test
	void sinceStartShouldRunFromWhenTheLedgerStartedToNow() {
		LedgerPeriod period = LedgerPeriod.parse("since-start", Instant.parse("2026-10-25T22:45:00Z"), PARIS,
				() -> Instant.parse("2026-10-24T20:13:14Z"));

		assertPeriod(period, "since-start", "2026-10-24T20:13:14Z", "2026-10-25T22:45:00Z");
		assertThat(period.isSinceStart()).isTrue();
		assertThat(period.firstHour()).isEqualTo(Instant.parse("2026-10-24T20:00:00Z"));
	}

	@Test
	void datesShouldBeMidnightInTheZoneAndToExclusive() {
		LedgerPeriod period = LedgerPeriod.between("2026-10-25", "2026-10-26", Instant.parse("2026-11-01T00:00:00Z"),
				PARIS);

		assertPeriod(period, "custom", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
	}

	@Test
	void instantsShouldBeWidenedToWholeHours() {
		Instant now = Instant.parse("2026-11-01T00:00:00Z");

		assertPeriod(LedgerPeriod.between("2026-10-25T10:15:00Z", "2026-10-25T12:00:00Z", now, PARIS), "custom",
				"2026-10-25T10:00:00Z", "2026-10-25T12:00:00Z");
		assertPeriod(LedgerPeriod.between("2026-10-25T10:00:00+02:00", "2026-10-25T12:00:01+01:00", now, PARIS),
				"custom", "2026-10-25T08:00:00Z", "2026-10-25T12:00:00Z");
	}

	@Test
	void offsetWhosePlusWasDecodedAsASpaceShouldStillParse() {
		LedgerPeriod period = LedgerPeriod.between("2026-10-25T12:00:00 02:00", null,
				Instant.parse("2026-10-25T12:20:00Z"), PARIS);

		assertPeriod(period, "custom", "2026-10-25T10:00:00Z", "2026-10-25T13:00:00Z");
	}

	@Test
	void fromWithoutToShouldEndWithTheCurrentHour() {
		assertPeriod(LedgerPeriod.between("2026-10-25", null, Instant.parse("2026-10-25T12:20:00Z"), PARIS), "custom",
				"2026-10-24T22:00:00Z", "2026-10-25T13:00:00Z");
	}

	@Test
	void unknownPeriodShouldNameTheAcceptedForms() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("fortnight", "2026-10-25T12:00:00Z"))
			.withMessage("Unknown period 'fortnight'; use today, yesterday, week, month, last-month, since-start, "
					+ "or a duration such as 1h, 24h, 7d, 30d or PT90M, or 'from' and 'to'");
	}

	@Test
	void durationsThatAreNotPeriodsShouldBeRejected() {
		String now = "2026-10-25T12:00:00Z";
		assertThatIllegalArgumentException().as("milliseconds to Boot")
			.isThrownBy(() -> parse("30", now))
			.withMessageStartingWith("Unknown period '30'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("", now))
			.withMessageStartingWith("Unknown period ''");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("-1h", now))
			.withMessage("Period '-1h' must be a positive duration");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("0d", now))
			.withMessage("Period '0d' must be a positive duration");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("9999999999999d", now))
			.withMessage("Period '9999999999999d' is too long");
	}

	@Test
	void longOrControlCharactersInARejectedValueShouldNotBeEchoed() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("x".repeat(1000) + "\n", "2026-10-25T12:00:00Z"))
			.withMessageStartingWith("Unknown period '" + "x".repeat(40) + "...'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("a\r\nb", "2026-10-25T12:00:00Z"))
			.withMessageStartingWith("Unknown period 'a??b'");
	}

	@Test
	void badInstantsShouldNameTheAcceptedForms() {
		Instant now = Instant.parse("2026-10-25T12:00:00Z");
		assertThatIllegalArgumentException().isThrownBy(() -> LedgerPeriod.between("yesterday", null, now, PARIS))
			.withMessage("'from' (yesterday) must be an ISO-8601 instant such as 2026-10-01T00:00:00Z or "
					+ "2026-10-01T00:00:00+02:00, or a date such as 2026-10-01 (the start of that day)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LedgerPeriod.between("2026-10-25", "2026-13-01", now, PARIS))
			.withMessageStartingWith("'to' (2026-13-01) must be");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LedgerPeriod.between("2026-10-25", "2026-10-25", now, PARIS))
			.withMessage("'to' (2026-10-25) must be after 'from' (2026-10-25)");
	}

	private static LedgerPeriod parse(String period, String now) {
		return LedgerPeriod.parse(period, Instant.parse(now), PARIS, NO_SINCE);
	}

	private static void assertPeriod(LedgerPeriod period, String name, String from, String to) {
		assertThat(period.name()).isEqualTo(name);
		assertThat(period.from()).as("from").isEqualTo(Instant.parse(from));
		assertThat(period.to()).as("to").isEqualTo(Instant.parse(to));
	}

}
