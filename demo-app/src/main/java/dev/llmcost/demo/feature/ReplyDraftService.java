package dev.llmcost.demo.feature;

import dev.llmcost.annotation.LlmFeature;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Service;

/**
 * Drafts replies to customer emails: the {@code reply-draft} feature on {@code gpt-4.1},
 * the demo's most expensive model, under a small daily budget that blocks it once spent
 * ({@code llm.cost.budgets.reply-draft-daily} in {@code application.yml}).
 * <p>
 * The traffic generator never calls it, so the budget is the user's to spend.
 *
 * @author llm-cost contributors
 */
@Service
public class ReplyDraftService {

	/**
	 * The feature this service's calls are billed to, and its budget counts.
	 */
	public static final String FEATURE = "reply-draft";

	/**
	 * The model this feature uses.
	 */
	public static final String MODEL = "gpt-4.1";

	private final ChatClient chatClient;

	/**
	 * Create the service.
	 * @param builder the auto-configured builder, which carries the cost advisor
	 */
	public ReplyDraftService(ChatClient.Builder builder) {
		this.chatClient = builder
			.defaultSystem("Draft a reply to the customer's email: polite, at most five sentences, "
					+ "signed 'The Acme team'.")
			.defaultOptions(OpenAiChatOptions.builder().model(MODEL))
			.build();
	}

	/**
	 * Draft a reply.
	 * @param email the customer's email
	 * @return the draft
	 * @throws dev.llmcost.budget.LlmBudgetExceededException once the feature's daily
	 * budget is spent: the model is not called
	 */
	@LlmFeature(FEATURE)
	public String draft(String email) {
		String draft = this.chatClient.prompt().user(email).call().content();
		return (draft != null) ? draft : "";
	}

}
