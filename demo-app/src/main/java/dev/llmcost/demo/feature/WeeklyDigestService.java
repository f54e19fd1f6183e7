package dev.llmcost.demo.feature;

import dev.llmcost.advisor.LlmCostAdvisor;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.stereotype.Service;

/**
 * Writes a weekly team digest: the {@code weekly-digest} feature on the default model
 * ({@code spring.ai.openai.chat.model}).
 * <p>
 * Attributed per request with the advisor parameter instead of an annotation, as code
 * that builds requests generically (a job runner, a prompt library) would do. The
 * parameter also beats any {@code @LlmFeature} of the calling method.
 *
 * @author llm-cost contributors
 */
@Service
public class WeeklyDigestService {

	/**
	 * The feature this service's requests are billed to.
	 */
	public static final String FEATURE = "weekly-digest";

	private final ChatClient chatClient;

	/**
	 * Create the service.
	 * @param builder the auto-configured builder, which carries the cost advisor
	 */
	public WeeklyDigestService(ChatClient.Builder builder) {
		this.chatClient = builder.build();
	}

	/**
	 * Write the digest for a team.
	 * @param team the team name
	 * @return the digest
	 */
	public String digest(String team) {
		String digest = this.chatClient.prompt()
			.advisors((advisor) -> advisor.param(LlmCostAdvisor.FEATURE, FEATURE))
			.user("Write a five-line weekly digest for the " + team
					+ " team: shipped work, incidents, open risks, next week's focus, and one thank-you.")
			.call()
			.content();
		return (digest != null) ? digest : "";
	}

}
