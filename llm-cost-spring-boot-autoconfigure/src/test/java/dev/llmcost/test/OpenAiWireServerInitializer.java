package dev.llmcost.test;

import dev.llmcost.testsupport.OpenAiWireServer;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points the application's OpenAI client at the shared {@link OpenAiWireServer} and
 * exposes the actuator endpoints the tests read.
 */
class OpenAiWireServerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestPropertyValues
			.of("spring.ai.openai.base-url=" + OpenAiWireServer.shared().baseUrl(), "spring.ai.openai.api-key=test-key",
					"spring.ai.openai.chat.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
					"spring.ai.retry.max-attempts=1",
					"management.endpoints.web.exposure.include=llmcost,prometheus,metrics,health",
					"management.endpoint.health.show-details=always")
			.applyTo(context);
	}

}
