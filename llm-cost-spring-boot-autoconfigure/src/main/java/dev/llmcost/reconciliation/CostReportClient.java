package dev.llmcost.reconciliation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.function.SingletonSupplier;

/**
 * Reads one page of a billing API as JSON with the JDK {@link HttpClient}: bounded in
 * time and size, never following a redirect (the admin key must reach the provider's
 * server only), and failing with a {@link CostReportException} whose message names the
 * provider and the status, never the key or the answer's body.
 *
 * @author llm-cost contributors
 */
class CostReportClient {

	/**
	 * How long a connection may take to open.
	 */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * How long a page may take to arrive whole.
	 */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * The largest page accepted: a week of daily buckets is a few kilobytes.
	 */
	static final int MAX_BYTES = 4 * 1024 * 1024;

	/**
	 * The most pages read for one report: a week of daily buckets is one or two pages; an
	 * answer that never ends is not followed forever.
	 */
	static final int MAX_PAGES = 50;

	// Amounts are read as exact decimals, never through a double.
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final String provider;

	private final Supplier<HttpClient> httpClient;

	/**
	 * Create a client with a JDK client of its own, built on the first request.
	 * @param provider the provider, for messages
	 */
	CostReportClient(String provider) {
		this(provider,
				SingletonSupplier.of(() -> HttpClient.newBuilder()
					.connectTimeout(CONNECT_TIMEOUT)
					.followRedirects(HttpClient.Redirect.NEVER)
					.build()));
	}

	CostReportClient(String provider, Supplier<HttpClient> httpClient) {
		this.provider = provider;
		this.httpClient = httpClient;
	}

	/**
	 * Read a page.
	 * @param uri its URL
	 * @param headers the headers to send, credentials among them
	 * @return the JSON of the page
	 * @throws CostReportException if it cannot be read
	 * @throws InterruptedException if interrupted while waiting
	 */
	JsonNode get(URI uri, Map<String, String> headers) throws CostReportException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(REQUEST_TIMEOUT)
			.header("Accept", "application/json")
			.GET();
		headers.forEach(request::header);
		HttpResponse<InputStream> response;
		try {
			response = this.httpClient.get().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (HttpTimeoutException ex) {
			throw failure(FetchOutcome.TIMEOUT, "no complete answer within " + REQUEST_TIMEOUT);
		}
		catch (IOException ex) {
			throw failure(FetchOutcome.IO_ERROR, "the connection failed (" + ex.getClass().getSimpleName() + ")");
		}
		try (InputStream body = response.body()) {
			int status = response.statusCode();
			if (status != 200) {
				throw failure(outcome(status), "HTTP " + status);
			}
			byte[] content = body.readNBytes(MAX_BYTES + 1);
			if (content.length > MAX_BYTES) {
				throw failure(FetchOutcome.INVALID_RESPONSE, "an answer larger than " + MAX_BYTES + " bytes");
			}
			JsonNode json = JSON.readTree(content);
			if (json == null || !json.isObject()) {
				throw failure(FetchOutcome.INVALID_RESPONSE, "an answer that is not a JSON object");
			}
			return json;
		}
		catch (HttpTimeoutException ex) {
			throw failure(FetchOutcome.TIMEOUT, "no complete answer within " + REQUEST_TIMEOUT);
		}
		catch (IOException ex) {
			throw failure(FetchOutcome.IO_ERROR, "the answer broke off (" + ex.getClass().getSimpleName() + ")");
		}
		catch (JacksonException ex) {
			// Its message quotes the answer, which is no business of a log.
			throw failure(FetchOutcome.INVALID_RESPONSE, "an answer that is not valid JSON");
		}
	}

	/**
	 * Return an exception for an answer that is not the documented format.
	 * @param what what is wrong
	 * @return the exception
	 */
	/**
	 * Read every page of a report paged as both providers page theirs: a {@code data}
	 * array of buckets, {@code has_more} and a {@code next_page} token sent back as
	 * {@code page}.
	 * @param uri the first page's URI, with a query
	 * @param headers the request headers
	 * @param buckets reads each bucket of every page
	 * @throws CostReportException if a page cannot be read, or there are more than
	 * {@value #MAX_PAGES}
	 * @throws InterruptedException if interrupted while waiting for an answer
	 */
	void readPages(String uri, Map<String, String> headers, BucketReader buckets)
			throws CostReportException, InterruptedException {
		String page = null;
		for (int pages = 0; pages < MAX_PAGES; pages++) {
			String pageUri = uri + ((page != null) ? "&page=" + URLEncoder.encode(page, StandardCharsets.UTF_8) : "");
			JsonNode json = get(URI.create(pageUri), headers);
			JsonNode data = json.get("data");
			if (data == null || !data.isArray()) {
				throw invalid("no data array");
			}
			for (JsonNode bucket : data) {
				buckets.read(bucket);
			}
			JsonNode next = json.get("next_page");
			if (!json.path("has_more").asBoolean(false) || next == null || !next.isString()) {
				return;
			}
			page = next.asString();
		}
		throw invalid("more than " + MAX_PAGES + " pages");
	}

	CostReportException invalid(String what) {
		return failure(FetchOutcome.INVALID_RESPONSE, what);
	}

	/**
	 * Reads one bucket of a cost report.
	 */
	@FunctionalInterface
	interface BucketReader {

		void read(JsonNode bucket) throws CostReportException;

	}

	private CostReportException failure(FetchOutcome outcome, String message) {
		return new CostReportException(outcome, "Cost report of " + this.provider + ": " + message);
	}

	private static FetchOutcome outcome(int status) {
		if (status == 401 || status == 403) {
			return FetchOutcome.UNAUTHORIZED;
		}
		if (status == 429) {
			return FetchOutcome.RATE_LIMITED;
		}
		return (status >= 500) ? FetchOutcome.SERVER_ERROR : FetchOutcome.CLIENT_ERROR;
	}

}
