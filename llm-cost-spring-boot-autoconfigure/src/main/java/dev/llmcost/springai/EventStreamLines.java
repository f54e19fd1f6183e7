package dev.llmcost.springai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import dev.llmcost.observation.LlmCallRecorder;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * Hands each line of a server-sent event stream to a reader as the bytes go by to the
 * provider's SDK, which gets the body byte for byte as it came: a reader that fails is
 * reported once and no longer called, and the stream goes on.
 *
 * @author llm-cost contributors
 */
final class EventStreamLines {

	/**
	 * The longest event line read; a longer one is content, never a usage event, and is
	 * skipped.
	 */
	private static final int MAX_LINE_BYTES = 1024 * 1024;

	private EventStreamLines() {
	}

	/**
	 * Return the response with its body scanned line by line when it is an event stream,
	 * or the response as it is.
	 * @param response the response
	 * @param reader reads each line of this response, stripped of its line ending
	 * @param recorder where failures are reported
	 * @param action what the reader does, for the failure report
	 * @return the response to hand on
	 */
	static Response scan(Response response, Consumer<String> reader, LlmCallRecorder recorder, String action) {
		ResponseBody body = response.body();
		if (body == null || !isEventStream(body.contentType())) {
			return response;
		}
		return response.newBuilder()
			.body(new ScannedBody(body, new LineScanner(body.source(), reader, recorder, action)))
			.build();
	}

	private static boolean isEventStream(@Nullable MediaType contentType) {
		return contentType != null && "text".equals(contentType.type()) && "event-stream".equals(contentType.subtype());
	}

	/**
	 * The response body as received, with each line looked at on its way to the SDK.
	 */
	private static final class ScannedBody extends ResponseBody {

		private final ResponseBody delegate;

		private final BufferedSource source;

		ScannedBody(ResponseBody delegate, LineScanner scanner) {
			this.delegate = delegate;
			this.source = Okio.buffer(scanner);
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
	private static final class LineScanner extends ForwardingSource {

		private final Buffer line = new Buffer();

		private final Consumer<String> reader;

		private final LlmCallRecorder recorder;

		private final String action;

		private boolean failed;

		private boolean tooLong;

		LineScanner(okio.Source delegate, Consumer<String> reader, LlmCallRecorder recorder, String action) {
			super(delegate);
			this.reader = reader;
			this.recorder = recorder;
			this.action = action;
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
					this.recorder.failed(this.action, ex);
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
					this.reader.accept(this.line.readString(StandardCharsets.UTF_8).strip());
				}
				this.line.clear();
				this.tooLong = false;
				start = newline + 1;
			}
		}

	}

}
