package dev.llmcost.autoconfigure;

import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.catalog.BuiltInCatalog;
import dev.llmcost.pricing.source.CatalogSources;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for pricing: the built-in catalog, the user's prices and aliases,
 * the free (self-hosted) providers, external catalogs, the reporting currency, and the
 * startup check of the configured default models.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmCostProperties.class)
public final class LlmCostPricingAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean({ CatalogSources.class, PriceCatalog.class })
	CatalogSources llmCostCatalogSources(LlmCostProperties properties, Environment environment,
			ResourceLoader resourceLoader) {
		LlmCostProperties.Pricing pricing = properties.getPricing();
		return new CatalogSources(PricingSettings.userPrices(pricing, environment), pricing.getAliases(),
				PricingSettings.freeProviders(pricing), PricingSettings.sources(pricing), BuiltInCatalog.load(),
				resourceLoader);
	}

	@Bean
	@ConditionalOnMissingBean
	PriceCatalog llmCostPriceCatalog(CatalogSources sources) {
		return sources.catalog();
	}

	@Bean
	@ConditionalOnMissingBean
	CallPricer llmCostCallPricer(PriceCatalog priceCatalog) {
		return new CallPricer(priceCatalog);
	}

	@Bean
	@ConditionalOnMissingBean
	ReportingCurrency llmCostReportingCurrency(LlmCostProperties properties) {
		return PricingSettings.currency(properties);
	}

	@Bean
	UnpricedDefaultModelCheck llmCostUnpricedDefaultModelCheck(Environment environment, PriceCatalog catalog,
			LlmCostProperties properties) {
		return new UnpricedDefaultModelCheck(environment, catalog, properties.getPricing().isFailOnUnpriced());
	}

}
