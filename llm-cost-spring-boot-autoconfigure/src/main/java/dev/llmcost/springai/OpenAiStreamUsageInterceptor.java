package dev.llmcost.springai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.provider.LlmProviders;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

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

	/**
	 * The longest event line read; a longer one is content, never the usage chunk, and is
	 * skipped.
	 */
	private static final int MAX_LINE_BYTES = 1024 * 1024;

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
		Response response = chain.proceed(chain.request());
		ResponseBody body = response.body();
		if (body == null || !isEventStream(body.contentType())) {
			return response;
		}
		return response.newBuilder().body(new ScannedBody(body)).build();
	}

	private static boolean isEventStream(@Nullable MediaType contentType) {
		return contentType != null && "text".equals(contentType.type()) && "event-stream".equals(contentType.subtype());
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

	/**
	 * The response body as received, with each line looked at on its way to the SDK.
	 */
	private final class ScannedBody extends ResponseBody {

		private final ResponseBody delegate;

		private final BufferedSource source;

		ScannedBody(ResponseBody delegate) {
			this.delegate = delegate;
			this.source = Okio.buffer(new LineScanner(delegate.source()));
		}

		@Override
		public @Nullable MediaType contentType() {
			return this.delegate.contentType();
		}

		@Override
		public long contentLength() {
			return this.delegate.contentLength();
		}

		@Override
		public BufferedSource source() {
			return this.source;
		}

	}

	/**
	 * Copies the bytes read into a line buffer and hands over each complete line.
	 */
	private final class LineScanner extends ForwardingSource {

		private final Buffer line = new Buffer();

		private boolean failed;

		private boolean tooLong;

		LineScanner(okio.Source delegate) {
			super(delegate);
		}

		@Override
		public long read(Buffer sink, long byteCount) throws IOException {
			long read = super.read(sink, byteCount);
			if (read > 0 && !this.failed) {
				try {
					scan(sink, sink.size() - read, read);
				}
				catch (RuntimeException ex) {
					this.failed = true;
					OpenAiStreamUsageInterceptor.this.recorder.failed("reading the usage of an OpenAI stream", ex);
				}
			}
			return read;
		}

		private void scan(Buffer sink, long offset, long count) {
			long end = offset + count;
			for (long start = offset; start < end;) {
				long newline = sink.indexOf((byte) '\n', start, end);
				long stop = (newline != -1) ? newline : end;
				if (!this.tooLong && this.line.size() + (stop - start) <= MAX_LINE_BYTES) {
					sink.copyTo(this.line, start, stop - start);
				}
				else {
					this.tooLong = true;
					this.line.clear();
				}
				if (newline == -1) {
					return;
				}
				if (!this.tooLong) {
					onLine(this.line.readString(StandardCharsets.UTF_8).strip());
				}
				this.line.clear();
				this.tooLong = false;
				start = newline + 1;
			}
		}

	}

}
