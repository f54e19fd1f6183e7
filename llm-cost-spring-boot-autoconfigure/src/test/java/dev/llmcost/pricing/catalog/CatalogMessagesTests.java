package dev.llmcost.pricing.catalog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.llmcost.pricing.PriceList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for what reading a catalog puts into messages and the log: the entry and the
 * field, never a value of the catalog (a redirect can serve any JSON document, secrets
 * included), and names escaped and cut so that one entry is one short log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class CatalogMessagesTests {

	private static final String SECRET = "topsecret";

	private static final int MAX_LINE_LENGTH = 1_000;

	@Test
	void valuesOfALiteLlmCatalogShouldNeverBeLogged(CapturedOutput output) {
		PriceList list = read(CatalogFormat.LITELLM,
				"""
						{ "access_token": "TOPSECRET-entry", "roles": [ "TOPSECRET-list" ], "count": 12345,
						  "string-price": { "input_cost_per_token": "TOPSECRET-price", "output_cost_per_token": 1e-06 },
						  "object-price": { "input_cost_per_token": { "v": "TOPSECRET-object" }, "output_cost_per_token": 1e-06 },
						  "list-price": { "input_cost_per_token": 1e-06, "output_cost_per_token": [ "TOPSECRET-list-price" ] },
						  "good": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06 } }
						""");

		assertThat(list.models()).containsOnlyKeys("good");
		assertThat(output).doesNotContainIgnoringCase(SECRET)
			.contains("'access_token' in test.json: an entry must be an object, was a string")
			.contains("'roles' in test.json: an entry must be an object, was a list")
			.contains("'count' in test.json: an entry must be an object, was a number")
			.contains("'string-price' in test.json: \"input_cost_per_token\" price is not a number (a string)")
			.contains("'object-price' in test.json: \"input_cost_per_token\" price is not a number (an object)")
			.contains("'list-price' in test.json: \"output_cost_per_token\" price is not a number (a list)");
	}

	@Test
	void valuesOfACatalogInTheStartersFormatShouldNeverBeLogged(CapturedOutput output) {
		PriceList list = read(CatalogFormat.LLM_COST,
				"""
						{ "aliases": { "alias-1": "TOPSECRET-alias", "alias-2": { "k": "TOPSECRET-alias-object" } },
						  "models": {
						    "string-entry": "TOPSECRET-entry",
						    "string-price": { "input": "TOPSECRET-price", "output": 1 },
						    "bad-tier": { "input": 1, "output": 2, "tiers": [ { "aboveInputTokens": "TOPSECRET-tier" } ] },
						    "bad-date": { "input": 1, "output": 2, "changes": [ { "from": "TOPSECRET-date", "input": 1, "output": 2 } ] },
						    "bad-provider": { "provider": { "x": "TOPSECRET-provider" }, "input": 1, "output": 2 },
						    "good": { "input": 1, "output": 2 } } }
						""");

		assertThat(list.models()).containsOnlyKeys("good", "bad-provider");
		assertThat(list.models().get("bad-provider").provider()).doesNotContainIgnoringCase(SECRET);
		assertThat(output).doesNotContainIgnoringCase(SECRET)
			.contains("'alias alias-1' in test.json: its target has no price")
			.contains("'alias alias-2' in test.json: its target has no price")
			.contains("'string-entry' in test.json: an entry must be an object, was a string")
			.contains("'string-price' in test.json: \"input\" price is not a number (a string)")
			.contains("'bad-tier' in test.json: a tier needs a non-negative \"aboveInputTokens\", was a string")
			.contains("'bad-date' in test.json: \"from\" is not a date (yyyy-MM-dd)");
	}

	@Test
	void valuesOfAGenAiPricesCatalogShouldNeverBeLogged(CapturedOutput output) {
		PriceList list = read(CatalogFormat.GENAI_PRICES,
				"""
						[ "TOPSECRET-provider",
						  { "id": "acme", "model_match": { "bogus": "TOPSECRET-model-match" }, "extra": "TOPSECRET-extra",
						    "models": [
						      "TOPSECRET-model",
						      { "id": "bad-equals", "match": { "equals": [ "TOPSECRET-equals" ] }, "prices": { "input_mtok": 1 } },
						      { "id": "two-keys", "match": { "starts_with": "a", "ends_with": "TOPSECRET-two-keys" },
						        "prices": { "input_mtok": 1 } },
						      { "id": "bad-or", "match": { "or": "TOPSECRET-or" }, "prices": { "input_mtok": 1 } },
						      { "id": "bad-prices", "match": { "equals": "a" }, "prices": "TOPSECRET-prices" },
						      { "id": "bad-conditional", "match": { "equals": "a" }, "prices": [ { "prices": "TOPSECRET-conditional" } ] },
						      { "id": "bad-date", "match": { "equals": "a" },
						        "prices": [ { "constraint": { "start_date": "TOPSECRET-date" }, "prices": { "input_mtok": 1 } } ] },
						      { "id": "bad-time", "match": { "equals": "a" },
						        "prices": [ { "constraint": { "start_time": "TOPSECRET-time", "end_time": "10:00:00Z" },
						          "prices": { "input_mtok": 1 } } ] },
						      { "id": "bad-constraint", "match": { "equals": "a" },
						        "prices": [ { "constraint": { "kind": "TOPSECRET-constraint" }, "prices": { "input_mtok": 1 } } ] },
						      { "id": "bad-tiers", "match": { "equals": "a" },
						        "prices": { "input_mtok": { "base": 1, "tiers": "TOPSECRET-tiers" } } },
						      { "id": "bad-start", "match": { "equals": "a" },
						        "prices": { "input_mtok": { "base": 1, "tiers": [ { "start": "TOPSECRET-start", "price": 2 } ] } } },
						      { "id": "string-price", "match": { "equals": "a" }, "prices": { "input_mtok": "TOPSECRET-price" } },
						      { "id": "bad-regex", "match": { "regex": "TOPSECRET-regex(" }, "prices": { "input_mtok": 1 } },
						      { "id": "good", "match": { "equals": "good" }, "prices": { "input_mtok": 1, "output_mtok": 2 } } ] },
						  { "id": "bad-models", "models": "TOPSECRET-models" } ]
						""");

		assertThat(list.models()).containsOnlyKeys("good");
		assertThat(output).doesNotContainIgnoringCase(SECRET)
			.contains("'provider #1' in test.json")
			.contains("'acme model_match' in test.json: unknown match clause \"bogus\"")
			.contains("'acme/?' in test.json: a model must be an object with an \"id\", was a string")
			.contains("'acme/bad-equals' in test.json: \"equals\" needs a string, was a list")
			.contains("'acme/two-keys' in test.json: a match clause must be an object with one key, was an object")
			.contains("'acme/bad-or' in test.json: \"or\" needs a list of clauses, was a string")
			.contains("'acme/bad-prices' in test.json: \"prices\" must be an object or a list, was a string")
			.contains("'acme/bad-conditional' in test.json: \"prices\" must be an object, was a string")
			.contains("'acme/bad-date' in test.json: \"start_date\" is not a date (yyyy-MM-dd)")
			.contains("'acme/bad-time' in test.json: \"start_time\" is not a time (HH:mm:ssZ)")
			.contains("'acme/bad-constraint' in test.json: unknown price constraint")
			.contains("'acme/bad-tiers' in test.json: \"input_mtok\": \"tiers\" must be a list, was a string")
			.contains("'acme/bad-start' in test.json: \"input_mtok\": a tier needs a whole, non-negative \"start\", "
					+ "was a string")
			.contains("'acme/string-price' in test.json: \"input_mtok\" price is not a number (a string)")
			.contains("'acme/bad-regex' in test.json: \"regex\" is not a valid regular expression")
			.contains("'bad-models' in test.json: \"models\" must be a list, was a string");
	}

	@ParameterizedTest
	@EnumSource
	void invalidJsonShouldBeRejectedWithItsLineAndColumnOnly(CatalogFormat format) {
		String start = CatalogLimitsTests.entryOf(format);
		for (String json : new String[] { start + "\n TOPSECRET }", start + "\"TOPSECRET", start + "{ TOPSECRET",
				start + "[ TOPSECRET", start + "{ \"a\": 1 TOPSECRET", start + "[ 1 TOPSECRET" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> read(format, json))
				.withMessageStartingWith("Price catalog test.json is not valid JSON at line ")
				.withMessageContaining(", column ")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContainIgnoringCase(SECRET))
				.satisfies((ex) -> assertThat(ex.getCause()).isNull());
		}
	}

	@ParameterizedTest
	@EnumSource
	void contentAfterTheCatalogShouldBeRejectedWithoutItsValue(CatalogFormat format) {
		String catalog = switch (format) {
			case LITELLM, LLM_COST -> "{ \"models\": {} }";
			case GENAI_PRICES -> "[]";
		};
		for (String after : new String[] { " TOPSECRET", " \"TOPSECRET\"", " { \"TOPSECRET\": 1 }" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> read(format, catalog + after))
				.withMessageStartingWith("Price catalog test.json is not valid JSON at line 1, column ")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContainIgnoringCase(SECRET));
		}
	}

	@Test
	void catalogDateThatIsNotADateShouldBeRejectedWithoutItsValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(CatalogFormat.LLM_COST, "{ \"catalogDate\": \"TOPSECRET\", \"models\": {} }"))
			.withMessageContaining("\"catalogDate\" is not a date")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContainIgnoringCase(SECRET));
	}

	@Test
	void namesShouldBeLoggedEscapedOnOneShortLine(CapturedOutput output) {
		String longName = "x".repeat(10_000);
		read(CatalogFormat.LITELLM, """
				{ "evil\\nFORGED-LITELLM\\r\\u0007": "x", "%s": "x",
				  "good": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06 } }
				""".formatted(longName));
		read(CatalogFormat.LLM_COST, """
				{ "aliases": { "evil\\nFORGED-ALIAS": "no-such-model" },
				  "models": { "evil\\nFORGED-MODEL": "x", "%s": "x", "good": { "input": 1, "output": 2 } } }
				""".formatted(longName));
		read(CatalogFormat.GENAI_PRICES, """
				[ { "id": "evil\\nFORGED-PROVIDER", "models": "x" },
				  { "id": "acme", "models": [ { "id": "evil\\nFORGED-MODEL-ID", "prices": { "input_mtok": 1 } },
				    { "id": "%s", "prices": { "input_mtok": 1 } },
				    { "id": "good", "match": { "equals": "good" }, "prices": { "input_mtok": 1 } } ] } ]
				""".formatted(longName));

		assertThat(output).contains("'evil\\nFORGED-LITELLM\\r\\u0007'")
			.contains("'alias evil\\nFORGED-ALIAS'")
			.contains("'evil\\nFORGED-MODEL'")
			.contains("'evil\\nforged-provider'")
			.contains("'acme/evil\\nFORGED-MODEL-ID'")
			.contains("xxx... (10000 characters)")
			.contains("xxx... (10005 characters)");
		assertThat(output.toString().lines()).noneMatch((line) -> line.startsWith("FORGED"))
			.allSatisfy((line) -> assertThat(line).hasSizeLessThanOrEqualTo(MAX_LINE_LENGTH));
	}

	private static PriceList read(CatalogFormat format, String json) {
		return format.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
	}

}
