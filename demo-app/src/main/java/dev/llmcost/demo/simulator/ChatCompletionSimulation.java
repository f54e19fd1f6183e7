package dev.llmcost.demo.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmcost.testsupport.OpenAiWire;
import dev.llmcost.testsupport.OpenAiWire.ToolCall;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Works out the simulated answer to one chat completion request: content or tool call,
 * and the usage OpenAI would report for it.
 * <p>
 * Everything is derived from the request text, so the same request always gets the same
 * answer and the same token counts: tests and dashboards can rely on the figures.
 *
 * @author llm-cost contributors
 */
final class ChatCompletionSimulation {

	/**
	 * Text that, in the last user message, makes the simulator answer HTTP 429.
	 */
	static final String RATE_LIMIT_MARKER = "[simulate-429]";

	/**
	 * OpenAI only caches prompt prefixes of at least this many tokens.
	 */
	private static final int MIN_CACHED_PREFIX = 1024;

	/**
	 * OpenAI caches prefixes in blocks of this many tokens.
	 */
	private static final int CACHE_BLOCK = 128;

	/**
	 * Tokens OpenAI counts per message for the role and separators.
	 */
	private static final int TOKENS_PER_MESSAGE = 4;

	/**
	 * Tokens OpenAI counts for priming the assistant's reply.
	 */
	private static final int REPLY_PRIMING_TOKENS = 3;

	private static final List<String> SENTENCES = List.of("The key points are clear and can be acted on today.",
			"Start with the highest-impact item and keep the rest for later.",
			"Nothing in the text suggests an urgent risk.",
			"A short follow-up with the owner would settle the open questions.",
			"The figures look consistent with the previous period.",
			"Keep the answer brief and link to the full details.",
			"Plan a small buffer in case the first step takes longer than expected.",
			"Overall, the outlook is positive.");

	private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'-]*");

	private static final Map<String, String> DEFAULT_ARGUMENT_WORDS = Map.of("city", "Paris", "location", "Paris");

	private ChatCompletionSimulation() {
	}

	/**
	 * Whether the request asks for a simulated rate-limit error.
	 * @param request the parsed request body
	 * @return {@code true} when the last user message contains {@link #RATE_LIMIT_MARKER}
	 */
	static boolean isRateLimited(JsonNode request) {
		return lastUserText(messages(request)).contains(RATE_LIMIT_MARKER);
	}

	/**
	 * Compute the reply to a chat completion request.
	 * @param request the parsed request body
	 * @param mapper the mapper used to build tool call arguments
	 * @return the reply
	 */
	static Reply reply(JsonNode request, JsonMapper mapper) {
		String requestModel = text(request.path("model"));
		if (requestModel.isEmpty()) {
			requestModel = "gpt-4o-mini";
		}
		List<Message> messages = messages(request);
		JsonNode tools = request.path("tools");
		String lastUserText = lastUserText(messages);
		Message last = messages.isEmpty() ? new Message("user", "", "", "") : messages.get(messages.size() - 1);
		ToolCall toolCall = null;
		String content = null;
		int visibleTokens;
		if (tools.isArray() && !tools.isEmpty() && "user".equals(last.role())) {
			toolCall = toolCall(tools.get(0), lastUserText, mapper);
			// Tool call arguments are generated text and are billed as output.
			visibleTokens = tokens(toolCall.name()) + tokens(toolCall.arguments()) + 8;
		}
		else {
			content = "tool".equals(last.role()) ? answerFromTool(last, messages) : answer(requestModel, lastUserText);
			visibleTokens = Math.max(1, tokens(content));
		}
		int reasoningTokens = SimulatedModels.isReasoningModel(requestModel)
				? 64 + 32 * Math.floorMod(lastUserText.hashCode(), 8) : 0;
		Usage usage = usage(messages, tools, visibleTokens + reasoningTokens, reasoningTokens);
		return new Reply(SimulatedModels.responseModel(requestModel), content, toolCall, usage);
	}

	private static Usage usage(List<Message> messages, JsonNode tools, int completionTokens, int reasoningTokens) {
		// Tool definitions are part of the prompt and come first, so they belong to the
		// stable prefix that the provider can cache.
		int prefixTokens = REPLY_PRIMING_TOKENS
				+ ((tools.isArray() && !tools.isEmpty()) ? tokens(tools.toString()) : 0);
		int promptTokens = prefixTokens;
		for (int i = 0; i < messages.size(); i++) {
			int messageTokens = TOKENS_PER_MESSAGE + tokens(messages.get(i).countedText());
			promptTokens += messageTokens;
			if (i < messages.size() - 1) {
				prefixTokens += messageTokens;
			}
		}
		// Everything before the newest message is what a repeated request shares with
		// earlier ones (a long system prompt, the first round of a tool loop): OpenAI
		// serves it from its prompt cache in 128-token blocks once it reaches 1024
		// tokens.
		int cachedTokens = (prefixTokens >= MIN_CACHED_PREFIX) ? (prefixTokens / CACHE_BLOCK) * CACHE_BLOCK : 0;
		return new Usage(promptTokens, cachedTokens, completionTokens, reasoningTokens);
	}

	private static ToolCall toolCall(JsonNode tool, String userText, JsonMapper mapper) {
		JsonNode function = tool.path("function");
		String name = text(function.path("name"));
		ObjectNode arguments = mapper.createObjectNode();
		JsonNode properties = function.path("parameters").path("properties");
		if (properties.isObject()) {
			for (Map.Entry<String, JsonNode> property : properties.properties()) {
				putArgument(arguments, property.getKey(), property.getValue(), userText);
			}
		}
		String json = arguments.toString();
		return new ToolCall("call_" + Integer.toHexString(Math.floorMod((name + json).hashCode(), Integer.MAX_VALUE)),
				name, json);
	}

	private static void putArgument(ObjectNode arguments, String name, JsonNode schema, String userText) {
		JsonNode enumValues = schema.path("enum");
		if (enumValues.isArray() && !enumValues.isEmpty()) {
			arguments.set(name, enumValues.get(0));
			return;
		}
		switch (text(schema.path("type"))) {
			case "integer" -> arguments.put(name, 3);
			case "number" -> arguments.put(name, 2.5);
			case "boolean" -> arguments.put(name, true);
			case "array" -> arguments.putArray(name);
			case "object" -> arguments.putObject(name);
			default -> arguments.put(name,
					pickWord(userText, DEFAULT_ARGUMENT_WORDS.getOrDefault(name.toLowerCase(Locale.ROOT), "Paris")));
		}
	}

	/**
	 * Pick the word a model would most likely pass to a tool: the last run of capitalised
	 * words that do not start a sentence (a place or a name), else the last long word.
	 * @param text the user's message
	 * @param fallback the word to use when the text has none
	 * @return the chosen word or words
	 */
	static String pickWord(String text, String fallback) {
		String properNoun = null;
		String longWord = null;
		int runEnd = -1;
		Matcher matcher = WORD.matcher(text);
		while (matcher.find()) {
			String word = matcher.group();
			if (Character.isUpperCase(word.charAt(0)) && !startsSentence(text, matcher.start())) {
				// Words separated by a single space extend the run ("New York").
				boolean continuesRun = properNoun != null && runEnd == matcher.start() - 1
						&& text.charAt(runEnd) == ' ';
				properNoun = continuesRun ? properNoun + " " + word : word;
				runEnd = matcher.end();
			}
			if (word.length() >= 4) {
				longWord = word;
			}
		}
		if (properNoun != null) {
			return properNoun;
		}
		return (longWord != null) ? longWord : fallback;
	}

	private static boolean startsSentence(String text, int index) {
		for (int i = index - 1; i >= 0; i--) {
			char c = text.charAt(i);
			if (!Character.isWhitespace(c)) {
				return c == '.' || c == '!' || c == '?' || c == ':' || c == '"';
			}
		}
		return true;
	}

	private static String answer(String model, String userText) {
		StringBuilder answer = new StringBuilder("Simulated ").append(model)
			.append(" answer about \"")
			.append(firstWords(userText, 8))
			.append("\": ");
		int seed = userText.hashCode();
		int sentences = 2 + Math.floorMod(userText.length(), 3);
		for (int i = 0; i < sentences; i++) {
			answer.append((i > 0) ? " " : "").append(SENTENCES.get(Math.floorMod(seed + 3 * i, SENTENCES.size())));
		}
		return answer.toString();
	}

	private static String answerFromTool(Message toolMessage, List<Message> messages) {
		String toolName = "the tool";
		for (Message message : messages) {
			if ("assistant".equals(message.role()) && !toolMessage.toolCallId().isEmpty()
					&& message.toolCallIds().contains(toolMessage.toolCallId())) {
				toolName = message.toolCallNames();
			}
		}
		String result = toolMessage.text().strip();
		if (result.length() > 200) {
			result = result.substring(0, 200) + "...";
		}
		return "Based on " + toolName + " (" + result + "), here is my suggestion: start early with the main sight, "
				+ "keep the afternoon flexible, and plan an indoor fallback. "
				+ SENTENCES.get(Math.floorMod(result.hashCode(), SENTENCES.size()));
	}

	private static String firstWords(String text, int count) {
		String[] words = text.strip().split("\\s+");
		if (words.length <= count) {
			return String.join(" ", words);
		}
		return String.join(" ", List.of(words).subList(0, count)) + "...";
	}

	private static List<Message> messages(JsonNode request) {
		List<Message> messages = new ArrayList<>();
		for (JsonNode node : request.path("messages").values()) {
			String role = text(node.path("role"));
			String content = content(node.path("content"));
			StringBuilder counted = new StringBuilder(content);
			StringBuilder toolCallIds = new StringBuilder();
			List<String> toolNames = new ArrayList<>();
			for (JsonNode toolCall : node.path("tool_calls").values()) {
				String name = text(toolCall.path("function").path("name"));
				counted.append(' ').append(name).append(' ').append(text(toolCall.path("function").path("arguments")));
				toolCallIds.append(text(toolCall.path("id"))).append(' ');
				toolNames.add(name);
			}
			messages.add(new Message(role, content, counted.toString(), toolCallIds.toString(),
					text(node.path("tool_call_id")), String.join(", ", toolNames)));
		}
		return messages;
	}

	private static String lastUserText(List<Message> messages) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if ("user".equals(messages.get(i).role())) {
				return messages.get(i).text();
			}
		}
		return "";
	}

	/**
	 * Message content is either a string or an array of typed parts.
	 */
	private static String content(JsonNode content) {
		if (content.isString()) {
			return content.stringValue();
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content.values()) {
			String partText = text(part.path("text"));
			if (!partText.isEmpty()) {
				text.append((text.length() > 0) ? "\n" : "").append(partText);
			}
		}
		return text.toString();
	}

	static String text(JsonNode node) {
		return node.isString() ? node.stringValue() : "";
	}

	/**
	 * A rough token count: OpenAI's tokenizers average about four characters per token on
	 * English text.
	 */
	static int tokens(String text) {
		return (text.length() + 3) / 4;
	}

	/**
	 * One request message as the simulator sees it.
	 *
	 * @param role the role
	 * @param text the message text
	 * @param countedText the text that counts as prompt tokens, including tool call
	 * arguments
	 * @param toolCallIds ids of the tool calls an assistant message made, space separated
	 * @param toolCallId for a tool message, the call it answers
	 * @param toolCallNames names of the tools an assistant message called
	 */
	private record Message(String role, String text, String countedText, String toolCallIds, String toolCallId,
			String toolCallNames) {

		Message(String role, String text, String countedText, String toolCallIds) {
			this(role, text, countedText, toolCallIds, "", "");
		}

	}

	/**
	 * The simulated reply: exactly one of {@code content} and {@code toolCall} is set.
	 *
	 * @param model the (dated) response model
	 * @param content the answer text
	 * @param toolCall the requested tool call
	 * @param usage the usage of this call
	 */
	record Reply(String model, @Nullable String content, @Nullable ToolCall toolCall, Usage usage) {

		String finishReason() {
			return (this.toolCall != null) ? OpenAiWire.TOOL_CALLS : OpenAiWire.STOP;
		}

	}

}
