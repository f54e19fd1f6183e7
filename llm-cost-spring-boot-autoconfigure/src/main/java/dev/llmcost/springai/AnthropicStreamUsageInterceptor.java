package dev.llmcost.springai;

import java.io.IOException;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.RawMessageDeltaEvent;
import com.anthropic.models.messages.RawMessageStartEvent;
import com.anthropic.models.messages.Usage;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.provider.UsageReader;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.anthropic.http.okhttp.AnthropicHttpClientBuilderCustomizer;
import org.springframework.ai.chat.metadata.DefaultUsage;

/**
 * Reads the usage of an Anthropic stream as the bytes go by to the Anthropic SDK, and
 * keeps it in {@link SentStreamUsages} by the message's id.
 * <p>
 * Anthropic reports the input and cache counts of a stream in its {@code message_start}
 * event and the output count in its {@code message_delta} event, which may or may not
 * repeat the others. Spring AI makes no chunk of {@code message_start} and keeps only its
 * input count, so a stream whose {@code message_delta} carries only the output count
 * reaches the application without its cache reads and writes. The HTTP client is the one
 * place left that sees them; Spring AI lets applications add interceptors to it for such
 * concerns. The body reaches the SDK byte for byte as it came; reading the usage never
 * fails the stream.
 *
 * @author llm-cost contributors
 */
public final class AnthropicStreamUsageInterceptor implements Interceptor {

	private static final String ACTION = "reading the usage of an Anthropic stream";

	private final SentStreamUsages usages;

	private final LlmCallRecorder recorder;

	AnthropicStreamUsageInterceptor(SentStreamUsages usages, LlmCallRecorder recorder) {
		this.usages = usages;
		this.recorder = recorder;
	}

	/**
	 * Return the customizer that adds the interceptor to the Anthropic HTTP clients
	 * Spring AI builds. Spring AI calls it once for each of a model's two clients.
	 * @param usages where the usage of streams is kept
	 * @param recorder where failures are reported
	 * @return the customizer
	 */
	public static AnthropicHttpClientBuilderCustomizer customizer(SentStreamUsages usages, LlmCallRecorder recorder) {
		AnthropicStreamUsageInterceptor interceptor = new AnthropicStreamUsageInterceptor(usages, recorder);
		return (builder) -> builder.interceptor(interceptor);
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		return EventStreamLines.scan(chain.proceed(chain.request()), new MessageUsage(), this.recorder, ACTION);
	}

	/**
	 * The usage of one streamed message, from its {@code message_start} and
	 * {@code message_delta} events.
	 */
	private final class MessageUsage implements java.util.function.Consumer<String> {

		private @Nullable String messageId;

		private @Nullable Usage start;

		@Override
		public void accept(String line) {
			if (!line.startsWith("data:") || !line.contains("\"usage\"")) {
				return;
			}
			try {
				String json = line.substring(5).strip();
				if (json.contains("\"message_start\"")) {
					RawMessageStartEvent event = ObjectMappers.jsonMapper().readValue(json, RawMessageStartEvent.class);
					this.messageId = event.message().id();
					this.start = event.message().usage();
				}
				else if (json.contains("\"message_delta\"") && this.messageId != null && this.start != null) {
					RawMessageDeltaEvent event = ObjectMappers.jsonMapper().readValue(json, RawMessageDeltaEvent.class);
					offer(this.messageId, this.start, event.usage());
				}
			}
			catch (Exception ex) {
				AnthropicStreamUsageInterceptor.this.recorder.failed(ACTION, ex);
			}
		}

		/**
		 * Keep the counts of {@code message_delta}, completed with those of
		 * {@code message_start} it does not repeat.
		 */
		private void offer(String messageId, Usage start, MessageDeltaUsage delta) {
			long input = delta.inputTokens().orElse(start.inputTokens());
			long output = delta.outputTokens();
			Long cacheRead = delta.cacheReadInputTokens().or(start::cacheReadInputTokens).orElse(null);
			Long cacheWrite = delta.cacheCreationInputTokens().or(start::cacheCreationInputTokens).orElse(null);
			// The split of cache writes by duration: the delta's when it repeats it.
			Object nativeUsage = delta._additionalProperties().containsKey("cache_creation") ? delta : start;
			UsageReader reader = LlmProviders.ANTHROPIC.usageReader();
			// The web searches: message_delta's count is the message's, as its usage is
			// cumulative.
			AnthropicStreamUsageInterceptor.this.usages.offer(messageId,
					reader.read(new DefaultUsage(Math.toIntExact(input), Math.toIntExact(output),
							Math.toIntExact(input + output), nativeUsage, cacheRead, cacheWrite)),
					reader.units(new DefaultUsage(0, 0, 0, delta.serverToolUse().isPresent() ? delta : start)));
		}

	}

}
