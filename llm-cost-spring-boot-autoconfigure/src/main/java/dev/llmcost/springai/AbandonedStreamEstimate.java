package dev.llmcost.springai;

import java.util.ArrayList;
import java.util.List;

import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.estimate.StreamedTextTokens;
import dev.llmcost.usage.estimate.TokenEstimator;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * What a stream the caller stopped before its usage chunk was billed, estimated: the
 * prompt's tokens as input, and the tokens of the text and tool calls received so far as
 * output, counted by the {@link TokenEstimator} of the stream's model.
 * <p>
 * The received text is counted as it arrives ({@link StreamedTextTokens}), never kept
 * whole; the prompt is counted only when an estimate is asked for. Neither is ever
 * logged. Counting a chunk never throws: a chunk that cannot be read is skipped.
 *
 * @author llm-cost contributors
 */
public final class AbandonedStreamEstimate {

	private final @Nullable String requestModel;

	private volatile @Nullable String responseModel;

	private volatile @Nullable StreamedTextTokens output;

	/**
	 * Create an estimate for one stream.
	 * @param requestModel the requested model, or {@code null}
	 */
	public AbandonedStreamEstimate(@Nullable String requestModel) {
		this.requestModel = requestModel;
	}

	/**
	 * Count a chunk of the stream.
	 * @param chunk the chunk
	 */
	public void onChunk(@Nullable ChatResponse chunk) {
		try {
			if (chunk == null) {
				return;
			}
			if (this.responseModel == null && chunk.getMetadata() != null && chunk.getMetadata().getModel() != null
					&& !chunk.getMetadata().getModel().isBlank()) {
				this.responseModel = chunk.getMetadata().getModel();
			}
			for (Generation generation : chunk.getResults()) {
				AssistantMessage message = generation.getOutput();
				if (message == null) {
					continue;
				}
				append(message.getText());
				for (AssistantMessage.ToolCall toolCall : message.getToolCalls()) {
					append(toolCall.name());
					append(toolCall.arguments());
				}
			}
		}
		catch (RuntimeException ex) {
			// Not counted; the stream goes on as it is.
		}
	}

	private void append(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return;
		}
		StreamedTextTokens output = this.output;
		if (output == null) {
			synchronized (this) {
				output = this.output;
				if (output == null) {
					output = estimator().newStreamedText();
					this.output = output;
				}
			}
		}
		output.append(text);
	}

	/**
	 * Return the model the stream's chunks named.
	 * @return the model, or {@code null} if no chunk named one
	 */
	public @Nullable String responseModel() {
		return this.responseModel;
	}

	/**
	 * Return the estimated usage of the stream so far.
	 * @param prompt the stream's prompt, or {@code null} if unknown
	 * @return the usage
	 * @throws RuntimeException if the prompt cannot be read, for the caller to report
	 */
	public TokenUsage estimate(@Nullable Prompt prompt) {
		long input = (prompt != null) ? estimator().countPrompt(messages(prompt), tools(prompt.getOptions())) : 0;
		StreamedTextTokens output = this.output;
		return new TokenUsage(input, 0, 0, (output != null) ? output.tokens() : 0, 0);
	}

	/**
	 * The model that answered names the tokenizer best; the requested one until a chunk
	 * names it.
	 */
	private TokenEstimator estimator() {
		return TokenEstimator.forModel((this.responseModel != null) ? this.responseModel : this.requestModel);
	}

	private static String text(@Nullable String text) {
		return (text != null) ? text : "";
	}

	private static List<String> messages(Prompt prompt) {
		List<String> texts = new ArrayList<>();
		for (Message message : prompt.getInstructions()) {
			StringBuilder text = new StringBuilder();
			if (message.getText() != null) {
				text.append(message.getText());
			}
			if (message instanceof AssistantMessage assistant) {
				for (AssistantMessage.ToolCall toolCall : assistant.getToolCalls()) {
					text.append(text(toolCall.name())).append(text(toolCall.arguments()));
				}
			}
			if (message instanceof ToolResponseMessage toolResponse) {
				for (ToolResponseMessage.ToolResponse response : toolResponse.getResponses()) {
					text.append(text(response.responseData()));
				}
			}
			texts.add(text.toString());
		}
		return texts;
	}

	/**
	 * The tool definitions the request carries; tools named only, resolved later by
	 * Spring AI, are not counted.
	 */
	private static List<String> tools(@Nullable ChatOptions options) {
		if (!(options instanceof ToolCallingChatOptions toolOptions) || toolOptions.getToolCallbacks() == null) {
			return List.of();
		}
		List<String> tools = new ArrayList<>();
		for (ToolCallback callback : toolOptions.getToolCallbacks()) {
			ToolDefinition definition = (callback != null) ? callback.getToolDefinition() : null;
			if (definition != null) {
				tools.add(text(definition.name()) + text(definition.description()) + text(definition.inputSchema()));
			}
		}
		return tools;
	}

}
