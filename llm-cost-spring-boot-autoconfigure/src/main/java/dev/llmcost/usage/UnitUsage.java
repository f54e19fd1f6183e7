package dev.llmcost.usage;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a call is billed for besides its {@link TokenUsage tokens}: a count per
 * {@link UnitType}. Most calls have none ({@link #NONE}).
 *
 * @author llm-cost contributors
 */
public final class UnitUsage {

	private static final UnitType[] TYPES = UnitType.values();

	/**
	 * Usage of a call billed in tokens only.
	 */
	public static final UnitUsage NONE = new UnitUsage(new long[TYPES.length]);

	private final long[] counts;

	private UnitUsage(long[] counts) {
		this.counts = counts;
	}

	/**
	 * Return the usage of one unit.
	 * @param type the unit
	 * @param count how many; zero or more
	 * @return the usage
	 * @throws IllegalArgumentException if the count is negative
	 */
	public static UnitUsage of(UnitType type, long count) {
		return NONE.with(type, count);
	}

	/**
	 * Return this usage with the count of one unit replaced.
	 * @param type the unit
	 * @param count how many; zero or more
	 * @return the usage
	 * @throws IllegalArgumentException if the count is negative
	 */
	public UnitUsage with(UnitType type, long count) {
		Objects.requireNonNull(type, "type must not be null");
		if (count < 0) {
			throw new IllegalArgumentException("Unit counts must not be negative: " + type.tagValue() + "=" + count);
		}
		long[] counts = this.counts.clone();
		counts[type.ordinal()] = count;
		return new UnitUsage(counts);
	}

	/**
	 * Return the count of one unit.
	 * @param type the unit
	 * @return how many
	 */
	public long get(UnitType type) {
		return this.counts[type.ordinal()];
	}

	/**
	 * Return whether no unit was counted.
	 * @return {@code true} if every count is zero
	 */
	public boolean isEmpty() {
		for (long count : this.counts) {
			if (count != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return the sum of this usage and another; a sum past {@link Long#MAX_VALUE} stays
	 * there.
	 * @param other the usage to add
	 * @return the sum
	 */
	public UnitUsage plus(UnitUsage other) {
		if (other.isEmpty()) {
			return this;
		}
		if (isEmpty()) {
			return other;
		}
		long[] sums = new long[TYPES.length];
		for (int i = 0; i < sums.length; i++) {
			sums[i] = saturatedAdd(this.counts[i], other.counts[i]);
		}
		return new UnitUsage(sums);
	}

	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (sum < 0) ? Long.MAX_VALUE : sum;
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof UnitUsage usage && Arrays.equals(this.counts, usage.counts));
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.counts);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("UnitUsage[");
		for (UnitType type : TYPES) {
			if (text.length() > "UnitUsage[".length()) {
				text.append(", ");
			}
			text.append(type.tagValue()).append('=').append(get(type));
		}
		return text.append(']').toString();
	}

}
