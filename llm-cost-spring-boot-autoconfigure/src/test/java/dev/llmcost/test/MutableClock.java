package dev.llmcost.test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that tells the time a test sets: the {@code Clock} bean of an application whose
 * calls must end at chosen instants, or of a ledger whose hours a test walks through.
 */
public final class MutableClock extends Clock {

	private volatile Instant now;

	/**
	 * Create a clock at the given instant.
	 * @param now the instant
	 */
	public MutableClock(Instant now) {
		this.now = now;
	}

	/**
	 * Create a clock at the given instant.
	 * @param now the instant, ISO-8601
	 * @return the clock
	 */
	public static MutableClock at(String now) {
		return new MutableClock(Instant.parse(now));
	}

	/**
	 * Set the time.
	 * @param now the instant, ISO-8601
	 */
	public void set(String now) {
		this.now = Instant.parse(now);
	}

	/**
	 * Set the time.
	 * @param now the instant
	 */
	public void set(Instant now) {
		this.now = now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
