package dev.llmcost.reconciliation;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's organization Costs API: {@code GET /v1/organization/costs} with an admin key
 * as a bearer token, in daily buckets ({@code start_time}, Unix seconds) of results whose
 * {@code amount} is {@code {"value": 0.06, "currency": "usd"}}, paged through
 * {@code has_more} and {@code next_page}; optionally for one project
 * ({@code project_ids}).
 *
 * @author llm-cost contributors
 */
public class OpenAiCostReport implements ProviderCostReport {

	/**
	 * The provider's name.
	 */
	public static final String PROVIDER = "openai";

	/**
	 * The default base URL.
	 */
	public static final String DEFAULT_BASE_URL = "https://api.openai.com";

	// OpenAI's own model families, and fine-tuned models (ft:gpt-4o-mini:org::id). Azure
	// OpenAI serves the same names; its calls are not on this bill (see the docs).
	private static final Pattern MODELS = Pattern
		.compile("(ft:)?(gpt-|chatgpt-|o\\d|text-embedding-|dall-e|whisper|tts-|omni-moderation|text-moderation|"
				+ "davinci|babbage|computer-use|codex-).*");

	private final String adminKey;

	private final String baseUrl;

	private final @Nullable String project;

	private final CostReportClient client;

	/**
	 * Create a report.
	 * @param adminKey the organization's admin key
	 * @param baseUrl the API's base URL, without {@code /v1}
	 * @param project the project whose costs to read, or {@code null} for the whole
	 * organization
	 */
	public OpenAiCostReport(String adminKey, String baseUrl, @Nullable String project) {
		this(adminKey, baseUrl, project, new CostReportClient(PROVIDER));
	}

	OpenAiCostReport(String adminKey, String baseUrl, @Nullable String project, CostReportClient client) {
		this.adminKey = adminKey;
		this.baseUrl = stripTrailingSlash(baseUrl);
		this.project = project;
		this.client = client;
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	@Override
	public boolean bills(String model) {
		return MODELS.matcher(model.toLowerCase(Locale.ROOT)).matches();
	}

	@Override
	public Map<LocalDate, BigDecimal> dailyCosts(LocalDate from, LocalDate to)
			throws CostReportException, InterruptedException {
		long start = from.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
		long end = to.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
		long days = ChronoUnit.DAYS.between(from, to);
		StringBuilder query = new StringBuilder("/v1/organization/costs?start_time=").append(start)
			.append("&end_time=")
			.append(end)
			.append("&bucket_width=1d&limit=")
			.append(Math.max(1, Math.min(days, 180)));
		if (this.project != null) {
			query.append("&project_ids=").append(encode(this.project));
		}
		Map<LocalDate, BigDecimal> costs = new TreeMap<>();
		this.client.readPages(this.baseUrl + query, Map.of("Authorization", "Bearer " + this.adminKey),
				(bucket) -> add(costs, bucket));
		return costs;
	}

	private void add(Map<LocalDate, BigDecimal> costs, JsonNode bucket) throws CostReportException {
		JsonNode startTime = bucket.get("start_time");
		JsonNode results = bucket.get("results");
		if (startTime == null || !startTime.isIntegralNumber() || results == null || !results.isArray()) {
			throw this.client.invalid("a bucket without start_time or results");
		}
		LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(startTime.asLong()), ZoneOffset.UTC);
		BigDecimal total = costs.getOrDefault(day, BigDecimal.ZERO);
		for (JsonNode result : results) {
			JsonNode amount = result.path("amount");
			JsonNode value = amount.get("value");
			if (value == null || !value.isNumber()) {
				throw this.client.invalid("a result without amount.value");
			}
			if (!"usd".equalsIgnoreCase(amount.path("currency").asString("usd"))) {
				throw this.client.invalid("an amount in a currency other than USD");
			}
			total = total.add(value.decimalValue());
		}
		costs.put(day, total);
	}

	static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
