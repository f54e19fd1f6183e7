package dev.llmcost.reconciliation;

/**
 * A read of a provider's cost report that failed. Its message never holds the admin key:
 * it is built from the provider's name, the HTTP status and what was wrong.
 *
 * @author llm-cost contributors
 */
public class CostReportException extends Exception {

	private final FetchOutcome outcome;

	/**
	 * Create an exception.
	 * @param outcome how the read ended
	 * @param message what went wrong, without credentials
	 */
	public CostReportException(FetchOutcome outcome, String message) {
		super(message);
		this.outcome = outcome;
	}

	/**
	 * Return how the read ended.
	 * @return the outcome, never {@link FetchOutcome#SUCCESS}
	 */
	public FetchOutcome getOutcome() {
		return this.outcome;
	}

}
