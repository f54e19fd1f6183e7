package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
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
	 * Create rates; every rate must be zero or positive.
	 */
	public TokenRates {
		requireNonNegative("input", input);
		requireNonNegative("cacheRead", cacheRead);
		requireNonNegative("cacheWrite", cacheWrite);
		requireNonNegative("cacheWrite1h", cacheWrite1h);
		requireNonNegative("output", output);
		requireNonNegative("reasoning", reasoning);
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
		BigDecimal tierInput = (input != null) ? input : base.input;
		BigDecimal tierOutput = (output != null) ? output : base.output;
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

	private static void requireNonNegative(String bucket, BigDecimal rate) {
		Objects.requireNonNull(rate, () -> bucket + " price must not be null");
		if (rate.signum() < 0) {
			throw new IllegalArgumentException(bucket + " price must not be negative, was " + rate.toPlainString());
		}
	}

	/**
	 * Return the rate of one bucket. Cache writes are billed at the five-minute rate:
	 * Spring AI reports cache writes as one number, without their duration.
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
	 * Return the exact cost of the given usage at these rates.
	 * @param usage the usage
	 * @return the cost per bucket in USD
	 */
	public Cost costOf(TokenUsage usage) {
		BigDecimal[] amounts = new BigDecimal[TokenType.values().length];
		for (TokenType type : TokenType.values()) {
			amounts[type.ordinal()] = perMillion(type).multiply(BigDecimal.valueOf(usage.get(type))).movePointLeft(6);
		}
		return new Cost(amounts);
	}

}
