package dev.llmcost.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.MutableClock;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/llmcost} with periods, time series and CSV over real HTTP, after calls
 * through the real OpenAI client that end at instants the test chooses: the application's
 * {@code Clock} bean is one the test sets, and the ledger's zone is Europe/Paris, where
 * 2026-10-25 has 25 hours (clocks go back from 03:00 to 02:00).
 * <p>
 * Every call asks for gpt-4o-mini: 1,000 input and 100 output tokens at 0.15 and 0.60 USD
 * per million, 0.00021 USD; {@value #CHAT}'s have 2,000 input tokens, 0.00036 USD. The
 * last two are answered, as a gateway might, under model names that a spreadsheet would
 * misread, and priced by the model asked for. The application starts at 2026-10-24T20:00Z
 * (22:00 in Paris) and records, by UTC instant (Paris time):
 * <ol>
 * <li>2026-10-24T21:30Z (Oct 24, 23:30) {@value #DIGEST}</li>
 * <li>2026-10-24T22:30Z (Oct 25, 00:30 summer time) {@value #DIGEST}</li>
 * <li>2026-10-25T00:30Z (Oct 25, the first 02:30) {@value #DIGEST}</li>
 * <li>2026-10-25T01:30Z (Oct 25, the second 02:30) {@value #CHAT}</li>
 * <li>2026-10-25T22:30Z (Oct 25, 23:30 winter time) {@value #CHAT}</li>
 * <li>2026-10-31T22:30Z (Oct 31, 23:30) {@value #GATEWAY}, answered by {@code a,"b"}</li>
 * <li>2026-10-31T23:30Z (Nov 1, 00:30) {@value #DASH}, answered by {@code =cmd()}</li>
 * </ol>
 */
@CostTrackingTest(properties = "llm.cost.ledger.zone=Europe/Paris")
@Import(LlmCostEndpointPeriodWebTests.ClockConfiguration.class)
class LlmCostEndpointPeriodWebTests {

	static final MutableClock clock = MutableClock.at("2026-10-24T20:00:00Z");

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	static final String DIGEST = "period-digest";

	static final String CHAT = "period-chat";

	static final String GATEWAY = "period-gateway";

	// Feature names keep only letters, digits, '.', '_' and '-': a leading '-' is what a
	// spreadsheet could still read as a formula.
	static final String DASH = "-period-dash";

	private static final String MODEL = "gpt-4o-mini-2024-07-18";

	@LocalServerPort
	private int port;

	@BeforeAll
	static void calls(@Autowired SummaryService summaryService) {
		server.reset();
		call(summaryService, "2026-10-24T21:30:00Z", DIGEST, MODEL, 1000);
		call(summaryService, "2026-10-24T22:30:00Z", DIGEST, MODEL, 1000);
		call(summaryService, "2026-10-25T00:30:00Z", DIGEST, MODEL, 1000);
		call(summaryService, "2026-10-25T01:30:00Z", CHAT, MODEL, 2000);
		call(summaryService, "2026-10-25T22:30:00Z", CHAT, MODEL, 2000);
		call(summaryService, "2026-10-31T22:30:00Z", GATEWAY, "a,\"b\"", 1000);
		call(summaryService, "2026-10-31T23:30:00Z", DASH, "=cmd()", 1000);
	}

	private static void call(SummaryService summaryService, String at, String feature, String responseModel,
			int inputTokens) {
		clock.set(at);
		server.enqueue(Reply.chat(responseModel, "Done.", new Usage(inputTokens, 0, 100, 0)));
		summaryService.summarizeFor(feature, "text");
	}

	@Test
	void todayOnTheDayClocksGoBackShouldCoverItsTwentyFiveHours() throws Exception {
		clock.set("2026-10-25T22:45:00Z");

		JsonNode body = getJson("/actuator/llmcost?period=today");

		assertPeriod(body.path("period"), "today", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", true);
		assertThat(body.path("since").asString()).as("the period's start").isEqualTo("2026-10-24T22:00:00Z");
		// Calls 2 to 5: 2 x 0.00021 + 2 x 0.00036
		assertTotals(body.path("total"), 4, "0.00114");
		assertTotals(feature(body, DIGEST), 2, "0.00042");
		assertTotals(feature(body, CHAT), 2, "0.00072");
		assertThat(names(body.path("features"))).containsExactly(CHAT, DIGEST);
		assertThat(body.path("total").has("series")).as("no series without a step").isFalse();
	}

	@Test
	void twentyFourHoursShouldBeTheTwentyFourHoursEndingWithTheCurrentOneAcrossMidnight() throws Exception {
		clock.set("2026-10-25T22:45:00Z");

		JsonNode body = getJson("/actuator/llmcost?period=24h");

		assertPeriod(body.path("period"), "24h", "2026-10-24T23:00:00Z", "2026-10-25T23:00:00Z", true);
		// Calls 3 to 5; call 2, at 22:30Z the day before, is in the 25th hour back.
		assertTotals(body.path("total"), 3, "0.00093");
		assertTotals(feature(body, DIGEST), 1, "0.00021");
	}

	@Test
	void twentyFourHoursAcrossAMonthBoundaryAndTheMonthsOnEitherSide() throws Exception {
		clock.set("2026-11-01T00:10:00Z");

		JsonNode rolling = getJson("/actuator/llmcost?period=24h");
		JsonNode november = getJson("/actuator/llmcost?period=month");
		JsonNode october = getJson("/actuator/llmcost?period=last-month");

		// 01:10 in Paris on Nov 1: from 02:00 on Oct 31 to 02:00 on Nov 1, calls 6 and 7
		assertPeriod(rolling.path("period"), "24h", "2026-10-31T01:00:00Z", "2026-11-01T01:00:00Z", true);
		assertThat(names(rolling.path("features"))).containsExactly(DASH, GATEWAY);
		assertTotals(rolling.path("total"), 2, "0.00042");
		assertPeriod(november.path("period"), "month", "2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z", true);
		assertThat(names(november.path("features"))).containsExactly(DASH);
		// Started on Oct 24: October is incomplete. Calls 1 to 6: 4 x 0.00021 + 2 x
		// 0.00036
		assertPeriod(october.path("period"), "last-month", "2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z", false);
		assertThat(october.path("since").asString()).as("when the ledger started").isEqualTo("2026-10-24T20:00:00Z");
		assertTotals(october.path("total"), 6, "0.00156");
	}

	@Test
	void periodThatStartedBeforeTheApplicationShouldBeIncomplete() throws Exception {
		clock.set("2026-10-25T22:45:00Z");

		JsonNode body = getJson("/actuator/llmcost?period=yesterday");

		assertPeriod(body.path("period"), "yesterday", "2026-10-23T22:00:00Z", "2026-10-24T22:00:00Z", false);
		assertTotals(body.path("total"), 1, "0.00021");
	}

	@Test
	void withoutAPeriodShouldBeTheTotalsSinceTheStart() throws Exception {
		clock.set("2026-11-01T00:10:00Z");

		JsonNode body = getJson("/actuator/llmcost");

		assertPeriod(body.path("period"), "since-start", "2026-10-24T20:00:00Z", "2026-11-01T00:10:00Z", true);
		assertThat(body.path("since").asString()).isEqualTo("2026-10-24T20:00:00Z");
		assertTotals(body.path("total"), 7, "0.00177");
	}

	@Test
	void hourlySeriesOfTheDayClocksGoBackShouldHaveTwentyFivePointsEmptyOnesIncluded() throws Exception {
		clock.set("2026-10-25T22:45:00Z");

		JsonNode body = getJson("/actuator/llmcost?period=today&step=1h");

		List<JsonNode> total = list(body.path("total").path("series"));
		assertThat(total).hasSize(25);
		assertThat(total.get(0).path("from").asString()).isEqualTo("2026-10-24T22:00:00Z");
		assertThat(total.get(24).path("from").asString()).isEqualTo("2026-10-25T22:00:00Z");
		// Calls 2 (00:30 summer time), 3 (the first 02:30), 4 (the second) and 5 (23:30)
		assertThat(total).extracting((point) -> point.path("calls").asLong())
			.containsExactly(1L, 0L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
					0L, 1L);
		assertThat(fieldNames(total.get(1))).containsExactly("from", "calls", "errors", "cost", "tokens", "units");
		assertThat(total.get(1).path("cost").decimalValue()).isZero();
		List<JsonNode> chat = list(feature(body, CHAT).path("series"));
		assertThat(chat).hasSize(25);
		assertThat(chat.get(3).path("calls").asLong()).isOne();
		assertThat(chat.get(3).path("cost").decimalValue()).isEqualByComparingTo("0.00036");
		assertThat(chat.get(3).path("tokens").path("input").asLong()).isEqualTo(2000);
		assertThat(chat.get(2).path("calls").asLong()).as("digest's call, not chat's").isZero();
	}

	@Test
	void dailySeriesOfAMonthShouldHaveAPointPerDayTheLongDayOne() throws Exception {
		clock.set("2026-10-25T22:45:00Z");

		JsonNode body = getJson("/actuator/llmcost?period=month&step=1d");

		List<JsonNode> total = list(body.path("total").path("series"));
		assertThat(total).hasSize(31);
		assertThat(total.get(0).path("from").asString()).isEqualTo("2026-09-30T22:00:00Z");
		assertThat(total.get(24).path("from").asString()).as("Oct 25, summer time").isEqualTo("2026-10-24T22:00:00Z");
		assertThat(total.get(25).path("from").asString()).as("Oct 26, winter time").isEqualTo("2026-10-25T23:00:00Z");
		assertThat(total.get(23).path("calls").asLong()).as("Oct 24").isEqualTo(1);
		assertThat(total.get(24).path("calls").asLong()).as("Oct 25").isEqualTo(4);
		assertThat(total.get(30).path("calls").asLong()).as("Oct 31").isEqualTo(1);
		assertThat(total.stream().mapToLong((point) -> point.path("calls").asLong()).sum()).isEqualTo(6);
	}

	@Test
	void featureShouldHaveItsPeriodAndSeries() throws Exception {
		clock.set("2026-10-25T22:45:00Z");

		JsonNode chat = getJson("/actuator/llmcost/" + CHAT + "?period=today&step=1h");

		assertThat(chat.path("feature").asString()).isEqualTo(CHAT);
		assertPeriod(chat.path("period"), "today", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", true);
		assertTotals(chat, 2, "0.00072");
		assertThat(list(chat.path("series"))).hasSize(25);
	}

	@Test
	void featureWithoutCallsInThePeriodShouldBeNotFound() throws Exception {
		clock.set("2026-10-25T22:45:00Z");

		assertThat(get("/actuator/llmcost/" + CHAT + "?period=yesterday", null).statusCode()).isEqualTo(404);
	}

	@Test
	void explicitRangeOfDatesShouldStartAtMidnightInTheZone() throws Exception {
		clock.set("2026-11-01T00:10:00Z");

		JsonNode body = getJson("/actuator/llmcost?from=2026-10-25&to=2026-10-26");

		assertPeriod(body.path("period"), "custom", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", true);
		assertTotals(body.path("total"), 4, "0.00114");
	}

	@Test
	void badParametersShouldBeBadRequestsNamingTheAcceptedForms() throws Exception {
		HttpResponse<String> period = get("/actuator/llmcost?period=fortnight", null);
		HttpResponse<String> step = get("/actuator/llmcost?period=today&step=1w", null);
		HttpResponse<String> from = get("/actuator/llmcost?from=yesterday", null);
		HttpResponse<String> format = get("/actuator/llmcost?format=xml", null);
		HttpResponse<String> feature = get("/actuator/llmcost/" + CHAT + "?period=fortnight", null);

		assertThat(List.of(period, step, from, format, feature)).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		});
		assertThat(json.readTree(period.body()).path("message").asString()).isEqualTo(
				"Unknown period 'fortnight'; use today, yesterday, week, month, last-month, since-start, or a duration "
						+ "such as 1h, 24h, 7d, 30d or PT90M, or 'from' and 'to'");
		assertThat(json.readTree(step.body()).path("message").asString()).isEqualTo("Unknown step '1w'; use 1h or 1d");
		assertThat(json.readTree(from.body()).path("message").asString()).contains("'from' (yesterday) must be")
			.contains("2026-10-01T00:00:00Z");
		assertThat(json.readTree(format.body()).path("message").asString())
			.isEqualTo("Unknown format 'xml'; use csv or json");
		assertThat(json.readTree(feature.body()).path("message").asString()).startsWith("Unknown period 'fortnight'");
	}

	@Test
	void csvShouldQuoteNamesAndDisarmFormulas() throws Exception {
		clock.set("2026-11-01T00:10:00Z");

		HttpResponse<String> response = get("/actuator/llmcost?period=24h&format=csv", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
		// Both cost the same and have one call: by name, '-' before 'p'.
		assertThat(response.body()).isEqualTo("from,to,feature,model,calls,errors,input,cache_read,cache_write,"
				+ "output,reasoning,cost,currency,units_image,units_second,units_character,units_request\r\n"
				+ "2026-10-31T02:00:00+01:00,2026-11-01T02:00:00+01:00,'-period-dash,'=cmd(),1,0,1000,0,0,100,0,"
				+ "0.00021,USD,0,0,0,0\r\n"
				+ "2026-10-31T02:00:00+01:00,2026-11-01T02:00:00+01:00,period-gateway,\"a,\"\"b\"\"\",1,0,1000,0,0,100,0,"
				+ "0.00021,USD,0,0,0,0\r\n");
	}

	@Test
	void csvShouldBeServedForAnAcceptHeaderWithARowPerPointFeatureAndModel() throws Exception {
		clock.set("2026-10-25T22:45:00Z");

		HttpResponse<String> response = get("/actuator/llmcost?period=today&step=1h", "text/csv");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
		// Calls 2 to 5, each in an hour of its own; empty hours have no rows. The hours
		// of
		// the two 02:30s are told apart by their offsets.
		assertThat(response.body().split("\r\n")).containsExactly(
				"from,to,feature,model,calls,errors,input,cache_read,cache_write,output,reasoning,cost,currency,"
						+ "units_image,units_second,units_character,units_request",
				"2026-10-25T00:00:00+02:00,2026-10-25T01:00:00+02:00,period-digest,gpt-4o-mini-2024-07-18,1,0,1000,"
						+ "0,0,100,0,0.00021,USD,0,0,0,0",
				"2026-10-25T02:00:00+02:00,2026-10-25T02:00:00+01:00,period-digest,gpt-4o-mini-2024-07-18,1,0,1000,"
						+ "0,0,100,0,0.00021,USD,0,0,0,0",
				"2026-10-25T02:00:00+01:00,2026-10-25T03:00:00+01:00,period-chat,gpt-4o-mini-2024-07-18,1,0,2000,"
						+ "0,0,100,0,0.00036,USD,0,0,0,0",
				"2026-10-25T23:00:00+01:00,2026-10-26T00:00:00+01:00,period-chat,gpt-4o-mini-2024-07-18,1,0,2000,"
						+ "0,0,100,0,0.00036,USD,0,0,0,0");
		assertThat(get("/actuator/llmcost/" + CHAT + "?period=today", "text/csv").body().split("\r\n"))
			.as("one feature, the whole period as one point")
			.containsExactly(
					"from,to,feature,model,calls,errors,input,cache_read,cache_write,output,reasoning,cost,currency,"
							+ "units_image,units_second,units_character,units_request",
					"2026-10-25T00:00:00+02:00,2026-10-26T00:00:00+01:00,period-chat,gpt-4o-mini-2024-07-18,2,0,4000,"
							+ "0,0,200,0,0.00072,USD,0,0,0,0");
	}

	@Test
	void jsonShouldStayTheDefaultMediaType() throws Exception {
		HttpResponse<String> response = get("/actuator/llmcost", null);

		assertThat(response.headers().firstValue("Content-Type"))
			.hasValue("application/vnd.spring-boot.actuator.v3+json");
		assertThat(get("/actuator/llmcost", "application/json").headers().firstValue("Content-Type"))
			.hasValue("application/json");
	}

	private static void assertPeriod(JsonNode period, String name, String from, String to, boolean complete) {
		assertThat(fieldNames(period)).containsExactly("name", "from", "to", "zone", "scope", "complete");
		assertThat(period.path("name").asString()).isEqualTo(name);
		assertThat(period.path("from").asString()).isEqualTo(from);
		assertThat(period.path("to").asString()).isEqualTo(to);
		assertThat(period.path("zone").asString()).isEqualTo("Europe/Paris");
		assertThat(period.path("scope").asString()).isEqualTo("instance");
		assertThat(period.path("complete").asBoolean()).as("complete").isEqualTo(complete);
	}

	private static void assertTotals(JsonNode totals, long calls, String cost) {
		assertThat(totals.path("calls").asLong()).as("calls").isEqualTo(calls);
		assertThat(totals.path("cost").decimalValue()).as("cost").isEqualByComparingTo(cost);
	}

	private JsonNode getJson(String path) throws Exception {
		HttpResponse<String> response = get(path, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + path.replace("\"", "%22").replace(",", "%2C")));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode feature(JsonNode body, String name) {
		for (JsonNode feature : body.path("features")) {
			if (feature.path("feature").asString().equals(name)) {
				return feature;
			}
		}
		throw new AssertionError("No feature '" + name + "' in " + body.path("features"));
	}

	private static List<String> names(JsonNode features) {
		return list(features).stream().map((feature) -> feature.path("feature").asString()).toList();
	}

	private static List<JsonNode> list(JsonNode array) {
		List<JsonNode> list = new ArrayList<>();
		array.forEach(list::add);
		return list;
	}

	private static List<String> fieldNames(JsonNode node) {
		return node.propertyNames().stream().toList();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		MutableClock clock() {
			return clock;
		}

	}

}
