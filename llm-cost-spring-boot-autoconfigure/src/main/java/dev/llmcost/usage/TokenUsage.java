package dev.llmcost.usage;

import org.jspecify.annotations.Nullable;

/**
 * Token usage of one model call in five disjoint buckets whose sum is the billed total.
 * <p>
 * Providers report overlapping numbers (OpenAI's prompt tokens include cached tokens, its
 * completion tokens include reasoning tokens); {@link #fromInclusive} undoes the overlap.
 *
 * @param input input tokens neither read from nor written to a cache
 * @param cacheRead input tokens read from the prompt cache
 * @param cacheWrite input tokens written to the prompt cache
 * @param output output tokens that are not reasoning tokens
 * @param reasoning reasoning tokens
 * @param cacheWrite1h the part of {@code cacheWrite} written to the one-hour cache, which
 * Anthropic bills at a higher rate than the five-minute cache; not a bucket of its own
 * (it is inside {@code cacheWrite}), so it changes the price of the cache-write bucket,
 * never the sum of the buckets
 * @author llm-cost contributors
 */
public record TokenUsage(long input, long cacheRead, long cacheWrite, long output, long reasoning, long cacheWrite1h) {

	/**
	 * Usage of a call that reported none.
	 */
	public static final TokenUsage EMPTY = new TokenUsage(0, 0, 0, 0, 0);

	/**
	 * Create a usage; every count must be zero or positive, and the one-hour cache writes
	 * at most the cache writes.
	 */
	public TokenUsage {
		if (input < 0 || cacheRead < 0 || cacheWrite < 0 || output < 0 || reasoning < 0 || cacheWrite1h < 0) {
			throw new IllegalArgumentException("Token counts must not be negative: input=" + input + ", cacheRead="
					+ cacheRead + ", cacheWrite=" + cacheWrite + ", output=" + output + ", reasoning=" + reasoning
					+ ", cacheWrite1h=" + cacheWrite1h);
		}
		if (cacheWrite1h > cacheWrite) {
			throw new IllegalArgumentException("One-hour cache writes (" + cacheWrite1h
					+ ") must not exceed the cache writes (" + cacheWrite + ")");
		}
	}

	/**
	 * Create a usage whose cache writes, if any, all went to the five-minute cache (or to
	 * a provider's only cache).
	 * @param input input tokens neither read from nor written to a cache
	 * @param cacheRead input tokens read from the prompt cache
	 * @param cacheWrite input tokens written to the prompt cache
	 * @param output output tokens that are not reasoning tokens
	 * @param reasoning reasoning tokens
	 */
	public TokenUsage(long input, long cacheRead, long cacheWrite, long output, long reasoning) {
		this(input, cacheRead, cacheWrite, output, reasoning, 0);
	}

	/**
	 * Normalise counts reported the inclusive way (prompt tokens include cache reads and
	 * writes, completion tokens include reasoning). Missing or negative counts count as
	 * zero, and a part larger than its whole is cut to the whole, so the buckets always
	 * add up to what the provider reported as billed.
	 * @param promptTokens all input tokens, or {@code null}
	 * @param cacheReadTokens input tokens read from the cache, or {@code null}
	 * @param cacheWriteTokens input tokens written to the cache, or {@code null}
	 * @param completionTokens all output tokens, or {@code null}
	 * @param reasoningTokens output tokens spent on reasoning, or {@code null}
	 * @return the disjoint usage
	 */
	public static TokenUsage fromInclusive(@Nullable Number promptTokens, @Nullable Number cacheReadTokens,
			@Nullable Number cacheWriteTokens, @Nullable Number completionTokens, @Nullable Number reasoningTokens) {
		long prompt = nonNegative(promptTokens);
		long cacheRead = Math.min(nonNegative(cacheReadTokens), prompt);
		long cacheWrite = Math.min(nonNegative(cacheWriteTokens), prompt - cacheRead);
		long completion = nonNegative(completionTokens);
		long reasoning = Math.min(nonNegative(reasoningTokens), completion);
		return new TokenUsage(prompt - cacheRead - cacheWrite, cacheRead, cacheWrite, completion - reasoning,
				reasoning);
	}

	/**
	 * Normalise counts reported the exclusive way, as Anthropic and Amazon Bedrock report
	 * them: input tokens exclude cache reads and writes, which come as numbers of their
	 * own. Output includes reasoning. Missing or negative counts count as zero.
	 * @param inputTokens input tokens neither read from nor written to a cache, or
	 * {@code null}
	 * @param cacheReadTokens input tokens read from the cache, or {@code null}
	 * @param cacheWriteTokens input tokens written to the cache, or {@code null}
	 * @param completionTokens all output tokens, or {@code null}
	 * @param reasoningTokens output tokens spent on reasoning, or {@code null}
	 * @return the disjoint usage
	 */
	public static TokenUsage fromExclusive(@Nullable Number inputTokens, @Nullable Number cacheReadTokens,
			@Nullable Number cacheWriteTokens, @Nullable Number completionTokens, @Nullable Number reasoningTokens) {
		long completion = nonNegative(completionTokens);
		long reasoning = Math.min(nonNegative(reasoningTokens), completion);
		return new TokenUsage(nonNegative(inputTokens), nonNegative(cacheReadTokens), nonNegative(cacheWriteTokens),
				completion - reasoning, reasoning);
	}

	/**
	 * Return this usage with the given number of its cache writes made to the one-hour
	 * cache; a number above the cache writes is cut to them, a negative one counts as
	 * zero.
	 * @param oneHourCacheWrites the cache-write tokens written to the one-hour cache
	 * @return the usage
	 */
	public TokenUsage withCacheWrite1h(long oneHourCacheWrites) {
		return new TokenUsage(this.input, this.cacheRead, this.cacheWrite, this.output, this.reasoning,
				Math.min(Math.max(0, oneHourCacheWrites), this.cacheWrite));
	}

	private static long nonNegative(@Nullable Number count) {
		return (count != null) ? Math.max(0, count.longValue()) : 0;
	}

	/**
	 * Return the tokens of one bucket.
	 * @param type the bucket
	 * @return the number of tokens in it
	 */
	public long get(TokenType type) {
		return switch (type) {
			case INPUT -> this.input;
			case CACHE_READ -> this.cacheRead;
			case CACHE_WRITE -> this.cacheWrite;
			case OUTPUT -> this.output;
			case REASONING -> this.reasoning;
		};
	}

	/**
	 * Return all input tokens, as OpenTelemetry's {@code gen_ai.usage.input_tokens}
	 * counts them (cache reads and writes included).
	 * @return the inclusive input tokens
	 */
	public long totalInput() {
		return this.input + this.cacheRead + this.cacheWrite;
	}

	/**
	 * Return all output tokens, reasoning included.
	 * @return the inclusive output tokens
	 */
	public long totalOutput() {
		return this.output + this.reasoning;
	}

	/**
	 * Return the sum of all buckets.
	 * @return the total tokens
	 */
	public long total() {
		return totalInput() + totalOutput();
	}

	/**
	 * Return whether no token was reported.
	 * @return {@code true} if every bucket is zero
	 */
	public boolean isEmpty() {
		return total() == 0;
	}

	/**
	 * Return the sum of this usage and another.
	 * @param other the usage to add
	 * @return the sum
	 */
	public TokenUsage plus(TokenUsage other) {
		return new TokenUsage(this.input + other.input, this.cacheRead + other.cacheRead,
				this.cacheWrite + other.cacheWrite, this.output + other.output, this.reasoning + other.reasoning,
				this.cacheWrite1h + other.cacheWrite1h);
	}

}
