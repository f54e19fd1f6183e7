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
	 * Reporting in USD, the currency of every price.
	 */
	public static final ReportingCurrency USD = new ReportingCurrency(Currency.getInstance("USD"), BigDecimal.ONE);

	/**
	 * Create a reporting currency.
	 */
	public ReportingCurrency {
		Objects.requireNonNull(currency, "currency must not be null");
		Objects.requireNonNull(exchangeRate, "exchangeRate must not be null");
		if (exchangeRate.signum() <= 0) {
			throw new IllegalArgumentException("exchange rate must be positive, was " + exchangeRate.toPlainString());
		}
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
