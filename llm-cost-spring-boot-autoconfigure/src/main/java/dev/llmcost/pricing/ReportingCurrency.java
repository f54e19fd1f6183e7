package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * The currency costs are reported in. Prices stay in USD; costs are converted with a
 * fixed exchange rate when they leave the starter (meters, spans, the endpoint).
 *
 * @param currency the reporting currency
 * @param exchangeRate how many units of the reporting currency one USD buys
 * @author llm-cost contributors
 */
public record ReportingCurrency(Currency currency, BigDecimal exchangeRate) {

	/**
	 * The lowest exchange rate accepted.
	 */
	public static final BigDecimal MIN_EXCHANGE_RATE = new BigDecimal("0.000001");

	/**
	 * The highest exchange rate accepted: above the rate of any currency in use.
	 */
	public static final BigDecimal MAX_EXCHANGE_RATE = new BigDecimal("10000000");

	/**
	 * The most decimal places an exchange rate may have.
	 */
	public static final int MAX_EXCHANGE_RATE_SCALE = 12;

	/**
	 * Reporting in USD, the currency of every price. Declared after the bounds, which its
	 * creation checks.
	 */
	public static final ReportingCurrency USD = new ReportingCurrency(Currency.getInstance("USD"), BigDecimal.ONE);

	/**
	 * Create a reporting currency.
	 */
	public ReportingCurrency {
		Objects.requireNonNull(currency, "currency must not be null");
		Objects.requireNonNull(exchangeRate, "exchangeRate must not be null");
		if (!isValidExchangeRate(exchangeRate)) {
			// toString, not toPlainString: 1e-1000000 must not become a million digits.
			throw new IllegalArgumentException(
					"exchange rate must be from " + MIN_EXCHANGE_RATE + " to " + MAX_EXCHANGE_RATE + " with at most "
							+ MAX_EXCHANGE_RATE_SCALE + " decimal places, was " + exchangeRate);
		}
	}

	/**
	 * Return whether a rate is one costs can be converted with: every cost is converted
	 * on the caller's thread, so a rate such as {@code 1e-1000000} would make each call
	 * do arithmetic on a million digits. The checks look at the size of the number before
	 * anything is computed with it.
	 * @param exchangeRate the rate
	 * @return whether it is within bounds
	 */
	public static boolean isValidExchangeRate(BigDecimal exchangeRate) {
		return exchangeRate.scale() <= MAX_EXCHANGE_RATE_SCALE
				&& exchangeRate.precision() - exchangeRate.scale() <= MAX_EXCHANGE_RATE.precision()
				&& exchangeRate.compareTo(MIN_EXCHANGE_RATE) >= 0 && exchangeRate.compareTo(MAX_EXCHANGE_RATE) <= 0;
	}

	/**
	 * Convert a cost from USD.
	 * @param usd the cost in USD
	 * @return the cost in the reporting currency, exact
	 */
	public BigDecimal convert(BigDecimal usd) {
		return (this.exchangeRate.compareTo(BigDecimal.ONE) == 0) ? usd : usd.multiply(this.exchangeRate);
	}

	/**
	 * Return the ISO 4217 code, for example {@code USD}.
	 * @return the code
	 */
	public String code() {
		return this.currency.getCurrencyCode();
	}

	/**
	 * Return the base unit of cost meters: the code in lower case, so the Prometheus name
	 * of {@code llm.cost} is {@code llm_cost_usd_total} or {@code llm_cost_eur_total}.
	 * @return the base unit
	 */
	public String baseUnit() {
		return code().toLowerCase(Locale.ROOT);
	}

}
