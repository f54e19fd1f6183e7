package dev.llmcost.advisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

import org.springframework.ai.bedrock.converse.StandInBedrockChatOptions;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.observation.conventions.AiProvider;
import org.springframework.ai.tool.ToolCallback;

/**
 * Stands in for Spring AI 2.0.1's {@code BedrockProxyChatModel}, whose module
 * ({@code spring-ai-bedrock-converse}) the Maven repository these tests build from does
 * not serve for Spring AI 2.0.x. It calls the real AWS SDK {@link BedrockRuntimeClient}
 * and hands the starter what Spring AI's class hands it, following
 * {@code models/spring-ai-bedrock-converse/src/main/java/org/springframework/ai/bedrock/converse/BedrockProxyChatModel.java}
 * at tag {@code v2.0.1}:
 * <ul>
 * <li>{@code internalCall} (lines 209-237): one {@code CHAT_MODEL_OPERATION} observation
 * per {@code converse} request, its context built with
 * {@code provider(AiProvider.BEDROCK_CONVERSE.value())} and given the response;</li>
 * <li>{@code toChatResponse} (lines 610-760): text and tool-use generations with the stop
 * reason as finish reason; a {@link DefaultUsage} of {@code inputTokens},
 * {@code outputTokens}, {@code totalTokens}, a native {@link TokenUsage} rebuilt from
 * those and the two cache counts (so without {@code cacheDetails}), and the cache counts;
 * response metadata with the request id and the usage, and <b>no model</b>.</li>
 * </ul>
 * The request is simplified (messages, system text, tool specifications with the tools'
 * schemas); Spring AI's media, caching options, reasoning blocks and streaming are left
 * out: {@code ConverseStream} speaks AWS's binary event-stream encoding and is not
 * exercised here.
 */
final class StandInBedrockProxyChatModel implements ChatModel {

	private static final DefaultChatModelObservationConvention DEFAULT_OBSERVATION_CONVENTION = new DefaultChatModelObservationConvention();

	private final BedrockRuntimeClient bedrockRuntimeClient;

	private final StandInBedrockChatOptions options;

	private final ObservationRegistry observationRegistry;

	StandInBedrockProxyChatModel(BedrockRuntimeClient bedrockRuntimeClient, StandInBedrockChatOptions options,
			ObservationRegistry observationRegistry) {
		this.bedrockRuntimeClient = bedrockRuntimeClient;
		this.options = options;
		this.observationRegistry = observationRegistry;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		// BedrockProxyChatModel#buildRequestPrompt: the model's options when the prompt
		// has none
		Prompt requestPrompt = (prompt.getOptions() != null) ? prompt
				: prompt.mutate().chatOptions(this.options).build();
		ConverseRequest converseRequest = createRequest(requestPrompt);
		ChatModelObservationContext observationContext = ChatModelObservationContext.builder()
			.prompt(requestPrompt)
			.provider(AiProvider.BEDROCK_CONVERSE.value())
			.build();
		return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
			.observation(null, DEFAULT_OBSERVATION_CONVENTION, () -> observationContext, this.observationRegistry)
			.observe(() -> {
				ConverseResponse converseResponse = this.bedrockRuntimeClient.converse(converseRequest);
				ChatResponse response = toChatResponse(converseResponse);
				observationContext.setResponse(response);
				return response;
			});
	}

	@Override
	public StandInBedrockChatOptions getOptions() {
		return this.options;
	}

	private ConverseRequest createRequest(Prompt prompt) {
		List<Message> messages = new ArrayList<>();
		List<SystemContentBlock> system = new ArrayList<>();
		for (org.springframework.ai.chat.messages.Message message : prompt.getInstructions()) {
			if (message.getMessageType() == MessageType.SYSTEM) {
				system.add(SystemContentBlock.fromText(message.getText()));
			}
			else if (message instanceof AssistantMessage assistant) {
				List<ContentBlock> content = new ArrayList<>();
				if (assistant.getText() != null && !assistant.getText().isEmpty()) {
					content.add(ContentBlock.fromText(assistant.getText()));
				}
				for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
					content.add(ContentBlock.fromToolUse(ToolUseBlock.builder()
						.toolUseId(call.id())
						.name(call.name())
						.input(document(call.arguments()))
						.build()));
				}
				messages.add(Message.builder().role(ConversationRole.ASSISTANT).content(content).build());
			}
			else if (message instanceof ToolResponseMessage toolResponses) {
				List<ContentBlock> content = new ArrayList<>();
				for (ToolResponseMessage.ToolResponse response : toolResponses.getResponses()) {
					content.add(ContentBlock.fromToolResult(ToolResultBlock.builder()
						.toolUseId(response.id())
						.content(ToolResultContentBlock.fromText(response.responseData()))
						.build()));
				}
				messages.add(Message.builder().role(ConversationRole.USER).content(content).build());
			}
			else {
				messages.add(Message.builder()
					.role(ConversationRole.USER)
					.content(ContentBlock.fromText(message.getText()))
					.build());
			}
		}
		ConverseRequest.Builder request = ConverseRequest.builder()
			.modelId(prompt.getOptions().getModel())
			.messages(messages)
			.system(system);
		List<ToolCallback> tools = (prompt.getOptions() instanceof ToolCallingChatOptions toolOptions
				&& toolOptions.getToolCallbacks() != null) ? toolOptions.getToolCallbacks() : List.of();
		if (!tools.isEmpty()) {
			request.toolConfig(ToolConfiguration.builder()
				.tools(tools.stream()
					.map((tool) -> Tool.fromToolSpec(ToolSpecification.builder()
						.name(tool.getToolDefinition().name())
						.description(tool.getToolDefinition().description())
						.inputSchema(ToolInputSchema.fromJson(document(tool.getToolDefinition().inputSchema())))
						.build()))
					.toList())
				.build());
		}
		return request.build();
	}

	// BedrockProxyChatModel#toChatResponse (v2.0.1), without reasoning blocks and without
	// a previous response to add to (2.0.1 always passes none).
	private static ChatResponse toChatResponse(ConverseResponse response) {
		Message message = response.output().message();
		List<ContentBlock> toolUses = message.content()
			.stream()
			.filter((content) -> content.type() == ContentBlock.Type.TOOL_USE)
			.toList();
		List<Generation> generations = new ArrayList<>();
		for (ContentBlock content : message.content()) {
			if (content.type() == ContentBlock.Type.TOOL_USE || content.text() == null) {
				continue;
			}
			generations
				.add(new Generation(AssistantMessage.builder().content(content.text()).properties(Map.of()).build(),
						ChatGenerationMetadata.builder().finishReason(response.stopReasonAsString()).build()));
		}
		List<Generation> allGenerations = new ArrayList<>(generations);
		if (response.stopReasonAsString() != null && generations.isEmpty()) {
			allGenerations.add(new Generation(AssistantMessage.builder().properties(Map.of()).build(),
					ChatGenerationMetadata.builder().finishReason(response.stopReasonAsString()).build()));
		}
		if (!toolUses.isEmpty()) {
			List<AssistantMessage.ToolCall> toolCalls = toolUses.stream()
				.map((block) -> new AssistantMessage.ToolCall(block.toolUse().toolUseId(), "function",
						block.toolUse().name(), block.toolUse().input().toString()))
				.toList();
			allGenerations.add(new Generation(
					AssistantMessage.builder().content("").properties(Map.of()).toolCalls(toolCalls).build(),
					ChatGenerationMetadata.builder().finishReason(response.stopReasonAsString()).build()));
		}
		Integer promptTokens = response.usage().inputTokens();
		Integer generationTokens = response.usage().outputTokens();
		int totalTokens = response.usage().totalTokens();
		Integer cacheReadInputTokens = response.usage().cacheReadInputTokens();
		Integer cacheWriteInputTokens = response.usage().cacheWriteInputTokens();
		TokenUsage nativeTokenUsage = TokenUsage.builder()
			.inputTokens(promptTokens)
			.outputTokens(generationTokens)
			.totalTokens(totalTokens)
			.cacheReadInputTokens(cacheReadInputTokens)
			.cacheWriteInputTokens(cacheWriteInputTokens)
			.build();
		DefaultUsage usage = new DefaultUsage(promptTokens, generationTokens, totalTokens, nativeTokenUsage,
				(cacheReadInputTokens != null) ? cacheReadInputTokens.longValue() : null,
				(cacheWriteInputTokens != null) ? cacheWriteInputTokens.longValue() : null);
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder()
			.id((response.responseMetadata() != null) ? response.responseMetadata().requestId() : "Unknown")
			.usage(usage);
		Map<String, Object> additionalMetadata = new HashMap<>();
		if (cacheReadInputTokens != null) {
			additionalMetadata.put("cacheReadInputTokens", cacheReadInputTokens);
		}
		if (cacheWriteInputTokens != null) {
			additionalMetadata.put("cacheWriteInputTokens", cacheWriteInputTokens);
		}
		if (!additionalMetadata.isEmpty()) {
			metadata.metadata(additionalMetadata);
		}
		return new ChatResponse(allGenerations, metadata.build());
	}

	private static Document document(String json) {
		return document(JsonNodeParser.create().parse(json));
	}

	private static Document document(JsonNode node) {
		if (node.isObject()) {
			Map<String, Document> members = new HashMap<>();
			node.asObject().forEach((name, value) -> members.put(name, document(value)));
			return Document.fromMap(members);
		}
		if (node.isArray()) {
			return Document.fromList(node.asArray().stream().map(StandInBedrockProxyChatModel::document).toList());
		}
		if (node.isString()) {
			return Document.fromString(node.asString());
		}
		if (node.isNumber()) {
			return Document.fromNumber(SdkNumber.fromString(node.asNumber()));
		}
		if (node.isBoolean()) {
			return Document.fromBoolean(node.asBoolean());
		}
		return Document.fromNull();
	}

}
