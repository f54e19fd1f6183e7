package dev.llmcost.reconciliation;

import java.util.Locale;

/**
 * How a read of a provider's cost report ended, as the {@code outcome} tag of
 * {@code llm.reconciliation.fetches} shows it.
 *
 * @author llm-cost contributors
 */
public enum FetchOutcome {

	/**
	 * Every page was read and understood.
	 */
	SUCCESS,

	/**
	 * HTTP 401 or 403: the admin key is wrong, revoked, or not an admin key.
	 */
	UNAUTHORIZED,

	/**
	 * HTTP 429: the billing API's rate limit.
	 */
	RATE_LIMITED,

	/**
	 * Another HTTP 4xx status (or a redirect, which is not followed: the admin key must
	 * not go to another server).
	 */
	CLIENT_ERROR,

	/**
	 * An HTTP 5xx status.
	 */
	SERVER_ERROR,

	/**
	 * No complete answer within the time-out.
	 */
	TIMEOUT,

	/**
	 * The connection failed or broke.
	 */
	IO_ERROR,

	/**
	 * An answer that is not the documented format (malformed JSON, a currency other than
	 * USD, too many pages, too large).
	 */
	INVALID_RESPONSE;

	/**
	 * Return the outcome as the tag shows it, for example {@code rate_limited}.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
