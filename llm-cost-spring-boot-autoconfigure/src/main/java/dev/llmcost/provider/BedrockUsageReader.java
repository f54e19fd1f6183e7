package dev.llmcost.provider;

import java.util.List;

import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.util.ClassUtils;

/**
 * Reads the usage of Amazon Bedrock's Converse API as the AWS SDK reports it
 * ({@code TokenUsage}): {@code inputTokens} excludes the tokens read from and written to
 * the prompt cache, which come beside it as {@code cacheReadInputTokens} and
 * {@code cacheWriteInputTokens}.
 * <p>
 * Spring AI's Converse module passes the cache counts on in its {@link Usage} and keeps
 * the SDK's object as the native usage; a response built by other code (a chat model of
 * one's own over the AWS SDK) may carry the SDK's object only, so the cache counts are
 * read from it when the {@link Usage} lacks them. Cache writes to the one-hour cache are
 * read from {@code cacheDetails} when the native usage still carries them (Spring AI
 * keeps them in a stream's last chunk, not in a call's response); without them every
 * cache write is priced at the five-minute rate.
 *
 * @author llm-cost contributors
 */
final class BedrockUsageReader implements UsageReader {

	private static final boolean SDK_PRESENT = ClassUtils.isPresent(
			"software.amazon.awssdk.services.bedrockruntime.model.TokenUsage",
			BedrockUsageReader.class.getClassLoader());

	@Override
	public TokenUsage read(Usage usage) {
		Long cacheRead = usage.getCacheReadInputTokens();
		Long cacheWrite = usage.getCacheWriteInputTokens();
		Object nativeUsage = usage.getNativeUsage();
		if (SDK_PRESENT && Sdk.isTokenUsage(nativeUsage)) {
			cacheRead = (cacheRead != null) ? cacheRead : Sdk.cacheReadInputTokens(nativeUsage);
			cacheWrite = (cacheWrite != null) ? cacheWrite : Sdk.cacheWriteInputTokens(nativeUsage);
		}
		TokenUsage tokens = TokenUsage.fromExclusive(usage.getPromptTokens(), cacheRead, cacheWrite,
				usage.getCompletionTokens(), null);
		long oneHour = (SDK_PRESENT && tokens.cacheWrite() > 0) ? Sdk.oneHourCacheWrites(nativeUsage) : 0;
		return (oneHour > 0) ? tokens.withCacheWrite1h(oneHour) : tokens;
	}

	/**
	 * AWS SDK access, loaded only when the Bedrock Runtime SDK is on the classpath.
	 */
	private static final class Sdk {

		static boolean isTokenUsage(@Nullable Object nativeUsage) {
			return nativeUsage instanceof software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
		}

		static @Nullable Long cacheReadInputTokens(@Nullable Object nativeUsage) {
			Integer tokens = ((software.amazon.awssdk.services.bedrockruntime.model.TokenUsage) nativeUsage)
				.cacheReadInputTokens();
			return (tokens != null) ? tokens.longValue() : null;
		}

		static @Nullable Long cacheWriteInputTokens(@Nullable Object nativeUsage) {
			Integer tokens = ((software.amazon.awssdk.services.bedrockruntime.model.TokenUsage) nativeUsage)
				.cacheWriteInputTokens();
			return (tokens != null) ? tokens.longValue() : null;
		}

		/**
		 * Return the cache-write tokens written to the one-hour cache, from the usage's
		 * {@code cacheDetails}; 0 when not reported.
		 */
		static long oneHourCacheWrites(@Nullable Object nativeUsage) {
			if (!(nativeUsage instanceof software.amazon.awssdk.services.bedrockruntime.model.TokenUsage usage)
					|| !usage.hasCacheDetails()) {
				return 0;
			}
			long oneHour = 0;
			List<software.amazon.awssdk.services.bedrockruntime.model.CacheDetail> details = usage.cacheDetails();
			for (software.amazon.awssdk.services.bedrockruntime.model.CacheDetail detail : details) {
				if (detail.ttl() == software.amazon.awssdk.services.bedrockruntime.model.CacheTTL.VALUE_1_H
						&& detail.inputTokens() != null) {
					oneHour += Math.max(0, detail.inputTokens());
				}
			}
			return oneHour;
		}

	}

}
