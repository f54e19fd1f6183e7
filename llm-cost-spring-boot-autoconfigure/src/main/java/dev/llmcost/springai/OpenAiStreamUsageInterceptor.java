package dev.llmcost.springai;

import java.io.IOException;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.provider.LlmProviders;
import okhttp3.Interceptor;
import okhttp3.Response;

import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;

/**
 * Reads the usage OpenAI sends in the last chunk of a stream, as the bytes go by to the
 * OpenAI SDK, and keeps it in {@link SentStreamUsages} by the response's id.
 * <p>
 * Spring AI aggregates a stream made on its {@code OpenAiChatModel} directly into a
 * response that keeps only the prompt and completion counts, and the model's class is
 * final, so its chunks cannot be kept the way {@link ChatModelStreamInterceptor} keeps
 * other models' chunks. The HTTP client is the one place left that sees them; Spring AI
 * lets applications add interceptors to it for such concerns. The body reaches the SDK
 * byte for byte as it came; reading the usage never fails the stream.
 *
 * @author llm-cost contributors
 */
public final class OpenAiStreamUsageInterceptor implements Interceptor {

	private final SentStreamUsages usages;

	private final LlmCallRecorder recorder;

	private OpenAiStreamUsageInterceptor(SentStreamUsages usages, LlmCallRecorder recorder) {
		this.usages = usages;
		this.recorder = recorder;
	}

	/**
	 * Return the customizer that adds the interceptor to the OpenAI HTTP clients Spring
	 * AI builds.
	 * @param usages where the usage of streams is kept
	 * @param recorder where failures are reported
	 * @return the customizer
	 */
	public static OpenAiHttpClientBuilderCustomizer customizer(SentStreamUsages usages, LlmCallRecorder recorder) {
		OpenAiStreamUsageInterceptor interceptor = new OpenAiStreamUsageInterceptor(usages, recorder);
		return (builder) -> builder.interceptor(interceptor);
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		return EventStreamLines.scan(chain.proceed(chain.request()), this::onLine, this.recorder,
				"reading the usage of an OpenAI stream");
	}

	/**
	 * Read one {@code data:} line of the stream.
	 */
	private void onLine(String line) {
		if (!line.startsWith("data:") || !line.contains("\"usage\"")) {
			return;
		}
		try {
			ChatCompletionChunk chunk = ObjectMappers.jsonMapper()
				.readValue(line.substring(5).strip(), ChatCompletionChunk.class);
			CompletionUsage usage = chunk.usage().orElse(null);
			if (usage != null) {
				int cached = usage.promptTokensDetails()
					.flatMap((details) -> details.cachedTokens())
					.orElse(0L)
					.intValue();
				this.usages.offer(chunk.id(),
						LlmProviders.OPENAI.usageReader()
							.read(new DefaultUsage((int) usage.promptTokens(), (int) usage.completionTokens(),
									(int) usage.totalTokens(), usage, (long) cached, null)));
			}
		}
		catch (Exception ex) {
			this.recorder.failed("reading the usage of an OpenAI stream", ex);
		}
	}

}
