package dev.llmcost.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.reconciliation.AnthropicCostReport;
import dev.llmcost.reconciliation.OpenAiCostReport;
import dev.llmcost.reconciliation.ProviderCostReport;
import dev.llmcost.reconciliation.Reconciliation;
import dev.llmcost.reconciliation.ReconciliationSchedule;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.StringUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the daily {@link Reconciliation} of the ledger's estimate with
 * the providers' bills. Off unless {@code llm.cost.reconciliation.enabled} is true; every
 * setting is checked at startup, and nothing is read from a billing API before the
 * application has started.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration(after = LlmCostLedgerAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = LlmCostReconciliationAutoConfiguration.PREFIX + ".enabled")
@ConditionalOnBean(CostLedger.class)
@EnableConfigurationProperties(LlmCostProperties.class)
public final class LlmCostReconciliationAutoConfiguration {

	static final String PREFIX = LlmCostProperties.PREFIX + ".reconciliation";

	@Bean
	@ConditionalOnMissingBean
	Reconciliation llmCostReconciliation(LlmCostProperties properties, CostLedger ledger, ObjectProvider<Clock> clock) {
		LlmCostProperties.Reconciliation settings = properties.getReconciliation();
		double maxDrift = settings.getMaxDrift();
		if (!(maxDrift > 0) || Double.isInfinite(maxDrift)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".max-drift", maxDrift,
					"It must be a ratio greater than 0, for example 0.05 for 5%");
		}
		return new Reconciliation(reports(settings), ledger, clock.getIfUnique(Clock::systemUTC), maxDrift);
	}

	@Bean
	@ConditionalOnMissingBean
	ReconciliationSchedule llmCostReconciliationSchedule(Reconciliation reconciliation, LlmCostProperties properties) {
		String schedule = properties.getReconciliation().getSchedule();
		if (!CronExpression.isValidExpression(schedule)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".schedule", schedule,
					"It must be a Spring cron expression of six fields (second minute hour day month weekday), "
							+ "for example '0 0 2 * * *'");
		}
		return new ReconciliationSchedule(reconciliation, schedule);
	}

	private static List<ProviderCostReport> reports(LlmCostProperties.Reconciliation settings) {
		List<ProviderCostReport> reports = new ArrayList<>();
		LlmCostProperties.Reconciliation.OpenAi openai = settings.getOpenai();
		if (StringUtils.hasText(openai.getAdminKey())) {
			reports.add(new OpenAiCostReport(openai.getAdminKey().strip(),
					baseUrl(PREFIX + ".openai.base-url", openai.getBaseUrl()),
					StringUtils.hasText(openai.getProject()) ? openai.getProject().strip() : null));
		}
		LlmCostProperties.Reconciliation.Anthropic anthropic = settings.getAnthropic();
		if (StringUtils.hasText(anthropic.getAdminKey())) {
			reports.add(new AnthropicCostReport(anthropic.getAdminKey().strip(),
					baseUrl(PREFIX + ".anthropic.base-url", anthropic.getBaseUrl())));
		}
		if (reports.isEmpty()) {
			// The value shown is whether a key is set, never a key.
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".enabled", true,
					"Reconciliation needs the admin key of at least one provider: set " + PREFIX
							+ ".openai.admin-key or " + PREFIX + ".anthropic.admin-key");
		}
		return reports;
	}

	private static String baseUrl(String property, @Nullable String value) {
		String url = (value != null) ? value.strip() : "";
		try {
			URI uri = new URI(url);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null
					&& uri.getRawQuery() == null && uri.getRawFragment() == null) {
				return url;
			}
		}
		catch (URISyntaxException ex) {
			// Reported below.
		}
		throw new InvalidConfigurationPropertyValueException(property, value,
				"It must be an http or https URL with a host and without user info, query or fragment");
	}

}
