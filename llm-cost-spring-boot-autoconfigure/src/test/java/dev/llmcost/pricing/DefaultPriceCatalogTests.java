package dev.llmcost.pricing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.llmcost.usage.TokenUsage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.llmcost.pricing.TokenRatesTests.usd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Name matching and precedence of {@link DefaultPriceCatalog}, on small price lists
 * written here so the table does not move when the shipped catalog changes.
 */
class DefaultPriceCatalogTests {

	private static final PriceList BUILT_IN = new PriceList("built-in", null,
			models("built-in", "gpt-4o", "gpt-4o-2024-05-13", "gpt-4o-mini", "o3", "o3-mini", "o3-pro", "o4-mini",
					"gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "chatgpt-4o-latest",
					"text-embedding-3-small", "gpt-3.5-turbo", "claude-3-5-sonnet", "claude-3-5-haiku",
					"claude-sonnet-4-5", "claude-opus-4", "gemini-2.5-flash", "gemini-2.5-pro", "mistral-large-latest",
					"nova-pro"),
			Map.of("gpt-35-turbo", "gpt-3.5-turbo", "claude-3-5-sonnet-v2", "claude-3-5-sonnet"), List.of());

	private static final PriceList EXTERNAL = new PriceList("litellm", null, models("litellm", "azure/gpt-4o"),
			Map.of(), List.of());

	private static final PriceList RULES = new PriceList("genai-prices", null, models("genai-prices", "router-model"),
			Map.of(), List.of(new PriceList.NameRule("starts_with my-router-", (name) -> name.startsWith("my-router-"),
					"router-model")));

	private static final PriceList USER = PriceList.of("user", models("user", "my-finetune"));

	private final DefaultPriceCatalog catalog = new DefaultPriceCatalog(USER, Map.of("Prod-GPT4o-EastUS", "gpt-4o",
			"chained-alias", "prod-gpt4o-eastus", "loop-a", "loop-b", "loop-b", "loop-a"),
			List.of(EXTERNAL, RULES, BUILT_IN));

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(nullValues = "none", value = {
			// OpenAI: exact, case, dated snapshots, prefixes
			"openai, gpt-4o, gpt-4o", "openai, GPT-4o, gpt-4o", "openai, gpt-4o-2024-08-06, gpt-4o",
			"openai, gpt-4o-2024-05-13, gpt-4o-2024-05-13", "openai, gpt-4o-mini, gpt-4o-mini",
			"openai, gpt-4o-mini-2024-07-18, gpt-4o-mini", "openai, openai/gpt-4o-mini, gpt-4o-mini",
			"openai, o3-mini, o3-mini", "openai, o3-mini-2025-01-31, o3-mini", "openai, o3, o3",
			"openai, o3-2025-04-16, o3", "openai, o3-pro, o3-pro", "openai, o4-mini-2025-04-16, o4-mini",
			"openai, gpt-5-2025-08-07, gpt-5", "openai, gpt-5-mini-2025-08-07, gpt-5-mini",
			"openai, gpt-5-nano-2025-08-07, gpt-5-nano", "openai, gpt-4.1-nano-2025-04-14, gpt-4.1-nano",
			"openai, gpt-4.1-20250414, gpt-4.1", "openai, gpt-4.1-mini, gpt-4.1-mini",
			"openai, chatgpt-4o-latest, chatgpt-4o-latest", "openai, text-embedding-3-small, text-embedding-3-small",
			// a name the catalog does not know must not borrow a shorter name's price
			"openai, gpt-4o-mini-tts, none", "openai, gpt-4o-mini-audio-preview, none",
			"openai, o3-deep-research, none", "openai, gpt-4.1-nano-ft, none",
			"openai, ft:gpt-4o-mini-2024-07-18:acme::abc123, none", "openai, gpt-7-ultra, none", "openai, '', none",
			// Azure OpenAI: provider-specific price first, Azure's own names
			"azure.ai.openai, gpt-4o, azure/gpt-4o", "azure.ai.openai, gpt-35-turbo, gpt-3.5-turbo",
			"openai, azure/gpt-4o, azure/gpt-4o",
			// Anthropic, direct and through Bedrock and Vertex AI
			"anthropic, claude-3-5-sonnet-20241022, claude-3-5-sonnet",
			"anthropic, claude-sonnet-4-5-20250929, claude-sonnet-4-5",
			"anthropic, claude-3-5-sonnet-latest, claude-3-5-sonnet", "anthropic, claude-opus-4-1-20250805, none",
			"aws.bedrock, anthropic.claude-3-5-sonnet-20241022-v2:0, claude-3-5-sonnet",
			"aws.bedrock, us.anthropic.claude-3-5-haiku-20241022-v1:0, claude-3-5-haiku",
			"aws.bedrock, eu.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5",
			"aws.bedrock, apac.amazon.nova-pro-v1:0, nova-pro",
			"gcp.vertex_ai, claude-3-5-sonnet@20240620, claude-3-5-sonnet",
			"gcp.vertex_ai, claude-3-5-sonnet-v2@20241022, claude-3-5-sonnet",
			// Gemini: prefixes and previews
			"gcp.gemini, models/gemini-2.5-flash, gemini-2.5-flash",
			"gcp.gemini, gemini-2.5-flash-preview-09-2025, gemini-2.5-flash",
			"gcp.gemini, gemini-2.5-pro-exp-03-25, gemini-2.5-pro", "gcp.gemini, gemini-2.5-flash-lite, none",
			// Mistral with a router prefix
			"mistral_ai, mistral/mistral-large-latest, mistral-large-latest",
			// name rules of a genai-prices catalog
			"unknown, my-router-cheap, router-model",
			// the user's prices and aliases
			"unknown, my-finetune, my-finetune", "azure.ai.openai, prod-gpt4o-eastus, azure/gpt-4o",
			"unknown, PROD-gpt4o-eastus, gpt-4o", "unknown, chained-alias, gpt-4o", "unknown, loop-a, none" })
	void nameShouldResolveToTheRightEntry(String provider, String name, String entry) {
		PricedModel price = this.catalog.resolve(provider, name);

		assertThat((price != null) ? price.model() : null).isEqualTo(entry);
	}

	@Test
	void userPriceShouldWinUnderEveryNameForm() {
		PriceList user = PriceList.of("user", models("user", "gpt-4o", "gpt-4o-mini"));
		PriceList litellm = PriceList.of("litellm", models("litellm", "gpt-4o-mini-2024-07-18"));
		DefaultPriceCatalog overridden = new DefaultPriceCatalog(user, Map.of(), List.of(litellm, BUILT_IN));

		assertThat(overridden.resolve("openai", "gpt-4o-2024-08-06").source()).isEqualTo("user");
		assertThat(overridden.resolve("openai", "gpt-4o-2024-05-13").source()).isEqualTo("user");
		assertThat(overridden.resolve("openai", "gpt-4o-mini-2024-07-18").source())
			.as("a catalog's dated entry does not beat the user's price")
			.isEqualTo("user");
	}

	@Test
	void sameNameThroughTwoProvidersShouldKeepEachProvidersPriceWhenSeenAgain() {
		for (int round = 0; round < 2; round++) {
			assertThat(this.catalog.resolve("openai", "gpt-4o").model()).as("round %d", round).isEqualTo("gpt-4o");
			assertThat(this.catalog.resolve("azure.ai.openai", "gpt-4o").model()).as("round %d", round)
				.isEqualTo("azure/gpt-4o");
			assertThat(this.catalog.resolve("unknown", "gpt-7-ultra")).isNull();
		}
	}

	@Test
	void userPriceShouldWinOverAnotherListsProviderSpecificPrice() {
		PriceList user = PriceList.of("user", models("user", "gpt-4o"));
		DefaultPriceCatalog catalog = new DefaultPriceCatalog(user, Map.of(), List.of(EXTERNAL, BUILT_IN));

		assertThat(catalog.resolve("azure.ai.openai", "gpt-4o").source()).isEqualTo("user");
		assertThat(this.catalog.resolve("azure.ai.openai", "gpt-4o").source()).isEqualTo("litellm");
	}

	@Test
	void externalCatalogShouldWinOverTheBuiltInCatalog() {
		PriceList external = PriceList.of("litellm", models("litellm", "gpt-4o-mini"));
		DefaultPriceCatalog catalog = new DefaultPriceCatalog(USER, Map.of(), List.of(external, BUILT_IN));

		assertThat(catalog.resolve("openai", "gpt-4o-mini-2024-07-18").source()).isEqualTo("litellm");
		assertThat(catalog.resolve("openai", "gpt-4o").source()).isEqualTo("built-in");
	}

	@Test
	void updatedListsShouldBeUsedForNamesResolvedBefore() {
		DefaultPriceCatalog catalog = new DefaultPriceCatalog(USER, Map.of(), List.of(BUILT_IN));
		assertThat(catalog.resolve("openai", "gpt-9")).isNull();

		catalog.update(List.of(PriceList.of("refreshed", models("refreshed", "gpt-9")), BUILT_IN));

		assertThat(catalog.resolve("openai", "gpt-9").source()).isEqualTo("refreshed");
	}

	@Test
	void resolvedNameShouldBeCached() {
		PricedModel first = this.catalog.resolve("openai", "gpt-4o-mini-2024-07-18");

		assertThat(this.catalog.resolve("openai", "gpt-4o-mini-2024-07-18")).isSameAs(first);
	}

	@Test
	void nameRulesShouldOnlyBeAskedAboutNamesOfAtMost256Characters() {
		List<Integer> lengths = new ArrayList<>();
		PriceList rules = new PriceList("genai-prices", null, models("genai-prices", "router-model"), Map.of(),
				List.of(new PriceList.NameRule("starts_with my-router-", (name) -> {
					lengths.add(name.length());
					return name.startsWith("my-router-");
				}, "router-model")));
		DefaultPriceCatalog catalog = new DefaultPriceCatalog(USER, Map.of(), List.of(rules));
		String longest = "my-router-" + "x".repeat(246);

		assertThat(catalog.resolve("openai", longest).model()).isEqualTo("router-model");
		assertThat(catalog.resolve("openai", longest + "x")).isNull();
		assertThat(catalog.resolve("openai", "my-router-" + "x".repeat(1_000_000))).isNull();
		assertThat(lengths).isNotEmpty().allSatisfy((length) -> assertThat(length).isLessThanOrEqualTo(256));
	}

	@Test
	void freeProviderShouldPriceEveryModelAtZero() {
		DefaultPriceCatalog catalog = new DefaultPriceCatalog(USER, Map.of(), Set.of("ollama"), List.of(BUILT_IN));

		PricedModel entry = catalog.resolve("ollama", "llama3.2:3b");

		assertThat(entry).isNotNull();
		assertThat(entry.model()).isEqualTo("llama3.2:3b");
		assertThat(entry.provider()).isEqualTo("ollama");
		assertThat(entry.source()).isEqualTo("llm.cost.pricing.providers.ollama.free");
		assertThat(entry.latest().costOf(TokenUsage.fromInclusive(1_000_000, 0, 0, 1_000_000, 0)).total()).isZero();
	}

	@Test
	void freeProviderShouldNotTakeTheCatalogsPriceOfAModelItRunsLocally() {
		DefaultPriceCatalog catalog = new DefaultPriceCatalog(USER, Map.of(), Set.of("ollama"), List.of(BUILT_IN));

		assertThat(catalog.resolve("ollama", "gpt-4o").source()).isEqualTo("llm.cost.pricing.providers.ollama.free");
		assertThat(catalog.resolve("openai", "gpt-4o").source()).isEqualTo("built-in");
	}

	@Test
	void userPriceShouldWinOverAFreeProvider() {
		DefaultPriceCatalog catalog = new DefaultPriceCatalog(USER, Map.of(), Set.of("ollama"), List.of(BUILT_IN));

		assertThat(catalog.resolve("ollama", "my-finetune").source()).isEqualTo("user");
	}

	@Test
	void providerNotFreeShouldLeaveAnUnknownModelUnpriced() {
		DefaultPriceCatalog catalog = new DefaultPriceCatalog(USER, Map.of(), Set.of(), List.of(BUILT_IN));

		assertThat(catalog.resolve("ollama", "llama3.2:3b")).isNull();
	}

	private static Map<String, PricedModel> models(String source, String... names) {
		Map<String, PricedModel> models = new LinkedHashMap<>();
		for (String name : names) {
			models.put(name,
					PricedModel.of(name, "test", source, TokenRates.of(usd("1"), null, null, null, usd("2"), null)));
		}
		return models;
	}

}
