package dev.llmcost.autoconfigure;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Warns at startup when the OpenAI stream options would drop usage from streams: Spring
 * AI asks for the usage chunk by default, but once any stream option is set, usage is
 * only sent if {@code include-usage} is set too, and streams would then cost nothing.
 *
 * @author llm-cost contributors
 */
class StreamUsageCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(StreamUsageCheck.class);

	private static final List<String> PREFIXES = List.of("spring.ai.openai.chat.stream-options",
			"spring.ai.openai.chat.options.stream-options");

	private final Environment environment;

	StreamUsageCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String prefix : PREFIXES) {
			if (isSet(prefix) && !"true".equalsIgnoreCase(this.environment.getProperty(prefix + ".include-usage"))) {
				logger.warn(prefix + ".* is set without " + prefix + ".include-usage=true: OpenAI streams will not "
						+ "report usage, and streamed calls will be recorded with no tokens and no cost. " + "Set "
						+ prefix + ".include-usage=true.");
			}
		}
	}

	private boolean isSet(String prefix) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(prefix);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable
					&& iterable.filter(name::isAncestorOf).stream().findAny().isPresent()) {
				return true;
			}
		}
		return false;
	}

}
