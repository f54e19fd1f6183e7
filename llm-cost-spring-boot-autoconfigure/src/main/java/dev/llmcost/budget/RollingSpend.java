package dev.llmcost.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The spend of a budget over a rolling window, kept in buckets of whole minutes so that a
 * {@code 10m} window slides minute by minute, which the ledger's hourly rows cannot do.
 * <p>
 * A window of {@code d} is counted in buckets of {@code w}: one minute up to a window of
 * an hour, then {@code d / 60} rounded up to whole minutes, so that a budget never holds
 * more than 61 buckets. A call's cost stays in the window from its end for at least
 * {@code d} and at most {@code d + w}: a runaway guard errs on the side of counting.
 *
 * @author llm-cost contributors
 */
final class RollingSpend extends BudgetSpend {

	static final int MAX_BUCKETS = 61;

	private static final long MINUTE = Duration.ofMinutes(1).toMillis();

	// Bucket width, in milliseconds.
	private final long width;

	// How many buckets before the current one the window reaches.
	private final int reach;

	// Bucket index (epoch milliseconds / width) of each slot, and its spend.
	private final long[] indexes;

	private final long[] amounts;

	RollingSpend(Duration window, long limit) {
		this(window, limit, List.of());
	}

	RollingSpend(Duration window, long limit, List<Integer> warnAt) {
		super(limit, warnAt);
		long minutes = window.toMillis() / MINUTE + ((window.toMillis() % MINUTE != 0) ? 1 : 0);
		long widthMinutes = Math.max(1, (minutes + MAX_BUCKETS - 2) / (MAX_BUCKETS - 1));
		this.width = widthMinutes * MINUTE;
		this.reach = (int) ((window.toMillis() + this.width - 1) / this.width);
		this.indexes = new long[this.reach + 1];
		this.amounts = new long[this.reach + 1];
		Arrays.fill(this.indexes, Long.MIN_VALUE);
	}

	@Override
	boolean advance(Instant now) {
		// Buckets leave the window by themselves: spentAt counts only those inside it.
		return false;
	}

	@Override
	long spentAt(Instant now) {
		long current = index(now);
		long spent = 0;
		for (int slot = 0; slot < this.indexes.length; slot++) {
			if (counted(this.indexes[slot], current)) {
				spent = CalendarSpend.saturatedAdd(spent, this.amounts[slot]);
			}
		}
		return spent;
	}

	@Override
	void addCost(Instant at, long cost) {
		long index = index(at);
		int slot = (int) Math.floorMod(index, (long) this.indexes.length);
		if (this.indexes[slot] < index) {
			this.indexes[slot] = index;
			this.amounts[slot] = 0;
		}
		// A bucket newer than the call means the call is older than the window.
		if (this.indexes[slot] == index) {
			this.amounts[slot] = CalendarSpend.saturatedAdd(this.amounts[slot], cost);
		}
	}

	@Override
	Instant exhaustedUntil(Instant now, long spent) {
		return belowLimitAt(index(now), spent);
	}

	@Override
	Spent spent(Instant now) {
		long current = index(now);
		long spent = 0;
		long newest = Long.MIN_VALUE;
		for (int slot = 0; slot < this.indexes.length; slot++) {
			long index = this.indexes[slot];
			if (counted(index, current)) {
				spent = CalendarSpend.saturatedAdd(spent, this.amounts[slot]);
				newest = Math.max(newest, index);
			}
		}
		Instant from = Instant.ofEpochMilli((current - this.reach) * this.width);
		Instant resetsAt;
		if (spent >= this.limit) {
			resetsAt = belowLimitAt(current, spent);
		}
		else {
			resetsAt = (newest != Long.MIN_VALUE) ? leavesAt(newest) : now;
		}
		return new Spent(from, now, spent, resetsAt);
	}

	private long index(Instant at) {
		return Math.floorDiv(at.toEpochMilli(), this.width);
	}

	private boolean counted(long index, long current) {
		return index != Long.MIN_VALUE && index <= current && index >= current - this.reach;
	}

	/**
	 * Return when the spend of the window falls below the limit, as its oldest buckets
	 * leave it and no other call is added.
	 */
	private Instant belowLimitAt(long current, long spent) {
		long remaining = spent;
		for (long index = current - this.reach; index <= current; index++) {
			int slot = (int) Math.floorMod(index, (long) this.indexes.length);
			if (this.indexes[slot] == index) {
				remaining -= this.amounts[slot];
				if (remaining < this.limit) {
					return leavesAt(index);
				}
			}
		}
		// Unreachable with a positive limit: once every bucket has left, nothing is
		// spent.
		return leavesAt(current);
	}

	private Instant leavesAt(long index) {
		return Instant.ofEpochMilli((index + this.reach + 1) * this.width);
	}

	/**
	 * Return the width of a bucket.
	 * @return the width
	 */
	Duration bucketWidth() {
		return Duration.ofMillis(this.width);
	}

}
