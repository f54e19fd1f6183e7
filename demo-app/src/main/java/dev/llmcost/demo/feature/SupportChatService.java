package dev.llmcost.demo.feature;

import dev.llmcost.annotation.LlmFeature;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Service;

/**
 * Answers support questions as a stream: the {@code support-chat} feature on
 * {@code gpt-4.1-nano}.
 *
 * @author llm-cost contributors
 */
@Service
public class SupportChatService {

	/**
	 * The model this feature uses.
	 */
	public static final String MODEL = "gpt-4.1-nano";

	private final ChatClient chatClient;

	/**
	 * Create the service.
	 * @param builder the auto-configured builder, which carries the cost advisor
	 */
	public SupportChatService(ChatClient.Builder builder) {
		this.chatClient = builder
			.defaultSystem("You are a friendly support agent for the Acme cloud console. "
					+ "Answer in at most three sentences and link to the documentation when it helps.")
			.defaultOptions(OpenAiChatOptions.builder().model(MODEL))
			.build();
	}

	/**
	 * Stream the answer to a support question.
	 * <p>
	 * The annotation sits on the method that returns the {@code Flux}: the model is only
	 * called when the web layer subscribes, after this method has returned, and the
	 * feature reaches that call through the Reactor context.
	 * @param message the customer's question
	 * @return the answer, piece by piece
	 */
	@LlmFeature("support-chat")
	public Flux<String> chat(String message) {
		return this.chatClient.prompt().user(message).stream().content();
	}

}
