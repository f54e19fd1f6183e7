package dev.llmcost.ledger;

import java.util.Locale;

/**
 * Whose calls a {@link CostLedger} holds.
 *
 * @author llm-cost contributors
 */
public enum LedgerScope {

	/**
	 * The calls of this application instance only (the in-memory ledger).
	 */
	INSTANCE,

	/**
	 * The calls of every instance that shares the ledger's store.
	 */
	FLEET;

	/**
	 * Return the scope as reports show it, for example {@code fleet}.
	 * @return the id
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

}
