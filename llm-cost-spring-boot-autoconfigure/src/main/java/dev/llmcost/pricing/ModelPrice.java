package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.util.Objects;

import dev.llmcost.usage.TokenType;
import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * The price of one model, in USD per million tokens for each token bucket.
 * <p>
 * Every bucket has a price: where a provider publishes none, {@link #of} applies the
 * documented defaults (cache reads and writes at the input price, reasoning at the output
 * price), so no bucket is silently free.
 *
 * @param model the catalog entry that holds this price
 * @param provider the provider, as a {@code gen_ai.provider.name} value, or
 * {@code "unknown"}
 * @param input USD per million uncached input tokens
 * @param cacheRead USD per million input tokens read from the cache
 * @param cacheWrite USD per million input tokens written to the cache
 * @param output USD per million output tokens
 * @param reasoning USD per million reasoning tokens
 * @author llm-cost contributors
 */
public record ModelPrice(String model, String provider, BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite,
		BigDecimal output, BigDecimal reasoning) {

	/**
	 * Create a price; every price must be zero or positive.
	 */
	public ModelPrice {
		Objects.requireNonNull(model, "model must not be null");
		Objects.requireNonNull(provider, "provider must not be null");
		requireNonNegative("input", input);
		requireNonNegative("cacheRead", cacheRead);
		requireNonNegative("cacheWrite", cacheWrite);
		requireNonNegative("output", output);
		requireNonNegative("reasoning", reasoning);
	}

	/**
	 * Create a price from published prices, applying the defaults for those not
	 * published: cache reads and writes at the input price, reasoning at the output
	 * price.
	 * @param model the catalog entry name
	 * @param provider the provider
	 * @param input USD per million input tokens
	 * @param cacheRead USD per million cached input tokens, or {@code null}
	 * @param cacheWrite USD per million cache-write tokens, or {@code null}
	 * @param output USD per million output tokens
	 * @param reasoning USD per million reasoning tokens, or {@code null}
	 * @return the price
	 */
	public static ModelPrice of(String model, String provider, BigDecimal input, @Nullable BigDecimal cacheRead,
			@Nullable BigDecimal cacheWrite, BigDecimal output, @Nullable BigDecimal reasoning) {
		return new ModelPrice(model, provider, input, (cacheRead != null) ? cacheRead : input,
				(cacheWrite != null) ? cacheWrite : input, output, (reasoning != null) ? reasoning : output);
	}

	private static void requireNonNegative(String bucket, BigDecimal price) {
		Objects.requireNonNull(price, () -> bucket + " price must not be null");
		if (price.signum() < 0) {
			throw new IllegalArgumentException(bucket + " price must not be negative, was " + price);
		}
	}

	/**
	 * Return the price of one bucket.
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
	 * Return the exact cost of the given usage at this price.
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
