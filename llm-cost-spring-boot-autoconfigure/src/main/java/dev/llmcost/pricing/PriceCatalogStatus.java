package dev.llmcost.pricing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where the prices come from and how the external catalogs are doing: a read-only view
 * for reports and health checks, which need not know how the catalogs are loaded.
 *
 * @author llm-cost contributors
 */
public interface PriceCatalogStatus {

	/**
	 * Return the day the built-in catalog's prices were checked.
	 * @return the date, or {@code null} if the catalog names none
	 */
	@Nullable LocalDate builtInDate();

	/**
	 * Return the number of models the built-in catalog prices.
	 * @return the number of models
	 */
	int builtInModels();

	/**
	 * Return the number of prices the application sets itself
	 * ({@code llm.cost.pricing.models}).
	 * @return the number of prices
	 */
	int userModels();

	/**
	 * Return the state of each external catalog, in precedence order.
	 * @return the states
	 */
	List<SourceStatus> sources();

	/**
	 * The state of one external catalog.
	 *
	 * @param name the name it is reported under, unique among the catalogs: its own, or
	 * its location without credentials
	 * @param location where it is loaded from, without credentials
	 * @param format the id of its format, for example {@code litellm}
	 * @param state how its last load went
	 * @param models the number of models of the copy in use, 0 if none
	 * @param lastRefresh when a copy was last accepted, or {@code null}
	 * @param lastAttempt when a load was last tried, or {@code null}
	 * @param lastError why the last load failed or was rejected, without credentials, or
	 * {@code null}
	 * @param stale whether the copy in use is missing or older than two refresh intervals
	 */
	record SourceStatus(String name, String location, String format, SourceState state, int models,
			@Nullable Instant lastRefresh, @Nullable Instant lastAttempt, @Nullable String lastError, boolean stale) {

		/**
		 * Create the state of a catalog named after its location.
		 * @param location where it is loaded from, without credentials, also its name
		 * @param format the id of its format, for example {@code litellm}
		 * @param state how its last load went
		 * @param models the number of models of the copy in use, 0 if none
		 * @param lastRefresh when a copy was last accepted, or {@code null}
		 * @param lastAttempt when a load was last tried, or {@code null}
		 * @param lastError why the last load failed or was rejected, or {@code null}
		 * @param stale whether the copy in use is missing or older than two refresh
		 * intervals
		 */
		public SourceStatus(String location, String format, SourceState state, int models,
				@Nullable Instant lastRefresh, @Nullable Instant lastAttempt, @Nullable String lastError,
				boolean stale) {
			this(location, location, format, state, models, lastRefresh, lastAttempt, lastError, stale);
		}

	}

	/**
	 * How the last load of an external catalog went. When it did not succeed, the last
	 * good copy, if any, stays in use.
	 */
	enum SourceState {

		/**
		 * Not loaded yet.
		 */
		PENDING,

		/**
		 * The last load succeeded.
		 */
		LOADED,

		/**
		 * The last load failed: not found, an HTTP status other than 200, content that is
		 * not a catalog, a time-out.
		 */
		FAILED,

		/**
		 * The last load read a copy that was refused: no priced models, or fewer than
		 * half the models of the last good copy.
		 */
		REJECTED;

		/**
		 * Return the state as reports show it, for example {@code loaded}.
		 * @return the id
		 */
		public String id() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
