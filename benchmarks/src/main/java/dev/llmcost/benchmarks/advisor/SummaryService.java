package dev.llmcost.benchmarks.advisor;

import dev.llmcost.annotation.LlmFeature;

import org.springframework.ai.chat.client.ChatClient;

/**
 * A feature as users write one: a service method annotated with {@code @LlmFeature} that
 * calls a {@code ChatClient} built from the auto-configured builder.
 *
 * @author llm-cost contributors
 */
public class SummaryService {

	/**
	 * The feature the calls are attributed to.
	 */
	public static final String FEATURE = "document-summary";

	private final ChatClient chatClient;

	/**
	 * Create the service.
	 * @param builder the auto-configured builder
	 */
	public SummaryService(ChatClient.Builder builder) {
		this.chatClient = builder.build();
	}

	/**
	 * Summarise a text.
	 * @param text the text
	 * @return the model's answer
	 */
	@LlmFeature(FEATURE)
	public String summarize(String text) {
		return this.chatClient.prompt().user(text).call().content();
	}

}
