package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import org.jspecify.annotations.Nullable;

/**
 * Prices of the units a model bills besides tokens, in USD per unit: per image, per
 * second of audio, per character, per request. A unit without a price has none: a call
 * that uses it is unpriced, never priced at zero.
 * <p>
 * Every price is bounded as token prices are: {@code 0}, or from
 * {@link #MIN_NON_ZERO_PRICE} to {@link #MAX_PRICE}, kept to at most {@link #PRICE_SCALE}
 * decimal places.
 *
 * @author llm-cost contributors
 */
public final class UnitRates {

	/**
	 * The highest price accepted, in USD per unit. The dearest units published today are
	 * images at a few tenths of a dollar; a price far above is a mistake in a catalog.
	 */
	public static final BigDecimal MAX_PRICE = BigDecimal.valueOf(1_000);

	/**
	 * The lowest price accepted other than zero, in USD per unit: well under the cheapest
	 * unit published today (a character of speech at 0.000015).
	 */
	public static final BigDecimal MIN_NON_ZERO_PRICE = new BigDecimal("0.000000001");

	/**
	 * The decimal places a price per unit is kept to.
	 */
	public static final int PRICE_SCALE = 12;

	/**
	 * No unit priced.
	 */
	public static final UnitRates NONE = new UnitRates(new EnumMap<>(UnitType.class));

	private final Map<UnitType, BigDecimal> prices;

	private UnitRates(Map<UnitType, BigDecimal> prices) {
		this.prices = prices;
	}

	/**
	 * Create rates from prices per unit; each price is checked as {@link #rate} checks
	 * it.
	 * @param prices USD per unit, by unit
	 * @return the rates
	 * @throws IllegalArgumentException if a price is out of bounds; the message names the
	 * unit, never the value
	 */
	public static UnitRates of(Map<UnitType, BigDecimal> prices) {
		if (prices.isEmpty()) {
			return NONE;
		}
		Map<UnitType, BigDecimal> checked = new EnumMap<>(UnitType.class);
		prices.forEach((type, price) -> {
			Objects.requireNonNull(price, () -> type.tagValue() + " price must not be null");
			try {
				checked.put(type, rate(price));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(type.tagValue() + " price " + ex.getMessage(), ex);
			}
		});
		return new UnitRates(checked);
	}

	/**
	 * Check a price per unit and return it as rates keep it. Its magnitude is checked
	 * from its digits and scale before any arithmetic.
	 * @param usdPerUnit the price in USD per unit
	 * @return the price to use
	 * @throws IllegalArgumentException if it is negative, above {@link #MAX_PRICE}, or
	 * neither {@code 0} nor at least {@link #MIN_NON_ZERO_PRICE}; the message completes
	 * "the price ..." and never repeats the value
	 */
	public static BigDecimal rate(BigDecimal usdPerUnit) {
		Objects.requireNonNull(usdPerUnit, "price must not be null");
		if (usdPerUnit.signum() == 0) {
			return BigDecimal.ZERO;
		}
		if (usdPerUnit.signum() < 0) {
			throw new IllegalArgumentException("is negative");
		}
		long magnitude = (long) usdPerUnit.precision() - usdPerUnit.scale();
		if (magnitude > MAX_PRICE.precision() - MAX_PRICE.scale() || usdPerUnit.compareTo(MAX_PRICE) > 0) {
			throw new IllegalArgumentException("is above " + MAX_PRICE + " USD per unit");
		}
		if (magnitude < -8 || usdPerUnit.compareTo(MIN_NON_ZERO_PRICE) < 0) {
			throw new IllegalArgumentException(
					"is below " + MIN_NON_ZERO_PRICE.toPlainString() + " USD per unit and not 0");
		}
		BigDecimal rate = usdPerUnit.setScale(PRICE_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
		return (rate.scale() < 0) ? rate.setScale(0) : rate;
	}

	/**
	 * Return the price of one unit.
	 * @param type the unit
	 * @return USD per unit, or {@code null} when the unit has no price
	 */
	public @Nullable BigDecimal perUnit(UnitType type) {
		return this.prices.get(type);
	}

	/**
	 * Return whether no unit has a price.
	 * @return {@code true} if no unit is priced
	 */
	public boolean isEmpty() {
		return this.prices.isEmpty();
	}

	/**
	 * Return these rates with the prices of another taking precedence.
	 * @param overrides the prices that win
	 * @return the merged rates
	 */
	public UnitRates with(UnitRates overrides) {
		if (overrides.isEmpty()) {
			return this;
		}
		Map<UnitType, BigDecimal> merged = new EnumMap<>(UnitType.class);
		merged.putAll(this.prices);
		merged.putAll(overrides.prices);
		return new UnitRates(merged);
	}

	/**
	 * Return the exact cost of each unit used, or {@code null} when a unit used has no
	 * price.
	 * @param units the units used
	 * @return the cost per unit type in USD, indexed by ordinal, or {@code null}
	 */
	@Nullable BigDecimal[] costOf(UnitUsage units) {
		BigDecimal[] amounts = new BigDecimal[UnitType.values().length];
		for (UnitType type : UnitType.values()) {
			long count = units.get(type);
			BigDecimal price = this.prices.get(type);
			if (count != 0 && price == null) {
				return null;
			}
			amounts[type.ordinal()] = (count != 0) ? price.multiply(BigDecimal.valueOf(count)) : BigDecimal.ZERO;
		}
		return amounts;
	}

	/**
	 * Return the first unit used that has no price.
	 * @param units the units used
	 * @return the unit, or {@code null} when every unit used has a price
	 */
	public @Nullable UnitType unpricedIn(UnitUsage units) {
		for (UnitType type : UnitType.values()) {
			if (units.get(type) != 0 && !this.prices.containsKey(type)) {
				return type;
			}
		}
		return null;
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof UnitRates rates && this.prices.equals(rates.prices));
	}

	@Override
	public int hashCode() {
		return this.prices.hashCode();
	}

	@Override
	public String toString() {
		return "UnitRates" + this.prices.keySet();
	}

}
