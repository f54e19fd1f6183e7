package dev.llmcost.demo.feature;

import dev.llmcost.annotation.LlmFeature;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Service;

/**
 * Classifies support tickets: the {@code ticket-triage} feature on {@code gpt-5-mini}.
 * <p>
 * The annotation is on the class, so every public method of the service is attributed to
 * the feature without annotating each one.
 *
 * @author llm-cost contributors
 */
@Service
@LlmFeature("ticket-triage")
public class TicketTriageService {

	/**
	 * The model this feature uses.
	 */
	public static final String MODEL = "gpt-5-mini";

	private final ChatClient chatClient;

	/**
	 * Create the service.
	 * @param builder the auto-configured builder, which carries the cost advisor
	 */
	public TicketTriageService(ChatClient.Builder builder) {
		this.chatClient = builder
			.defaultSystem("Classify the support ticket. Answer with one line: the priority (P1 to P4), "
					+ "the team that should own it, and a reason of at most ten words.")
			.defaultOptions(OpenAiChatOptions.builder().model(MODEL))
			.build();
	}

	/**
	 * Classify a ticket.
	 * @param ticket the ticket text
	 * @return priority, owning team and reason
	 */
	public String triage(String ticket) {
		String triage = this.chatClient.prompt().user(ticket).call().content();
		return (triage != null) ? triage : "";
	}

}
