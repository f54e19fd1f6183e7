package org.springframework.ai.bedrock.converse;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Stands in for Spring AI 2.0.1's {@code BedrockChatOptions} (unavailable here): tool
 * calling options of the Converse module's package, which is all the starter reads of
 * them (the model and, through the package, the provider).
 */
public final class StandInBedrockChatOptions extends DefaultToolCallingChatOptions {

	private StandInBedrockChatOptions(@Nullable List<ToolCallback> toolCallbacks,
			@Nullable Map<String, Object> toolContext, @Nullable String model, @Nullable Integer maxTokens) {
		super(toolCallbacks, toolContext, model, null, maxTokens, null, null, null, null, null);
	}

	public static Builder builder() {
		return new Builder();
	}

	@Override
	public Builder mutate() {
		Builder builder = new Builder();
		builder.model(getModel()).maxTokens(getMaxTokens()).toolCallbacks(getToolCallbacks());
		return builder.toolContext(getToolContext());
	}

	/**
	 * Builds the stand-in options; a {@code ChatClient} builds the options of each call
	 * from the model's default options' builder.
	 */
	public static final class Builder extends DefaultToolCallingChatOptions.Builder<Builder> {

		@Override
		public StandInBedrockChatOptions build() {
			return new StandInBedrockChatOptions(this.toolCallbacks, this.toolContext, this.model, this.maxTokens);
		}

	}

}
