package dev.llmcost.pricing.catalog;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;

import dev.llmcost.pricing.Cost;
import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PriceTier;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.usage.TokenType;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link GenAiPricesCatalogReader}: genai-prices' providers, tiers, dated
 * prices and match rules read as genai-prices applies them, through
 * {@link CatalogFormat#GENAI_PRICES}.
 */
@ExtendWith(OutputCaptureExtension.class)
class GenAiPricesCatalogReaderTests {

	private static final String SOURCE = "classpath:catalogs/genai-prices-catalog.json";

	private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

	@Test
	void modelShouldBePricedPerMillionTokensWithItsCacheReadPrice() {
		TokenRates rates = rates("gpt-4o-mini");

		assertThat(rates.input()).isEqualByComparingTo("0.15");
		assertThat(rates.cacheRead().toPlainString()).isEqualTo("0.075");
		assertThat(rates.output()).isEqualByComparingTo("0.6");
		assertThat(rates.cacheWrite()).as("unpublished: the input price").isEqualByComparingTo("0.15");
	}

	@Test
	void tieredPricesShouldBecomeATierAboveTheirStart() {
		ModelPrice price = price("claude-sonnet-4-5");

		assertThat(price.rates().input()).isEqualByComparingTo("3");
		assertThat(price.rates().output()).isEqualByComparingTo("15");
		assertThat(price.tiers()).singleElement().satisfies((tier) -> {
			assertThat(tier.aboveInputTokens()).isEqualTo(200_000);
			assertThat(tier.rates().input()).isEqualByComparingTo("6");
			assertThat(tier.rates().output()).isEqualByComparingTo("22.5");
			assertThat(tier.rates().cacheWrite()).isEqualByComparingTo("7.5");
			assertThat(tier.rates().reasoning()).as("reasoning is billed as output").isEqualByComparingTo("22.5");
		});
	}

	@Test
	void priceWithoutTiersShouldStayTheSameAboveAnotherPricesTier() {
		PriceTier tier = price("claude-sonnet-4-5").tiers().get(0);

		// genai-prices changes each price only at its own tiers
		assertThat(tier.rates().cacheRead()).isEqualByComparingTo("0.3");
		assertThat(tier.rates().cacheWrite1h()).isEqualByComparingTo("6");
	}

	@Test
	void tierShouldApplyOnlyWhenTheInputCachedTokensIncludedExceedsItsStart() {
		ModelPrice price = price("claude-sonnet-4-5");

		// genai-prices compares the total input tokens with the tier start using ">"
		assertThat(price.ratesFor(new TokenUsage(180_000, 20_000, 0, 10, 0)).input()).as("exactly 200,000 input tokens")
			.isEqualByComparingTo("3");
		assertThat(price.ratesFor(new TokenUsage(180_000, 20_001, 0, 10, 0)).input()).as("200,001 input tokens")
			.isEqualByComparingTo("6");
	}

	@Test
	void tiersOfDifferentStartsShouldMergeWithEachPriceAtItsHighestTierBelow() {
		ModelPrice price = price("acme-long-context");

		assertThat(price.tiers()).extracting(PriceTier::aboveInputTokens).containsExactly(500_000L, 100_000L);
		TokenRates above100k = price.ratesFor(new TokenUsage(300_000, 0, 0, 10, 0));
		assertThat(above100k.input()).isEqualByComparingTo("2");
		assertThat(above100k.output()).as("output's first tier starts at 500,000").isEqualByComparingTo("10");
		assertThat(above100k.cacheWrite()).isEqualByComparingTo("2.5");
		assertThat(above100k.cacheWrite1h()).as("unpublished: the cache-write price").isEqualByComparingTo("2.5");
		TokenRates above500k = price.ratesFor(new TokenUsage(600_000, 0, 0, 10, 0));
		assertThat(above500k.input()).isEqualByComparingTo("4");
		assertThat(above500k.output()).isEqualByComparingTo("30");
		assertThat(above500k.cacheWrite()).as("its tier at 100,000 still applies").isEqualByComparingTo("2.5");
	}

	@Test
	void costOfALongPromptShouldBeTheTierPriceForEveryToken() {
		// 190,000 + 20,000 + 1,000 = 211,000 input tokens > 200,000
		Cost cost = price("claude-sonnet-4-5").costOf(new TokenUsage(190_000, 20_000, 1_000, 2_000, 1_000));

		assertThat(cost.of(TokenType.INPUT)).as("190,000 x 6 / 1M").isEqualByComparingTo("1.14");
		assertThat(cost.of(TokenType.CACHE_READ)).as("20,000 x 0.3 / 1M").isEqualByComparingTo("0.006");
		assertThat(cost.of(TokenType.CACHE_WRITE)).as("1,000 x 7.5 / 1M").isEqualByComparingTo("0.0075");
		assertThat(cost.of(TokenType.OUTPUT)).as("2,000 x 22.5 / 1M").isEqualByComparingTo("0.045");
		assertThat(cost.of(TokenType.REASONING)).as("1,000 x 22.5 / 1M").isEqualByComparingTo("0.0225");
		assertThat(cost.total()).isEqualByComparingTo("1.221");
	}

	@Test
	void startDateShouldStartANewPriceOnThatDay() {
		PricedModel o3 = model("o3");

		assertThat(o3.prices()).extracting(ModelPrice::validFrom).containsExactly(null, LocalDate.of(2025, 6, 10));
		assertThat(o3.priceOn(LocalDate.of(2025, 6, 9)).rates().input()).isEqualByComparingTo("10");
		assertThat(o3.priceOn(LocalDate.of(2025, 6, 9)).rates().output()).isEqualByComparingTo("40");
		assertThat(o3.priceOn(LocalDate.of(2025, 6, 10)).rates().input()).isEqualByComparingTo("2");
		assertThat(o3.priceOn(LocalDate.of(2025, 6, 10)).rates().output()).isEqualByComparingTo("8");
	}

	@Test
	void timeOfDayPriceCoveringMostOfTheDayShouldBeThePrice() {
		PricedModel chat = model("deepseek-chat");

		// 00:30-16:30 UTC is 16 hours: the discounted price of the other 8 cannot be kept
		assertThat(chat.prices()).singleElement().satisfies((price) -> {
			assertThat(price.validFrom()).isNull();
			assertThat(price.rates().input()).isEqualByComparingTo("0.27");
			assertThat(price.rates().output()).isEqualByComparingTo("1.1");
		});
	}

	@Test
	void timeOfDayPriceCoveringLessThanHalfTheDayShouldBeLeftOut() {
		PricedModel reasoner = model("deepseek-reasoner");

		// 16:30-00:30 UTC wraps past midnight and is 8 hours
		assertThat(reasoner.prices()).singleElement().satisfies((price) -> {
			assertThat(price.rates().input()).isEqualByComparingTo("0.55");
			assertThat(price.rates().output()).isEqualByComparingTo("2.19");
		});
	}

	@Test
	void embeddingWithOnlyAnInputPriceShouldBePricedWithOutputFree() {
		assertThat(rates("text-embedding-3-small").input()).isEqualByComparingTo("0.02");
		assertThat(rates("text-embedding-3-small").output()).isEqualByComparingTo("0");
	}

	@Test
	void modelWithoutTokenPricesShouldBeLeftOutWithoutAWarning(CapturedOutput output) {
		assertThat(load().models()).doesNotContainKey("dall-e-3");
		assertThat(output).doesNotContain("dall-e-3");
	}

	@Test
	void malformedModelsShouldBeSkippedWithAWarningNamingThemWhileTheOthersLoad(CapturedOutput output) {
		PriceList catalog = load();

		assertThat(catalog.models()).doesNotContainKeys("mistral-string-price", "mistral-negative-price",
				"gpt-broken-regex");
		assertThat(catalog.models()).containsKeys("mistral-large", "gpt-4o-mini");
		assertThat(output).contains("'mistral/mistral-string-price' in " + SOURCE)
			.contains("\"input_mtok\" price is not a number")
			.contains("'mistral/mistral-negative-price' in " + SOURCE)
			.contains("\"output_mtok\" price is negative")
			.contains("'openai/gpt-broken-regex' in " + SOURCE)
			.contains("\"regex\" is not a valid regular expression");
	}

	@Test
	// A safety net only: expanding 1e1000000 would not end.
	@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void pricesOutOfBoundsShouldBeSkippedWithAWarningNamingThemWhileTheOthersLoad(CapturedOutput output) {
		PriceList catalog = CatalogFormat.GENAI_PRICES.read(json("""
				[ { "id": "acme", "models": [
				    { "id": "good", "match": { "equals": "good" }, "prices": { "input_mtok": 3, "output_mtok": 15 } },
				    { "id": "huge-exponent", "match": { "equals": "huge-exponent" },
				      "prices": { "input_mtok": 1e1000000, "output_mtok": 15 } },
				    { "id": "tiny-exponent", "match": { "equals": "tiny-exponent" },
				      "prices": { "input_mtok": 1e-1000000, "output_mtok": 15 } },
				    { "id": "beyond-double", "match": { "equals": "beyond-double" },
				      "prices": { "input_mtok": 3, "output_mtok": 1e308 } },
				    { "id": "huge-tier-price", "match": { "equals": "huge-tier-price" },
				      "prices": { "input_mtok": { "base": 3, "tiers": [ { "start": 200000, "price": 1e300 } ] },
				        "output_mtok": 15 } },
				    { "id": "huge-tier-start", "match": { "equals": "huge-tier-start" },
				      "prices": { "input_mtok": { "base": 3, "tiers": [ { "start": 1e1000000, "price": 6 } ] },
				        "output_mtok": 15 } },
				    { "id": "tiny-tier-start", "match": { "equals": "tiny-tier-start" },
				      "prices": { "input_mtok": { "base": 3, "tiers": [ { "start": 1e-1000000, "price": 6 } ] },
				        "output_mtok": 15 } } ] } ]
				"""), "data.json");

		assertThat(catalog.models()).containsOnlyKeys("good");
		assertThat(output)
			.contains("'acme/huge-exponent' in data.json: \"input_mtok\" price is above 10000 USD per million tokens")
			.contains("'acme/tiny-exponent' in data.json: \"input_mtok\" price is below 0.000001 USD per million")
			.contains("'acme/beyond-double' in data.json: \"output_mtok\" price is above 10000")
			.contains("'acme/huge-tier-price' in data.json: \"input_mtok\": \"price\" price is above 10000")
			.contains("'acme/huge-tier-start' in data.json: \"input_mtok\": a tier needs a whole, non-negative")
			.contains("'acme/tiny-tier-start' in data.json: \"input_mtok\": a tier needs a whole, non-negative");
	}

	@Test
	void unitPricesShouldBeReadPerUnit(CapturedOutput output) {
		PriceList catalog = CatalogFormat.GENAI_PRICES.read(json("""
				[ { "id": "acme", "models": [
				    { "id": "speech", "match": { "equals": "speech" }, "prices": { "input_mchars": 15 } },
				    { "id": "transcribe", "match": { "equals": "transcribe" },
				      "prices": { "input_audio_minutes": 0.006 } },
				    { "id": "searcher", "match": { "equals": "searcher" },
				      "prices": { "input_mtok": 3, "output_mtok": 15, "web_searches_kcount": 10 } },
				    { "id": "per-call", "match": { "equals": "per-call" }, "prices": { "requests_kcount": 5 } },
				    { "id": "huge-search", "match": { "equals": "huge-search" },
				      "prices": { "input_mtok": 3, "output_mtok": 15, "web_searches_kcount": 1e1000000 } },
				    { "id": "tiered-minutes", "match": { "equals": "tiered-minutes" },
				      "prices": { "input_audio_minutes": { "base": 0.006, "tiers": [] } } } ] } ]
				"""), "data.json");

		assertThat(catalog.models()).containsOnlyKeys("speech", "transcribe", "searcher");
		// 15 USD per million characters: 0.000015 per character
		assertThat(catalog.models().get("speech").latest().units().perUnit(UnitType.CHARACTER))
			.isEqualByComparingTo("0.000015");
		// 0.006 USD per minute: 0.0001 per second
		assertThat(catalog.models().get("transcribe").latest().units().perUnit(UnitType.SECOND))
			.isEqualByComparingTo("0.0001");
		ModelPrice searcher = catalog.models().get("searcher").latest();
		// 10 USD per 1,000 searches: 0.01 per search; 1,000 x 3 + 100 x 15 per million
		// plus 3 x 0.01
		assertThat(searcher.costOf(new TokenUsage(1_000, 0, 0, 100, 0), UnitUsage.of(UnitType.REQUEST, 3)).total())
			.isEqualByComparingTo("0.0345");
		assertThat(output).contains("'acme/huge-search' in data.json: \"web_searches_kcount\" price is above 1000")
			.contains("'acme/tiered-minutes' in data.json: \"input_audio_minutes\" price is not a number")
			.doesNotContain("per-call");
	}

	@Test
	void modelListedByTwoProvidersShouldBeTheEntryOfTheProviderWhoseModelMatchClaimsIt() {
		PriceList catalog = load();

		// azure is listed first, but openai's model_match claims gpt-4o-mini
		assertThat(catalog.models().get("gpt-4o-mini").provider()).isEqualTo("openai");
		assertThat(catalog.models().get("azure/gpt-4o-mini").provider()).isEqualTo("azure.ai.openai");
		assertThat(catalog.models().get("azure/gpt-4o-mini").priceOn(TODAY).rates().input())
			.isEqualByComparingTo("0.165");
		assertThat(catalog.models().get("claude-sonnet-4-5").provider()).isEqualTo("anthropic");
		assertThat(catalog.models().get("google/claude-sonnet-4-5").provider()).isEqualTo("gcp.gen_ai");
	}

	@Test
	void providerIdsShouldBecomeGenAiProviderNames() {
		PriceList catalog = load();

		assertThat(catalog.models().get("gpt-4o-mini").provider()).isEqualTo("openai");
		assertThat(catalog.models().get("claude-sonnet-4-5").provider()).isEqualTo("anthropic");
		assertThat(catalog.models().get("gemini-2.5-flash-lite").provider()).isEqualTo("gcp.gen_ai");
		assertThat(catalog.models().get("deepseek-chat").provider()).isEqualTo("deepseek");
		assertThat(catalog.models().get("mistral-large").provider()).isEqualTo("mistral_ai");
		assertThat(catalog.models().get("grok-4").provider()).isEqualTo("x_ai");
		assertThat(catalog.models().get("acme-long-context").provider()).as("no gen_ai name: its id").isEqualTo("acme");
	}

	@Test
	void equalsClauseShouldMatchTheNamesItLists() {
		PriceList catalog = load();

		assertThat(ruleFor(catalog, "gpt-4o-mini-2024-07-18")).as("not azure's, listed first").isEqualTo("gpt-4o-mini");
		assertThat(ruleFor(catalog, "gpt-4o-mini-2024-07-19")).as("azure's starts_with").isEqualTo("azure/gpt-4o-mini");
	}

	@Test
	void startsWithClauseShouldMatchIgnoringTheCaseItIsWrittenIn() {
		PriceList catalog = load();

		assertThat(ruleFor(catalog, "claude-sonnet-4.5-20250929")).isEqualTo("claude-sonnet-4-5");
		assertThat(ruleFor(catalog, "mistral-large-2411")).as("written Mistral-Large").isEqualTo("mistral-large");
	}

	@Test
	void regexClauseShouldBeSearchedForInTheName() {
		PriceList catalog = load();

		assertThat(ruleFor(catalog, "grok-4-0709")).isEqualTo("grok-4");
		assertThat(ruleFor(catalog, "grok-4-fast")).isNull();
	}

	@Test
	void regexThatCannotBeMatchedInLinearTimeShouldBeReportedAtLoadAndItsEntryKept(CapturedOutput output) {
		PriceList catalog = CatalogFormat.GENAI_PRICES.read(json(BACKTRACKING_CATALOG), "data.json");

		assertThat(catalog.models()).containsKeys("acme-backtracking", "acme-bang");
		assertThat(output).contains("Ignoring a regex clause of price catalog entry 'acme-backtracking' in data.json: "
				+ "the regex of 12 characters uses a back-reference at index 6, which price catalog regexes do not "
				+ "support (they are matched in time linear in the name). The clause matches no name; the rest of "
				+ "the entry is kept (a model keeps its price under its id).");
		assertThat(ruleFor(catalog, "acme-b")).as("the other clause of its 'or'").isEqualTo("acme-backtracking");
		assertThat(ruleFor(catalog, "aaaa")).isNull();
	}

	@Test
	void regexesPastTheStatesACatalogMayHaveInAllShouldBeIgnoredWithAWarning(CapturedOutput output) {
		// Each pattern ^mN-a{1,990}$ needs about 1,985 states (990 repetitions of two),
		// under the 2,000 one pattern may have; ten of them fit in the catalog's 20,000,
		// the eleventh does not.
		StringBuilder models = new StringBuilder();
		for (int i = 0; i <= 10; i++) {
			models.append((i > 0) ? "," : "")
				.append("{ \"id\": \"m" + i + "\", \"match\": { \"regex\": \"^m" + i + "-a{1,990}$\" }, ")
				.append("\"prices\": { \"input_mtok\": 1, \"output_mtok\": 2 } }");
		}
		PriceList catalog = CatalogFormat.GENAI_PRICES
			.read(json("[ { \"id\": \"acme\", \"models\": [ " + models + " ] } ]"), "data.json");

		assertThat(catalog.models()).hasSize(11);
		assertThat(ruleFor(catalog, "m0-aaa")).isEqualTo("m0");
		assertThat(ruleFor(catalog, "m9-aaa")).isEqualTo("m9");
		assertThat(ruleFor(catalog, "m10-aaa")).isNull();
		assertThat(output).contains("Ignoring a regex clause of price catalog entry 'm10' in data.json: the regex of ")
			.contains("states would take the catalog's regexes past the 20000 states they may have in all")
			.doesNotContain("entry 'm9' in data.json");
	}

	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void nameThatWouldMakeARegexBacktrackShouldBeResolvedByTheNextRule() {
		PriceList catalog = CatalogFormat.GENAI_PRICES.read(json(BACKTRACKING_CATALOG), "data.json");
		DefaultPriceCatalog prices = new DefaultPriceCatalog(PriceList.of("user", Map.of()), Map.of(),
				List.of(catalog));

		// java.util.regex would try about 2^40 ways, on the caller's thread
		PricedModel price = prices.resolve("openai", "a".repeat(40) + "!");

		assertThat(price).isNotNull();
		assertThat(price.model()).isEqualTo("acme-bang");
	}

	@Test
	void ignoredRegexShouldNameItsEntryOnOneShortLine(CapturedOutput output) {
		// an escaped line break in the JSON: the id has a real one
		String id = "acme\\nfake log line " + "x".repeat(300);
		CatalogFormat.GENAI_PRICES.read(json("""
				[ { "id": "acme", "models": [ { "id": "%s", "match": { "regex": "^acme(?=-)" },
				  "prices": { "input_mtok": 1 } } ] } ]""".formatted(id)), "data.json");

		assertThat(output).contains("entry 'acme/acme\\nfake log line xxx")
			.contains("... (324 characters)' in data.json")
			.doesNotContain("\nfake log line");
	}

	@Test
	void manyIgnoredRegexesShouldBeNamedUpToTwentyThenCounted(CapturedOutput output) {
		StringBuilder models = new StringBuilder();
		for (int i = 1; i <= 25; i++) {
			models.append((i > 1) ? "," : "")
				.append("{ \"id\": \"acme-")
				.append(i)
				.append("\", \"match\": { \"regex\": \"(a)\\\\1\" }, \"prices\": { \"input_mtok\": 1 } }");
		}
		PriceList catalog = CatalogFormat.GENAI_PRICES
			.read(json("[ { \"id\": \"acme\", \"models\": [" + models + "] } ]"), "data.json");

		assertThat(catalog.models()).hasSize(25);
		assertThat(output.toString().split("Ignoring a regex clause", -1)).hasSize(21);
		assertThat(output).contains("'acme-20'")
			.doesNotContain("'acme-21'")
			.contains("Ignored 25 parts of entries in price catalog data.json (the first 20 are named above)");
	}

	@Test
	void orClauseShouldMatchWhenAnyOfItsClausesDoes() {
		PriceList catalog = load();

		assertThat(ruleFor(catalog, "o3")).isEqualTo("o3");
		assertThat(ruleFor(catalog, "o3-2025-04-16")).isEqualTo("o3");
		assertThat(ruleFor(catalog, "o3-mini")).isNull();
	}

	@Test
	void andClauseShouldMatchOnlyWhenAllOfItsClausesDo() {
		PriceList catalog = load();

		assertThat(ruleFor(catalog, "gemini-2.5-flash-preview-lite")).isEqualTo("gemini-2.5-flash-lite");
		assertThat(ruleFor(catalog, "gemini-2.5-flash")).isNull();
	}

	@Test
	void rulesShouldPointAtEntriesOfTheCatalog() {
		PriceList catalog = load();

		assertThat(catalog.rules()).isNotEmpty()
			.allSatisfy((rule) -> assertThat(catalog.models()).containsKey(rule.model()));
	}

	@Test
	void entriesShouldNameTheirSource() {
		assertThat(model("gpt-4o-mini").source()).isEqualTo(SOURCE);
		assertThat(load().date()).isNull();
	}

	@Test
	void catalogThatIsNotAListShouldBeRejectedNamingItsSource() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CatalogFormat.GENAI_PRICES.read(json("{\"models\": {}}"), "data.json"))
			.withMessageContaining("data.json")
			.withMessageContaining("is not a genai-prices catalog");
	}

	@Test
	void invalidJsonShouldBeRejectedNamingItsSource() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CatalogFormat.GENAI_PRICES.read(json("[{\"id\": \"openai\""), "data.json"))
			.withMessageContaining("Price catalog data.json is not valid JSON");
	}

	/**
	 * A model matched by a regex that backtracks (^((a+)\2?)+$ takes seconds on 25
	 * characters with java.util.regex), listed before one matched by the name's end.
	 */
	private static final String BACKTRACKING_CATALOG = """
			[ { "id": "acme", "models": [
			  { "id": "acme-backtracking", "match": { "or": [ { "equals": "acme-b" }, { "regex": "^((a+)\\\\2?)+$" } ] },
			    "prices": { "input_mtok": 1, "output_mtok": 2 } },
			  { "id": "acme-bang", "match": { "ends_with": "!" }, "prices": { "input_mtok": 3, "output_mtok": 4 } } ] } ]
			""";

	private static @Nullable String ruleFor(PriceList catalog, String name) {
		return catalog.rules()
			.stream()
			.filter((rule) -> rule.matches().test(name))
			.map(PriceList.NameRule::model)
			.findFirst()
			.orElse(null);
	}

	private static TokenRates rates(String model) {
		return price(model).rates();
	}

	private static ModelPrice price(String model) {
		return model(model).priceOn(TODAY);
	}

	private static PricedModel model(String model) {
		PricedModel entry = load().models().get(model);
		assertThat(entry).as(model).isNotNull();
		return entry;
	}

	private static PriceList load() {
		InputStream in = GenAiPricesCatalogReaderTests.class.getResourceAsStream("/catalogs/genai-prices-catalog.json");
		return CatalogFormat.GENAI_PRICES.read(in, SOURCE);
	}

	private static InputStream json(String json) {
		return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
	}

}
