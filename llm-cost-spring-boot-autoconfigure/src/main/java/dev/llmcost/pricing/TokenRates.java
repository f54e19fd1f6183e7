package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

import dev.llmcost.usage.TokenType;
import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * Prices of every token bucket, in USD per million tokens.
 * <p>
 * Every bucket has a rate: where a provider publishes none, {@link #of} applies the
 * documented defaults, so no bucket is silently free: cache reads and cache writes at the
 * input rate, one-hour cache writes at the five-minute cache-write rate, reasoning at the
 * output rate.
 * <p>
 * Every rate is bounded: {@code 0}, or from {@link #MIN_NON_ZERO_PRICE} to
 * {@link #MAX_PRICE}, kept to at most {@link #PRICE_SCALE} decimal places. Prices come
 * from catalogs downloaded at runtime; bounded, the cost of a call has a bounded number
 * of digits whatever the catalog says, so pricing a call stays cheap and its cost finite
 * as a {@code double}.
 *
 * @param input USD per million uncached input tokens
 * @param cacheRead USD per million input tokens read from the cache
 * @param cacheWrite USD per million input tokens written to the cache (five-minute cache)
 * @param cacheWrite1h USD per million input tokens written to the one-hour cache
 * @param output USD per million output tokens
 * @param reasoning USD per million reasoning tokens
 * @author llm-cost contributors
 */
public record TokenRates(BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite, BigDecimal cacheWrite1h,
		BigDecimal output, BigDecimal reasoning) {

	/**
	 * The highest price accepted, in USD per million tokens. The dearest models cost a
	 * few hundred (600 for o1-pro's output); a price far above that is a mistake in a
	 * catalog, such as a price per million tokens written where a price per token belongs
	 * (LiteLLM lists some models at 100,000 and more), and would turn cost meters into
	 * {@code Infinity} once it reached {@code 1e308}.
	 */
	public static final BigDecimal MAX_PRICE = BigDecimal.valueOf(10_000);

	/**
	 * The lowest price accepted other than zero, in USD per million tokens: a thousandth
	 * of the cheapest price published today (0.001). Below it, rounding to
	 * {@link #PRICE_SCALE} decimal places would change a price by more than 0.05%.
	 */
	public static final BigDecimal MIN_NON_ZERO_PRICE = new BigDecimal("0.000001");

	/**
	 * The decimal places a price per million tokens is kept to. Published prices have at
	 * most six; more are artifacts of catalogs that keep prices per token as binary
	 * floating point ({@code 3.5000000000000004e-07} is 0.35 per million), which rounding
	 * removes. With {@link #MAX_PRICE}, it bounds every rate to 14 digits, and the cost
	 * of a call of any {@code long} token counts to at most 33 digits and 15 decimal
	 * places.
	 */
	public static final int PRICE_SCALE = 9;

	private static final long MAX_PRICE_MAGNITUDE = magnitude(MAX_PRICE);

	private static final long MIN_PRICE_MAGNITUDE = magnitude(MIN_NON_ZERO_PRICE);

	/**
	 * Create rates; every rate must be {@code 0} or from {@link #MIN_NON_ZERO_PRICE} to
	 * {@link #MAX_PRICE}, and is kept as {@link #rate(BigDecimal)} returns it.
	 */
	public TokenRates {
		input = checked("input", input);
		cacheRead = checked("cacheRead", cacheRead);
		cacheWrite = checked("cacheWrite", cacheWrite);
		cacheWrite1h = checked("cacheWrite1h", cacheWrite1h);
		output = checked("output", output);
		reasoning = checked("reasoning", reasoning);
	}

	/**
	 * Check a price and return it as rates keep it: rounded to {@link #PRICE_SCALE}
	 * decimal places, without trailing zeros, in plain notation ({@code 15}, not
	 * {@code 1.5E+1}). Its magnitude is checked from its digits and scale before any
	 * arithmetic: a price such as {@code 1e1000000} is rejected at once, never expanded.
	 * This is the one check every price goes through, from a catalog or from
	 * configuration.
	 * @param usdPerMillion the price in USD per million tokens
	 * @return the price to use
	 * @throws IllegalArgumentException if it is negative, above {@link #MAX_PRICE}, or
	 * neither {@code 0} nor at least {@link #MIN_NON_ZERO_PRICE}; the message completes
	 * "the price ..." ({@code is negative}) and never repeats the value
	 */
	public static BigDecimal rate(BigDecimal usdPerMillion) {
		return bounded(usdPerMillion, 0);
	}

	/**
	 * Check a price per token, as {@link #rate(BigDecimal)} does, and return it per
	 * million tokens. Converting is exact: only the decimal point moves.
	 * @param usdPerToken the price in USD per token
	 * @return the price in USD per million tokens
	 * @throws IllegalArgumentException as {@link #rate(BigDecimal)} does
	 */
	public static BigDecimal rateFromPerToken(BigDecimal usdPerToken) {
		return bounded(usdPerToken, 6);
	}

	/**
	 * Check a price and return it per million tokens; {@code perMillionShift} is how far
	 * its decimal point moves to make it so: 6 for a price per token.
	 */
	private static BigDecimal bounded(BigDecimal price, int perMillionShift) {
		Objects.requireNonNull(price, "price must not be null");
		if (price.signum() == 0) {
			return BigDecimal.ZERO;
		}
		if (price.signum() < 0) {
			throw new IllegalArgumentException("is negative");
		}
		long magnitude = magnitude(price) + perMillionShift;
		if (magnitude > MAX_PRICE_MAGNITUDE) {
			throw above();
		}
		if (magnitude < MIN_PRICE_MAGNITUDE) {
			throw below();
		}
		// Only now is moving the point and rounding cheap: the scale is bounded.
		BigDecimal perMillion = price.movePointRight(perMillionShift);
		if (perMillion.compareTo(MAX_PRICE) > 0) {
			throw above();
		}
		if (perMillion.compareTo(MIN_NON_ZERO_PRICE) < 0) {
			throw below();
		}
		BigDecimal rate = perMillion.setScale(PRICE_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
		return (rate.scale() < 0) ? rate.setScale(0) : rate;
	}

	/**
	 * Return n such that the number is at least 10^(n-1) and below 10^n, from its digits
	 * and scale alone; as a long, since {@code 1e-2147483647} has a scale that leaves no
	 * room in an int.
	 */
	private static long magnitude(BigDecimal number) {
		return (long) number.precision() - number.scale();
	}

	private static IllegalArgumentException above() {
		return new IllegalArgumentException("is above " + MAX_PRICE + " USD per million tokens");
	}

	private static IllegalArgumentException below() {
		return new IllegalArgumentException(
				"is below " + MIN_NON_ZERO_PRICE.toPlainString() + " USD per million tokens and not 0");
	}

	private static BigDecimal checked(String bucket, BigDecimal rate) {
		Objects.requireNonNull(rate, () -> bucket + " price must not be null");
		try {
			return rate(rate);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(bucket + " price " + ex.getMessage(), ex);
		}
	}

	/**
	 * Create rates from published prices, applying the defaults for the others.
	 * @param input USD per million input tokens
	 * @param cacheRead USD per million cached input tokens, or {@code null}
	 * @param cacheWrite USD per million cache-write tokens, or {@code null}
	 * @param cacheWrite1h USD per million one-hour cache-write tokens, or {@code null}
	 * @param output USD per million output tokens
	 * @param reasoning USD per million reasoning tokens, or {@code null}
	 * @return the rates
	 */
	public static TokenRates of(BigDecimal input, @Nullable BigDecimal cacheRead, @Nullable BigDecimal cacheWrite,
			@Nullable BigDecimal cacheWrite1h, BigDecimal output, @Nullable BigDecimal reasoning) {
		BigDecimal write = (cacheWrite != null) ? cacheWrite : input;
		return new TokenRates(input, (cacheRead != null) ? cacheRead : input, write,
				(cacheWrite1h != null) ? cacheWrite1h : write, output, (reasoning != null) ? reasoning : output);
	}

	/**
	 * Create the rates of a context-length tier from the prices it publishes. A bucket
	 * the tier leaves out scales with it: input-side buckets (cache reads and writes) by
	 * the tier's input rate over the base input rate, reasoning by the output ratio, the
	 * way providers double or halve a whole price sheet for long prompts. Without a ratio
	 * to apply, the base rate stays.
	 * @param base the rates under the tier's threshold
	 * @param input the tier's input rate, or {@code null}
	 * @param cacheRead the tier's cache-read rate, or {@code null}
	 * @param cacheWrite the tier's cache-write rate, or {@code null}
	 * @param cacheWrite1h the tier's one-hour cache-write rate, or {@code null}
	 * @param output the tier's output rate, or {@code null}
	 * @param reasoning the tier's reasoning rate, or {@code null}
	 * @return the tier's rates
	 */
	public static TokenRates forTier(TokenRates base, @Nullable BigDecimal input, @Nullable BigDecimal cacheRead,
			@Nullable BigDecimal cacheWrite, @Nullable BigDecimal cacheWrite1h, @Nullable BigDecimal output,
			@Nullable BigDecimal reasoning) {
		// Checked before scaling the other buckets with them.
		BigDecimal tierInput = (input != null) ? checked("input", input) : base.input;
		BigDecimal tierOutput = (output != null) ? checked("output", output) : base.output;
		BigDecimal tierCacheWrite = scaled(cacheWrite, base.cacheWrite, tierInput, base.input);
		// A one-hour rate that only defaulted to the cache-write rate keeps following it.
		BigDecimal tierCacheWrite1h = (cacheWrite1h == null && base.cacheWrite1h.compareTo(base.cacheWrite) == 0)
				? tierCacheWrite : scaled(cacheWrite1h, base.cacheWrite1h, tierInput, base.input);
		return new TokenRates(tierInput, scaled(cacheRead, base.cacheRead, tierInput, base.input), tierCacheWrite,
				tierCacheWrite1h, tierOutput, scaled(reasoning, base.reasoning, tierOutput, base.output));
	}

	private static BigDecimal scaled(@Nullable BigDecimal published, BigDecimal baseRate, BigDecimal tierAnchor,
			BigDecimal baseAnchor) {
		if (published != null) {
			return published;
		}
		if (baseAnchor.signum() == 0) {
			return baseRate;
		}
		return baseRate.multiply(tierAnchor).divide(baseAnchor, MathContext.DECIMAL64).stripTrailingZeros();
	}

	/**
	 * Return the rate of one bucket. For cache writes, the five-minute rate: the
	 * cache-write tokens a provider reports as written to the one-hour cache
	 * ({@link TokenUsage#cacheWrite1h()}) are priced at {@link #cacheWrite1h()} by
	 * {@link #costOf(TokenUsage)}.
	 * @param type the bucket
	 * @return USD per million tokens
	 */
	public BigDecimal perMillion(TokenType type) {
		return switch (type) {
			case INPUT -> this.input;
			case CACHE_READ -> this.cacheRead;
			case CACHE_WRITE -> this.cacheWrite;
			case OUTPUT -> this.output;
			case REASONING -> this.reasoning;
		};
	}

	/**
	 * Return the exact cost of the given usage at these rates. The cache-write bucket
	 * costs its five-minute writes at {@link #cacheWrite()} plus its one-hour writes at
	 * {@link #cacheWrite1h()}. Bounded rates make it cheap: each bucket's cost has at
	 * most 34 digits.
	 * @param usage the usage
	 * @return the cost per bucket in USD
	 */
	public Cost costOf(TokenUsage usage) {
		BigDecimal[] amounts = new BigDecimal[TokenType.values().length];
		for (TokenType type : TokenType.values()) {
			amounts[type.ordinal()] = usd(perMillion(type), usage.get(type));
		}
		if (usage.cacheWrite1h() > 0) {
			long fiveMinute = usage.cacheWrite() - usage.cacheWrite1h();
			amounts[TokenType.CACHE_WRITE.ordinal()] = usd(this.cacheWrite, fiveMinute)
				.add(usd(this.cacheWrite1h, usage.cacheWrite1h()));
		}
		return new Cost(amounts);
	}

	private static BigDecimal usd(BigDecimal perMillion, long tokens) {
		return perMillion.multiply(BigDecimal.valueOf(tokens)).movePointLeft(6);
	}

}
