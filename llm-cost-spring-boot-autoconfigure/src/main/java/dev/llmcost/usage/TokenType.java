package dev.llmcost.usage;

/**
 * The five disjoint token buckets a call's usage is normalised into. Their sum is the
 * number of tokens billed; their {@link #tagValue() tag values} are the values of the
 * {@code llm.token.type} meter tag.
 *
 * @author llm-cost contributors
 */
public enum TokenType {

	/**
	 * Input tokens that were neither read from nor written to a prompt cache.
	 */
	INPUT("input"),

	/**
	 * Input tokens served from the provider's prompt cache.
	 */
	CACHE_READ("cache_read"),

	/**
	 * Input tokens written to the prompt cache (Anthropic-style cache creation).
	 */
	CACHE_WRITE("cache_write"),

	/**
	 * Output tokens that are not reasoning tokens.
	 */
	OUTPUT("output"),

	/**
	 * Reasoning ("thinking") tokens, billed as output unless a price says otherwise.
	 */
	REASONING("reasoning");

	private final String tagValue;

	TokenType(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the value of the {@code llm.token.type} tag for this bucket.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
