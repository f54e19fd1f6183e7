package dev.llmcost.provider;

import java.util.Map;

import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.util.ClassUtils;

/**
 * Reads Anthropic's usage: input tokens exclude the tokens read from and written to the
 * prompt cache, which are reported beside them. Cache writes go to the five-minute or the
 * one-hour cache, billed at different rates; Anthropic splits
 * {@code cache_creation_input_tokens} by duration in {@code cache_creation}
 * ({@code ephemeral_5m_input_tokens}, {@code ephemeral_1h_input_tokens}), which Spring AI
 * leaves to the Anthropic SDK's native usage object, so the one-hour part is read from
 * there. A response without the split prices all its cache writes at the five-minute
 * rate.
 * <p>
 * Searches made by Anthropic's server-side web search tool are billed per search on top
 * of the tokens; the usage counts them in {@code server_tool_use.web_search_requests},
 * read from the native usage object as {@link UnitType#REQUEST request} units. Web
 * fetches ({@code web_fetch_requests}) cost nothing beyond their tokens and are not
 * counted.
 *
 * @author llm-cost contributors
 */
final class AnthropicUsageReader implements UsageReader {

	private static final boolean SDK_PRESENT = ClassUtils.isPresent("com.anthropic.models.messages.Usage",
			AnthropicUsageReader.class.getClassLoader());

	@Override
	public TokenUsage read(Usage usage) {
		TokenUsage tokens = PROMPT_EXCLUDES_CACHE.read(usage);
		long oneHour = (SDK_PRESENT && tokens.cacheWrite() > 0) ? Sdk.oneHourCacheWrites(usage.getNativeUsage()) : 0;
		return (oneHour > 0) ? tokens.withCacheWrite1h(oneHour) : tokens;
	}

	@Override
	public UnitUsage units(Usage usage) {
		long searches = SDK_PRESENT ? Sdk.webSearchRequests(usage.getNativeUsage()) : 0;
		return (searches > 0) ? UnitUsage.of(UnitType.REQUEST, searches) : UnitUsage.NONE;
	}

	/**
	 * Anthropic SDK access, loaded only when the SDK is on the classpath.
	 */
	private static final class Sdk {

		private static final String CACHE_CREATION = "cache_creation";

		private static final String EPHEMERAL_1H_INPUT_TOKENS = "ephemeral_1h_input_tokens";

		/**
		 * Return the cache-write tokens written to the one-hour cache: from the usage of
		 * a whole message, or from the usage of a stream's {@code message_delta} event,
		 * whose SDK class keeps a {@code cache_creation} object as an additional
		 * property; 0 when not reported.
		 */
		static long oneHourCacheWrites(@Nullable Object nativeUsage) {
			if (nativeUsage instanceof com.anthropic.models.messages.Usage usage) {
				return usage.cacheCreation()
					.flatMap((creation) -> creation._ephemeral1hInputTokens().asKnown())
					.orElse(0L);
			}
			if (nativeUsage instanceof com.anthropic.models.messages.MessageDeltaUsage usage) {
				return fromJson(usage._additionalProperties().get(CACHE_CREATION));
			}
			return 0;
		}

		/**
		 * Return the searches of the server-side web search tool, from the usage of a
		 * whole message or of a stream's {@code message_delta} event; 0 when not
		 * reported.
		 */
		static long webSearchRequests(@Nullable Object nativeUsage) {
			java.util.Optional<com.anthropic.models.messages.ServerToolUsage> serverToolUse;
			if (nativeUsage instanceof com.anthropic.models.messages.Usage usage) {
				serverToolUse = usage.serverToolUse();
			}
			else if (nativeUsage instanceof com.anthropic.models.messages.MessageDeltaUsage usage) {
				serverToolUse = usage.serverToolUse();
			}
			else {
				return 0;
			}
			return serverToolUse.flatMap((tools) -> tools._webSearchRequests().asKnown())
				.map((count) -> Math.max(0, count))
				.orElse(0L);
		}

		private static long fromJson(com.anthropic.core.@Nullable JsonValue cacheCreation) {
			// JsonValue extends the SDK's JsonField raw: its accessors return raw types.
			Object fields = (cacheCreation != null) ? cacheCreation.asObject().orElse(null) : null;
			Object tokens = (fields instanceof Map<?, ?> map) ? map.get(EPHEMERAL_1H_INPUT_TOKENS) : null;
			Object number = (tokens instanceof com.anthropic.core.JsonValue value) ? value.asNumber().orElse(null)
					: null;
			return (number instanceof Number count) ? count.longValue() : 0;
		}

	}

}
