package dev.llmcost.benchmarks.advisor;

import java.util.List;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * An in-process {@link ChatModel} that answers every prompt with the same response, as an
 * OpenAI model would after a call to {@code gpt-4o-mini}: a dated response model, and
 * usage with cached input tokens.
 * <p>
 * Like Spring AI's real models (see {@code OpenAiChatModel#call}), it wraps the call in a
 * {@code gen_ai.client.operation} observation, so Spring AI's own model observation, its
 * meters and the starter's hooks on it all run as they do in an application.
 *
 * @author llm-cost contributors
 */
public class StubChatModel implements ChatModel {

	/**
	 * The model the response names.
	 */
	public static final String RESPONSE_MODEL = "gpt-4o-mini-2024-07-18";

	/**
	 * The model requests ask for by default.
	 */
	public static final String REQUEST_MODEL = "gpt-4o-mini";

	private static final ChatModelObservationConvention DEFAULT_CONVENTION = new DefaultChatModelObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final ChatOptions defaultOptions = OpenAiChatOptions.builder().model(REQUEST_MODEL).build();

	private final ChatResponse response = new ChatResponse(
			List.of(new Generation(new AssistantMessage("Checkout latency doubled because a cache node ran out "
					+ "of memory; it was replaced and latency is back to normal."))),
			ChatResponseMetadata.builder()
				.id("chatcmpl-benchmark")
				.model(RESPONSE_MODEL)
				.usage(new DefaultUsage(1500, 250, 1750, null, 1024L, null))
				.build());

	/**
	 * Create a model that reports its calls to the given registry.
	 * @param observationRegistry the registry
	 */
	public StubChatModel(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		ChatModelObservationContext context = ChatModelObservationContext.builder()
			.prompt(prompt)
			.provider("openai")
			.build();
		return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
			.observation(null, DEFAULT_CONVENTION, () -> context, this.observationRegistry)
			.observe(() -> {
				context.setResponse(this.response);
				return this.response;
			});
	}

	@Override
	public ChatOptions getDefaultOptions() {
		return this.defaultOptions.mutate().build();
	}

}
