package dev.llmcost.ledger;

/**
 * Thrown by a {@link CostLedger} whose store cannot be read now, a database that is down
 * for one: the ledger still counts, but cannot answer for a period. The endpoint answers
 * it with HTTP 503.
 *
 * @author llm-cost contributors
 */
public class LedgerUnavailableException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what cannot be read, naming no credential
	 * @param cause the failure of the store
	 */
	public LedgerUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
