package dev.llmcost.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * Anthropic's Admin API cost report: {@code GET /v1/organizations/cost_report} with an
 * admin key in {@code x-api-key} and an {@code anthropic-version} header, in daily
 * buckets ({@code starting_at}, RFC 3339) of results whose {@code amount} is a decimal
 * string in cents ({@code "123.45"} in {@code USD} is $1.23), paged through
 * {@code has_more} and {@code next_page}.
 *
 * @author llm-cost contributors
 */
public class AnthropicCostReport implements ProviderCostReport {

	/**
	 * The provider's name.
	 */
	public static final String PROVIDER = "anthropic";

	/**
	 * The default base URL.
	 */
	public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

	/**
	 * The API version sent, the one the Admin API's documentation uses.
	 */
	static final String API_VERSION = "2023-06-01";

	// The report's amounts are in the currency's lowest unit.
	private static final BigDecimal CENTS_PER_DOLLAR = BigDecimal.valueOf(100);

	// The Admin API answers at most 31 daily buckets a page.
	private static final int MAX_LIMIT = 31;

	private final String adminKey;

	private final String baseUrl;

	private final CostReportClient client;

	/**
	 * Create a report.
	 * @param adminKey the organization's admin key ({@code sk-ant-admin...})
	 * @param baseUrl the API's base URL, without {@code /v1}
	 */
	public AnthropicCostReport(String adminKey, String baseUrl) {
		this(adminKey, baseUrl, new CostReportClient(PROVIDER));
	}

	AnthropicCostReport(String adminKey, String baseUrl, CostReportClient client) {
		this.adminKey = adminKey;
		this.baseUrl = OpenAiCostReport.stripTrailingSlash(baseUrl);
		this.client = client;
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	/**
	 * Claude models called on Anthropic's API: {@code claude-...}; Amazon Bedrock's ids
	 * ({@code anthropic.claude-...}) and Vertex AI's ({@code claude-...@20241022}) are
	 * billed by those clouds.
	 */
	@Override
	public boolean bills(String model) {
		String name = model.toLowerCase(Locale.ROOT);
		return name.startsWith("claude-") && name.indexOf('@') < 0;
	}

	@Override
	public Map<LocalDate, BigDecimal> dailyCosts(LocalDate from, LocalDate to)
			throws CostReportException, InterruptedException {
		long days = ChronoUnit.DAYS.between(from, to);
		String query = "/v1/organizations/cost_report?starting_at=" + from.atStartOfDay(ZoneOffset.UTC).toInstant()
				+ "&ending_at=" + to.atStartOfDay(ZoneOffset.UTC).toInstant() + "&bucket_width=1d&limit="
				+ Math.max(1, Math.min(days, MAX_LIMIT));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("x-api-key", this.adminKey);
		headers.put("anthropic-version", API_VERSION);
		Map<LocalDate, BigDecimal> costs = new TreeMap<>();
		this.client.readPages(this.baseUrl + query, headers, (bucket) -> add(costs, bucket));
		return costs;
	}

	private void add(Map<LocalDate, BigDecimal> costs, JsonNode bucket) throws CostReportException {
		JsonNode startingAt = bucket.get("starting_at");
		JsonNode results = bucket.get("results");
		if (startingAt == null || !startingAt.isString() || results == null || !results.isArray()) {
			throw this.client.invalid("a bucket without starting_at or results");
		}
		LocalDate day;
		try {
			day = OffsetDateTime.parse(startingAt.asString()).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
		}
		catch (DateTimeParseException ex) {
			throw this.client.invalid("a starting_at that is not an RFC 3339 timestamp");
		}
		BigDecimal total = costs.getOrDefault(day, BigDecimal.ZERO);
		for (JsonNode result : results) {
			JsonNode amount = result.get("amount");
			if (amount == null || !amount.isString()) {
				throw this.client.invalid("a result without an amount string");
			}
			if (!"usd".equalsIgnoreCase(result.path("currency").asString("USD"))) {
				throw this.client.invalid("an amount in a currency other than USD");
			}
			try {
				total = total.add(new BigDecimal(amount.asString()).divide(CENTS_PER_DOLLAR));
			}
			catch (NumberFormatException ex) {
				throw this.client.invalid("an amount that is not a decimal number");
			}
		}
		costs.put(day, total);
	}

}
