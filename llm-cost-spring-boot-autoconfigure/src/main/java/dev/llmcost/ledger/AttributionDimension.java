package dev.llmcost.ledger;

import java.util.Locale;

import dev.llmcost.attribution.Attribution;
import org.jspecify.annotations.Nullable;

/**
 * A dimension a {@link CostLedger} totals spend by besides the feature: the tenant or the
 * (hashed) user of {@link Attribution}. Both are unbounded, so ledgers total them by day
 * rather than by hour, and never on meters (users) or only when capped (tenants).
 *
 * @author llm-cost contributors
 */
public enum AttributionDimension {

	/**
	 * The tenant a call was made for, as given.
	 */
	TENANT,

	/**
	 * The user a call was made for, as the keyed hash of its id.
	 */
	USER;

	/**
	 * Return the dimension as requests and reports name it, for example {@code tenant}.
	 * @return the id
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Return the value of this dimension in an attribution.
	 * @param attribution the attribution
	 * @return the tenant or user hash, or {@code null} when the call had none
	 */
	public @Nullable String of(Attribution attribution) {
		return (this == TENANT) ? attribution.tenant() : attribution.userHash();
	}

}
