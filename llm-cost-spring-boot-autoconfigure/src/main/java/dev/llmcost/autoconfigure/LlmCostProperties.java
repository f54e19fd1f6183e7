package dev.llmcost.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.budget.BudgetAction;
import dev.llmcost.pricing.catalog.CatalogFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for LLM cost tracking.
 *
 * @author llm-cost contributors
 */
@ConfigurationProperties(LlmCostProperties.PREFIX)
public class LlmCostProperties {

	/**
	 * Prefix of the properties.
	 */
	public static final String PREFIX = "llm.cost";

	/**
	 * Whether to track the cost of LLM calls. When false, the starter records nothing and
	 * adds nothing to the application but an LlmCostAdvisor bean that passes every call
	 * through, so that code which adds it to a ChatClient it builds starts unchanged.
	 */
	private boolean enabled = true;

	/**
	 * Currency that costs are reported in (ISO 4217 code). Prices stay in USD and are
	 * converted with 'llm.cost.exchange-rate'; the cost meters are named after it
	 * (llm_cost_eur_total for EUR).
	 */
	private String currency = "USD";

	/**
	 * How many units of the reporting currency one USD buys, from 0.000001 to 10000000
	 * with at most 12 decimal places. Required when the currency is not USD.
	 */
	private @Nullable BigDecimal exchangeRate;

	private final Advisor advisor = new Advisor();

	private final Attribution attribution = new Attribution();

	private final Pricing pricing = new Pricing();

	private final Ledger ledger = new Ledger();

	private final Streams streams = new Streams();

	private final Reconciliation reconciliation = new Reconciliation();

	/**
	 * Budgets, by name: spend limits per feature or for the whole application, checked
	 * before each model call.
	 */
	private final Map<String, Budget> budgets = new LinkedHashMap<>();

	/**
	 * Per-feature settings, by feature name as written in @LlmFeature or the advisor's
	 * feature parameter.
	 */
	private final Map<String, Feature> features = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getCurrency() {
		return this.currency;
	}

	public void setCurrency(String currency) {
		this.currency = currency;
	}

	public @Nullable BigDecimal getExchangeRate() {
		return this.exchangeRate;
	}

	public void setExchangeRate(@Nullable BigDecimal exchangeRate) {
		this.exchangeRate = exchangeRate;
	}

	public Advisor getAdvisor() {
		return this.advisor;
	}

	public Attribution getAttribution() {
		return this.attribution;
	}

	public Pricing getPricing() {
		return this.pricing;
	}

	public Ledger getLedger() {
		return this.ledger;
	}

	public Map<String, Budget> getBudgets() {
		return this.budgets;
	}

	public Map<String, Feature> getFeatures() {
		return this.features;
	}

	public Streams getStreams() {
		return this.streams;
	}

	public Reconciliation getReconciliation() {
		return this.reconciliation;
	}

	/**
	 * Settings of the daily comparison of the estimate with the providers' bills.
	 */
	public static class Reconciliation {

		/**
		 * Whether to compare, every day, the cost the ledger estimated for each provider
		 * with the cost its billing API reports, for each of the last 7 closed UTC days.
		 * Needs an admin key of at least one provider.
		 */
		private boolean enabled;

		/**
		 * Absolute drift, (estimated - reported) / reported, above which a day is logged
		 * at WARN: a ratio greater than 0, 0.05 for 5%.
		 */
		private double maxDrift = 0.05;

		/**
		 * When to compare, as a Spring cron expression (second minute hour day month
		 * weekday) in UTC. Also compared once shortly after startup.
		 */
		private String schedule = "0 0 2 * * *";

		private final OpenAi openai = new OpenAi();

		private final Anthropic anthropic = new Anthropic();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getMaxDrift() {
			return this.maxDrift;
		}

		public void setMaxDrift(double maxDrift) {
			this.maxDrift = maxDrift;
		}

		public String getSchedule() {
			return this.schedule;
		}

		public void setSchedule(String schedule) {
			this.schedule = schedule;
		}

		public OpenAi getOpenai() {
			return this.openai;
		}

		public Anthropic getAnthropic() {
			return this.anthropic;
		}

		/**
		 * OpenAI's organization Costs API.
		 */
		public static class OpenAi {

			/**
			 * Admin key of the OpenAI organization (not a project's API key). Without it,
			 * OpenAI's bill is not compared. Never logged or shown.
			 */
			private @Nullable String adminKey;

			/**
			 * Base URL of OpenAI's API, without '/v1'.
			 */
			private String baseUrl = "https://api.openai.com";

			/**
			 * ID of the project whose costs to compare (proj_...), when the application
			 * calls OpenAI with that project's keys only; else the whole organization's.
			 */
			private @Nullable String project;

			public @Nullable String getAdminKey() {
				return this.adminKey;
			}

			public void setAdminKey(@Nullable String adminKey) {
				this.adminKey = adminKey;
			}

			public String getBaseUrl() {
				return this.baseUrl;
			}

			public void setBaseUrl(String baseUrl) {
				this.baseUrl = baseUrl;
			}

			public @Nullable String getProject() {
				return this.project;
			}

			public void setProject(@Nullable String project) {
				this.project = project;
			}

		}

		/**
		 * Anthropic's Admin API cost report.
		 */
		public static class Anthropic {

			/**
			 * Admin API key of the Anthropic organization (sk-ant-admin...). Without it,
			 * Anthropic's bill is not compared. Never logged or shown.
			 */
			private @Nullable String adminKey;

			/**
			 * Base URL of Anthropic's API, without '/v1'.
			 */
			private String baseUrl = "https://api.anthropic.com";

			public @Nullable String getAdminKey() {
				return this.adminKey;
			}

			public void setAdminKey(@Nullable String adminKey) {
				this.adminKey = adminKey;
			}

			public String getBaseUrl() {
				return this.baseUrl;
			}

			public void setBaseUrl(String baseUrl) {
				this.baseUrl = baseUrl;
			}

		}

	}

	/**
	 * Settings of streamed calls.
	 */
	public static class Streams {

		/**
		 * Whether a stream its caller cancels before the provider's usage chunk (a user
		 * pressing "stop") is recorded with an estimate of what the provider billed: the
		 * prompt's tokens and those of the text received so far, marked
		 * 'llm.usage.estimated' and counted by 'llm.usage.estimated.calls'. When false,
		 * such streams are recorded with no tokens.
		 */
		private boolean estimateAbandoned = true;

		public boolean isEstimateAbandoned() {
			return this.estimateAbandoned;
		}

		public void setEstimateAbandoned(boolean estimateAbandoned) {
			this.estimateAbandoned = estimateAbandoned;
		}

	}

	/**
	 * Settings of the advisor added to auto-configured ChatClient builders.
	 */
	public static class Advisor {

		/**
		 * Order of the cost advisor in the ChatClient advisor chain. The default places
		 * it inside Spring AI's tool-calling loop, so each real model call is recorded
		 * once.
		 */
		private int order = LlmCostAdvisor.DEFAULT_ORDER;

		/**
		 * Whether Spring AI's 'spring.ai.advisor' observation (a timer and a span) runs
		 * around the cost advisor in blocking calls, as around every other advisor. Off
		 * by default: the 'llm.call' observation inside it times the same work. Streams
		 * always keep it, as their trace needs it.
		 */
		private boolean observed;

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

		public boolean isObserved() {
			return this.observed;
		}

		public void setObserved(boolean observed) {
			this.observed = observed;
		}

	}

	/**
	 * Settings of feature attribution, and of the names calls are recorded under.
	 */
	public static class Attribution {

		/**
		 * Maximum number of distinct feature names recorded. Calls to new features past
		 * this cap are recorded as 'other', so a mistaken dynamic name cannot flood the
		 * metrics backend.
		 */
		private int maxFeatures = 100;

		/**
		 * Maximum number of distinct model names recorded, request and response models
		 * together, on meters and in the ledger. New names past this cap are recorded as
		 * 'other' (their calls are still priced by their real names), so a gateway that
		 * answers under ever new names cannot flood the metrics backend.
		 */
		private int maxModels = 200;

		/**
		 * Whether to add the 'feature' tag to Spring AI's own observations (their timers,
		 * the gen_ai.client.token.usage counter and their spans).
		 */
		private boolean tagSpringAiObservations = true;

		private final User user = new User();

		public User getUser() {
			return this.user;
		}

		public int getMaxFeatures() {
			return this.maxFeatures;
		}

		public void setMaxFeatures(int maxFeatures) {
			this.maxFeatures = maxFeatures;
		}

		public int getMaxModels() {
			return this.maxModels;
		}

		public void setMaxModels(int maxModels) {
			this.maxModels = maxModels;
		}

		public boolean isTagSpringAiObservations() {
			return this.tagSpringAiObservations;
		}

		public void setTagSpringAiObservations(boolean tagSpringAiObservations) {
			this.tagSpringAiObservations = tagSpringAiObservations;
		}

		/**
		 * Settings of user attribution.
		 */
		public static class User {

			/**
			 * Key of the HMAC-SHA256 that replaces each user id by its hash, in hex, at
			 * least 32 hex digits (128 bits). Without it, no user is attributed. User ids
			 * are never recorded in clear; the key is never logged.
			 */
			private @Nullable String hashKey;

			public @Nullable String getHashKey() {
				return this.hashKey;
			}

			public void setHashKey(@Nullable String hashKey) {
				this.hashKey = hashKey;
			}

		}

	}

	/**
	 * Settings of model pricing. Model names that contain dots or slashes must be quoted
	 * in brackets, for example {@code llm.cost.pricing.models[gpt-4.1].input}.
	 */
	public static class Pricing {

		/**
		 * Prices per model name, in USD per million tokens. They win over every catalog.
		 * Quote names that contain dots: '[gpt-4.1]'.
		 */
		private final Map<String, ModelPrice> models = new LinkedHashMap<>();

		/**
		 * Aliases: a deployment or gateway model name mapped to the catalog model whose
		 * price applies, for example an Azure OpenAI deployment name to 'gpt-4o'.
		 */
		private final Map<String, String> aliases = new LinkedHashMap<>();

		/**
		 * External price catalogs, loaded at startup and refreshed in the background.
		 * They rank below 'llm.cost.pricing.models' and above the built-in catalog; the
		 * first listed wins.
		 */
		private final List<Source> sources = new ArrayList<>();

		/**
		 * Pricing rules per provider, keyed by its 'gen_ai.provider.name', for example
		 * 'ollama'. Quote names that contain dots: '[azure.ai.openai]'.
		 */
		private final Map<String, ProviderPricing> providers = new LinkedHashMap<>();

		/**
		 * Whether to fail startup when a model configured as a Spring AI default (for
		 * example 'spring.ai.openai.chat.model') has no price. Calls are never failed.
		 */
		private boolean failOnUnpriced;

		public Map<String, ModelPrice> getModels() {
			return this.models;
		}

		public Map<String, String> getAliases() {
			return this.aliases;
		}

		public List<Source> getSources() {
			return this.sources;
		}

		public Map<String, ProviderPricing> getProviders() {
			return this.providers;
		}

		public boolean isFailOnUnpriced() {
			return this.failOnUnpriced;
		}

		public void setFailOnUnpriced(boolean failOnUnpriced) {
			this.failOnUnpriced = failOnUnpriced;
		}

	}

	/**
	 * Pricing rules of one provider.
	 */
	public static class ProviderPricing {

		/**
		 * Whether the provider's calls cost 0 and count as priced, whatever the model:
		 * for self-hosted models. Prices under 'llm.cost.pricing.models' still win.
		 * Unset, true for Ollama and false for every other provider.
		 */
		private @Nullable Boolean free;

		public @Nullable Boolean getFree() {
			return this.free;
		}

		public void setFree(@Nullable Boolean free) {
			this.free = free;
		}

	}

	/**
	 * An external price catalog.
	 */
	public static class Source {

		/**
		 * Name the catalog is reported under: in logs, the 'source' tag of
		 * 'llm.pricing.catalog.loads', the llmcost endpoint and the health details. It
		 * must be unique among the sources. Unset, the location without credentials is
		 * used, followed by '#2', '#3'... when several sources have the same.
		 */
		private @Nullable String name;

		/**
		 * Where to load the catalog from: a file path, a 'file:' or 'classpath:'
		 * location, or an http(s) URL. User info in a URL ('https://user:password@host/')
		 * is sent as HTTP Basic credentials. User info, query and fragment are never
		 * shown.
		 */
		private @Nullable String location;

		/**
		 * Format of the catalog: 'litellm' for LiteLLM's
		 * model_prices_and_context_window.json, 'genai-prices' for pydantic's
		 * genai-prices data file, 'llm-cost' for the starter's own format.
		 */
		private CatalogFormat format = CatalogFormat.LITELLM;

		/**
		 * How often to load the catalog again. Unset, it is loaded once at startup.
		 */
		private @Nullable Duration refreshInterval;

		/**
		 * How long one load may take before it counts as failed: connecting, the download
		 * and the parsing of the catalog together.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * Headers sent with each HTTP request for the catalog, for example
		 * 'Authorization=Bearer ...'. Sent only to the server of the location, not to
		 * another one it redirects to; their values are never shown.
		 */
		private final Map<String, String> headers = new LinkedHashMap<>();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getLocation() {
			return this.location;
		}

		public void setLocation(@Nullable String location) {
			this.location = location;
		}

		public CatalogFormat getFormat() {
			return this.format;
		}

		public void setFormat(CatalogFormat format) {
			this.format = format;
		}

		public @Nullable Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(@Nullable Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

	}

	/**
	 * The price of one model: USD per million tokens, and USD per unit for what it bills
	 * besides tokens.
	 */
	public static class ModelPrice {

		/**
		 * USD per million input tokens that are not read from or written to a cache.
		 */
		private @Nullable BigDecimal input;

		/**
		 * USD per million input tokens read from the prompt cache. Defaults to the input
		 * price.
		 */
		private @Nullable BigDecimal cacheRead;

		/**
		 * USD per million input tokens written to the prompt cache. Defaults to the input
		 * price.
		 */
		private @Nullable BigDecimal cacheWrite;

		/**
		 * USD per million input tokens written to the one-hour prompt cache. Defaults to
		 * the cache-write price.
		 */
		private @Nullable BigDecimal cacheWrite1h;

		/**
		 * USD per million output tokens.
		 */
		private @Nullable BigDecimal output;

		/**
		 * USD per million reasoning tokens. Defaults to the output price.
		 */
		private @Nullable BigDecimal reasoning;

		/**
		 * USD per image generated, for image models billed per image (for example
		 * 'hd/1024-x-1792/dall-e-3'). A model priced only per unit needs no token prices:
		 * its tokens then cost 0.
		 */
		private @Nullable BigDecimal perImage;

		/**
		 * USD per second of audio, for speech-to-text models billed by duration (0.0001
		 * for 0.006 USD per minute).
		 */
		private @Nullable BigDecimal perSecond;

		/**
		 * USD per character of input, for text-to-speech models billed by the character
		 * (0.000015 for 15 USD per million characters).
		 */
		private @Nullable BigDecimal perCharacter;

		/**
		 * USD per request of a server-side tool billed per request, such as a web search
		 * (0.01 for 10 USD per 1,000 searches).
		 */
		private @Nullable BigDecimal perRequest;

		public @Nullable BigDecimal getInput() {
			return this.input;
		}

		public void setInput(@Nullable BigDecimal input) {
			this.input = input;
		}

		public @Nullable BigDecimal getCacheRead() {
			return this.cacheRead;
		}

		public void setCacheRead(@Nullable BigDecimal cacheRead) {
			this.cacheRead = cacheRead;
		}

		public @Nullable BigDecimal getCacheWrite() {
			return this.cacheWrite;
		}

		public void setCacheWrite(@Nullable BigDecimal cacheWrite) {
			this.cacheWrite = cacheWrite;
		}

		public @Nullable BigDecimal getCacheWrite1h() {
			return this.cacheWrite1h;
		}

		public void setCacheWrite1h(@Nullable BigDecimal cacheWrite1h) {
			this.cacheWrite1h = cacheWrite1h;
		}

		public @Nullable BigDecimal getOutput() {
			return this.output;
		}

		public void setOutput(@Nullable BigDecimal output) {
			this.output = output;
		}

		public @Nullable BigDecimal getReasoning() {
			return this.reasoning;
		}

		public void setReasoning(@Nullable BigDecimal reasoning) {
			this.reasoning = reasoning;
		}

		public @Nullable BigDecimal getPerImage() {
			return this.perImage;
		}

		public void setPerImage(@Nullable BigDecimal perImage) {
			this.perImage = perImage;
		}

		public @Nullable BigDecimal getPerSecond() {
			return this.perSecond;
		}

		public void setPerSecond(@Nullable BigDecimal perSecond) {
			this.perSecond = perSecond;
		}

		public @Nullable BigDecimal getPerCharacter() {
			return this.perCharacter;
		}

		public void setPerCharacter(@Nullable BigDecimal perCharacter) {
			this.perCharacter = perCharacter;
		}

		public @Nullable BigDecimal getPerRequest() {
			return this.perRequest;
		}

		public void setPerRequest(@Nullable BigDecimal perRequest) {
			this.perRequest = perRequest;
		}

	}

	/**
	 * Where recorded calls are totalled for the endpoint, by hour.
	 */
	public static class Ledger {

		/**
		 * Where the ledger keeps its totals: 'memory' (this instance, since it started,
		 * hourly totals for 'retention'), or 'jdbc' (a table shared by every instance,
		 * through the application's DataSource).
		 */
		private Store store = Store.MEMORY;

		/**
		 * Time zone of calendar periods (today, month, ...) and of the hours totals are
		 * kept in. Every instance sharing a ledger must use the same zone. Defaults to
		 * the JVM's zone.
		 */
		private @Nullable ZoneId zone;

		/**
		 * How long the in-memory ledger keeps hourly totals: a period that starts earlier
		 * is reported as incomplete. Memory grows with it, by about 160 bytes per
		 * feature, model and hour with calls. Totals since startup are kept regardless.
		 */
		private Duration retention = Duration.ofDays(35);

		private final Jdbc jdbc = new Jdbc();

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public @Nullable ZoneId getZone() {
			return this.zone;
		}

		public void setZone(@Nullable ZoneId zone) {
			this.zone = zone;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public Jdbc getJdbc() {
			return this.jdbc;
		}

		/**
		 * Where a ledger keeps its totals.
		 */
		public enum Store {

			/**
			 * In this instance's memory.
			 */
			MEMORY,

			/**
			 * In a database table shared by the fleet.
			 */
			JDBC

		}

		/**
		 * The JDBC ledger: hourly totals in a table shared by every instance.
		 */
		public static class Jdbc {

			/**
			 * Prefix of the ledger's table names: '<prefix>ledger' holds the hourly
			 * totals, '<prefix>ledger_flushes' the last flush of each instance. Letters,
			 * digits and '_', optionally after a schema name and a dot
			 * ('finance.llm_cost_').
			 */
			private String tablePrefix = "llm_cost_";

			/**
			 * When to create the tables at startup: 'embedded' (only in an embedded
			 * database such as an in-memory H2), 'always', or 'never' (run the script
			 * shipped in the jar yourself). The scripts create what is missing and keep
			 * what exists.
			 */
			private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

			/**
			 * How often calls recorded in memory are written to the table, in one
			 * transaction per flush.
			 */
			private Duration flushInterval = Duration.ofSeconds(5);

			/**
			 * How long hourly rows are kept in the table; older rows are deleted in the
			 * background.
			 */
			private Duration retention = Duration.ofDays(400);

			/**
			 * Name of this instance in the table of flushes and in the log. Defaults to
			 * the process id and host name. Need not be unique: every run of the
			 * application also has a random id of its own, so that two instances never
			 * take each other's flushes for their own.
			 */
			private @Nullable String instanceId;

			/**
			 * How long rows read from the table are reused for the same period, so that a
			 * busy dashboard does not query the database on every request. This
			 * instance's own calls are always included, whatever the cache holds. 0 turns
			 * the cache off.
			 */
			private Duration readCache = Duration.ofSeconds(5);

			/**
			 * The most distinct (hour, feature, model) totals kept in memory while
			 * waiting to be written, for example while the database is down. Past it,
			 * calls that would need a new one are left out of the table (counted in
			 * llm.ledger.dropped, logged once); calls adding to a waiting total are kept.
			 */
			private int maxPending = 100_000;

			/**
			 * How long shutdown waits for the last flush of what is pending.
			 */
			private Duration shutdownTimeout = Duration.ofSeconds(10);

			public String getTablePrefix() {
				return this.tablePrefix;
			}

			public void setTablePrefix(String tablePrefix) {
				this.tablePrefix = tablePrefix;
			}

			public InitializeSchema getInitializeSchema() {
				return this.initializeSchema;
			}

			public void setInitializeSchema(InitializeSchema initializeSchema) {
				this.initializeSchema = initializeSchema;
			}

			public Duration getFlushInterval() {
				return this.flushInterval;
			}

			public void setFlushInterval(Duration flushInterval) {
				this.flushInterval = flushInterval;
			}

			public Duration getRetention() {
				return this.retention;
			}

			public void setRetention(Duration retention) {
				this.retention = retention;
			}

			public @Nullable String getInstanceId() {
				return this.instanceId;
			}

			public void setInstanceId(@Nullable String instanceId) {
				this.instanceId = instanceId;
			}

			public Duration getReadCache() {
				return this.readCache;
			}

			public void setReadCache(Duration readCache) {
				this.readCache = readCache;
			}

			public int getMaxPending() {
				return this.maxPending;
			}

			public void setMaxPending(int maxPending) {
				this.maxPending = maxPending;
			}

			public Duration getShutdownTimeout() {
				return this.shutdownTimeout;
			}

			public void setShutdownTimeout(Duration shutdownTimeout) {
				this.shutdownTimeout = shutdownTimeout;
			}

			/**
			 * When the ledger's tables are created at startup; Spring Boot's
			 * DatabaseInitializationMode, without needing its classes when the ledger is
			 * in memory.
			 */
			public enum InitializeSchema {

				/**
				 * Only in an embedded database.
				 */
				EMBEDDED,

				/**
				 * In every database.
				 */
				ALWAYS,

				/**
				 * Never: the tables are created by other means.
				 */
				NEVER

			}

		}

	}

	/**
	 * A budget: how much the calls of a feature, or of the whole application, may cost
	 * over a period, and what happens once they have.
	 */
	public static class Budget {

		/**
		 * Feature whose calls the budget counts. When not set, the budget counts every
		 * call of the application.
		 */
		private @Nullable String feature;

		/**
		 * Most the calls may cost in a period, in the reporting currency
		 * ('llm.cost.currency'). Required, positive.
		 */
		private @Nullable BigDecimal limit;

		/**
		 * Period the spend is counted over: 'day', 'week' (from Monday) or 'month' in the
		 * ledger's zone ('llm.cost.ledger.zone'), which start again from zero at
		 * midnight; or a rolling window of at least a minute, such as '10m' or '1h',
		 * which lets each call's cost leave it once the window has passed.
		 */
		private String period = "day";

		/**
		 * Percentages of the limit at which the budget reports a warning, each from 1 to
		 * 99.
		 */
		private List<Integer> warnAt = new ArrayList<>(List.of(50, 80));

		/**
		 * What happens to a call once the budget is exhausted: 'warn' lets it proceed,
		 * 'block' throws LlmBudgetExceededException instead of calling the model,
		 * 'downgrade' calls the 'downgrade-to' model instead.
		 */
		private BudgetAction action = BudgetAction.WARN;

		/**
		 * Model that calls go to once the budget is exhausted, when the action is
		 * 'downgrade'.
		 */
		private @Nullable String downgradeTo;

		public @Nullable String getFeature() {
			return this.feature;
		}

		public void setFeature(@Nullable String feature) {
			this.feature = feature;
		}

		public @Nullable BigDecimal getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable BigDecimal limit) {
			this.limit = limit;
		}

		public String getPeriod() {
			return this.period;
		}

		public void setPeriod(String period) {
			this.period = period;
		}

		public List<Integer> getWarnAt() {
			return this.warnAt;
		}

		public void setWarnAt(List<Integer> warnAt) {
			this.warnAt = warnAt;
		}

		public BudgetAction getAction() {
			return this.action;
		}

		public void setAction(BudgetAction action) {
			this.action = action;
		}

		public @Nullable String getDowngradeTo() {
			return this.downgradeTo;
		}

		public void setDowngradeTo(@Nullable String downgradeTo) {
			this.downgradeTo = downgradeTo;
		}

	}

	/**
	 * Settings of one feature.
	 */
	public static class Feature {

		/**
		 * Team that owns the feature: published with it in the llm.feature.info gauge and
		 * on its calls' spans. A team named by @LlmFeature(team = ...) wins for the calls
		 * of its methods.
		 */
		private @Nullable String team;

		public @Nullable String getTeam() {
			return this.team;
		}

		public void setTeam(@Nullable String team) {
			this.team = team;
		}

	}

}
