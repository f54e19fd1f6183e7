package dev.llmcost.demo.feature;

import dev.llmcost.annotation.LlmFeature;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Service;

/**
 * Summarises documents with a blocking {@code call()}: the {@code document-summary}
 * feature on {@code gpt-4o-mini}.
 * <p>
 * The long fixed system prompt is deliberate: it is the same on every request, so the
 * provider serves it from its prompt cache and the cost shows cache-read tokens.
 *
 * @author llm-cost contributors
 */
@Service
public class DocumentSummaryService {

	/**
	 * The model this feature uses.
	 */
	public static final String MODEL = "gpt-4o-mini";

	private final ChatClient chatClient;

	/**
	 * Create the service.
	 * @param builder the auto-configured builder, which carries the cost advisor
	 * @param systemPrompt the summarisation rules
	 */
	public DocumentSummaryService(ChatClient.Builder builder,
			@Value("classpath:prompts/summary-system.txt") Resource systemPrompt) {
		this.chatClient = builder.defaultSystem(systemPrompt)
			.defaultOptions(OpenAiChatOptions.builder().model(MODEL))
			.build();
	}

	/**
	 * Summarise a document.
	 * @param text the document
	 * @return the summary
	 */
	@LlmFeature("document-summary")
	public String summarize(String text) {
		String summary = this.chatClient.prompt().user(text).call().content();
		return (summary != null) ? summary : "";
	}

}
