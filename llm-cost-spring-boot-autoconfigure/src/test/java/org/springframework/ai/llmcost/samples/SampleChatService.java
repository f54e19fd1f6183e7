package org.springframework.ai.llmcost.samples;

import dev.llmcost.annotation.LlmFeature;

import org.springframework.ai.chat.client.ChatClient;

/**
 * A service as Spring AI's own sample applications write them: in a package under
 * {@code org.springframework.ai}, where Spring AI's framework classes live too.
 */
public class SampleChatService {

	private final ChatClient chatClient;

	public SampleChatService(ChatClient.Builder builder) {
		this.chatClient = builder.build();
	}

	@LlmFeature("spring-ai-sample")
	public String joke(String topic) {
		return this.chatClient.prompt().user("Tell me a joke about " + topic).call().content();
	}

}
