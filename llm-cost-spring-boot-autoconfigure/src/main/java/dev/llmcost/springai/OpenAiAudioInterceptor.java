package dev.llmcost.springai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.observation.LlmCallObservationContext;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.observation.Observation;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;

/**
 * Records the speech and transcription calls of Spring AI's OpenAI audio models as
 * {@code llm.call}s, one per HTTP exchange, on the thread that makes it: speech billed by
 * the characters of its input, transcription by the seconds of its audio.
 * <p>
 * Spring AI observes neither model, and both are final classes that applications inject
 * by their class, so they cannot be wrapped; their HTTP client, which Spring AI lets
 * applications add interceptors to, sees every call. A retried call is one exchange per
 * attempt, each a call of its own, as the provider counts them. The request and the
 * response reach the SDK byte for byte as they were; reading them never fails the call.
 * <ul>
 * <li>{@code POST .../audio/speech}: the model and the {@code input} text are read from
 * the JSON body (at most {@value #MAX_JSON_BYTES} bytes; OpenAI takes 4,096 characters),
 * and each Unicode code point of the input is one {@code character} unit.</li>
 * <li>{@code POST .../audio/transcriptions}: the model is read from the multipart body as
 * it is sent, keeping only the short lines around its parts, never the audio. The seconds
 * are read from the JSON response: the {@code usage} OpenAI reports for duration-billed
 * models ({@code {"type": "duration", "seconds": 9}}), else the {@code duration} of a
 * {@code verbose_json} answer, rounded to the nearest second as OpenAI bills them. An
 * answer without either (the formats {@code text}, Spring AI's default, {@code srt} and
 * {@code vtt}, or a stream) is recorded unpriced, with a warning logged once.</li>
 * </ul>
 *
 * @author llm-cost contributors
 */
public final class OpenAiAudioInterceptor implements Interceptor {

	/**
	 * The most bytes of a speech request or of a transcription's JSON response read.
	 */
	static final int MAX_JSON_BYTES = 1024 * 1024;

	private static final Log logger = LogFactory.getLog(OpenAiAudioInterceptor.class);

	private final LlmCallRecorder recorder;

	private final AtomicBoolean warnedNoDuration = new AtomicBoolean();

	private OpenAiAudioInterceptor(LlmCallRecorder recorder) {
		this.recorder = recorder;
	}

	/**
	 * Return the customizer that adds the interceptor to the OpenAI HTTP clients Spring
	 * AI builds.
	 * @param recorder where calls are recorded
	 * @return the customizer
	 */
	public static OpenAiHttpClientBuilderCustomizer customizer(LlmCallRecorder recorder) {
		OpenAiAudioInterceptor interceptor = new OpenAiAudioInterceptor(recorder);
		return (builder) -> builder.interceptor(interceptor);
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		Request request = chain.request();
		if (!"POST".equals(request.method()) || request.body() == null) {
			return chain.proceed(request);
		}
		String path = request.url().encodedPath();
		if (path.endsWith("/audio/speech")) {
			return speech(chain, request);
		}
		if (path.endsWith("/audio/transcriptions")) {
			return transcription(chain, request);
		}
		return chain.proceed(request);
	}

	private Response speech(Chain chain, Request request) throws IOException {
		SpeechRequest speech = readSpeech(request.body());
		Observation call = this.recorder.start(AttributionContext.current(), LlmProviders.OPENAI,
				LlmCallObservationContext.TEXT_TO_SPEECH, (speech != null) ? speech.model() : null, null);
		Response response = proceed(chain, request, call);
		if (!response.isSuccessful()) {
			this.recorder.stop(call, CallResult.failed(new ErrorStatus(response.code())));
		}
		else if (speech == null) {
			this.recorder.stopUnpriced(call, noUsage());
		}
		else {
			this.recorder.stop(call, new CallResult(null, null, TokenUsage.EMPTY, null, null,
					UnitUsage.of(UnitType.CHARACTER, speech.characters()), false));
		}
		return response;
	}

	private @Nullable SpeechRequest readSpeech(RequestBody body) {
		try {
			// The SDK's JSON bodies can be written again; a one-shot body is not read.
			long length = body.contentLength();
			if (body.isOneShot() || length < 0 || length > MAX_JSON_BYTES) {
				return null;
			}
			Buffer copy = new Buffer();
			body.writeTo(copy);
			JsonNode json = ObjectMappers.jsonMapper().readTree(copy.readByteArray());
			String model = json.path("model").asText(null);
			String input = json.path("input").asText(null);
			return (input != null) ? new SpeechRequest(model, input.codePointCount(0, input.length())) : null;
		}
		catch (Exception ex) {
			this.recorder.failed("reading an OpenAI speech request", ex);
			return null;
		}
	}

	private Response transcription(Chain chain, Request request) throws IOException {
		Transcription transcription = new Transcription(AttributionContext.current());
		Request scanned = request;
		MediaType contentType = request.body().contentType();
		String boundary = (contentType != null) ? contentType.parameter("boundary") : null;
		if (boundary != null) {
			scanned = request.newBuilder()
				.method(request.method(), new ScannedMultipartBody(request.body(), boundary, transcription))
				.build();
		}
		Response response;
		try {
			response = chain.proceed(scanned);
		}
		catch (IOException | RuntimeException | Error ex) {
			this.recorder.stop(transcription.call(), CallResult.failed(ex));
			throw ex;
		}
		Observation call = transcription.call();
		if (!response.isSuccessful()) {
			this.recorder.stop(call, CallResult.failed(new ErrorStatus(response.code())));
			return response;
		}
		TranscriptionUsage usage = readTranscriptionUsage(response);
		if (usage == null) {
			warnNoDuration();
			this.recorder.stopUnpriced(call, noUsage());
		}
		else {
			this.recorder.stop(call, new CallResult(null, null, usage.tokens(), null, null, usage.units(), false));
		}
		return response;
	}

	private @Nullable TranscriptionUsage readTranscriptionUsage(Response response) {
		ResponseBody body = response.body();
		MediaType type = (body != null) ? body.contentType() : null;
		if (type == null || !"json".equals(type.subtype())) {
			return null;
		}
		try {
			return TranscriptionUsage.read(response.peekBody(MAX_JSON_BYTES).bytes());
		}
		catch (Exception ex) {
			this.recorder.failed("reading an OpenAI transcription response", ex);
			return null;
		}
	}

	private void warnNoDuration() {
		if (this.warnedNoDuration.compareAndSet(false, true)) {
			logger.warn("An OpenAI transcription was answered without the duration of its audio (response format "
					+ "text, srt or vtt, or a stream): such calls are recorded unpriced. Ask for the response format "
					+ "json or verbose_json (spring.ai.openai.audio.transcription.options.response-format) to have "
					+ "them priced by the second.");
		}
	}

	private Response proceed(Chain chain, Request request, Observation call) throws IOException {
		try {
			return chain.proceed(request);
		}
		catch (IOException | RuntimeException | Error ex) {
			this.recorder.stop(call, CallResult.failed(ex));
			throw ex;
		}
	}

	private static CallResult noUsage() {
		return new CallResult(null, null, TokenUsage.EMPTY, null, null);
	}

	private record SpeechRequest(@Nullable String model, long characters) {
	}

	/**
	 * What a transcription's JSON response says was billed.
	 */
	record TranscriptionUsage(TokenUsage tokens, UnitUsage units) {

		/**
		 * Read the top-level {@code usage} and {@code duration} of a transcription; a
		 * response cut at {@link #MAX_JSON_BYTES} gives what came before the cut.
		 * @param json the response, or its beginning
		 * @return the usage, or {@code null} if the response gives none
		 */
		static @Nullable TranscriptionUsage read(byte[] json) throws IOException {
			Double duration = null;
			JsonNode usage = null;
			try (JsonParser parser = ObjectMappers.jsonMapper().createParser(json)) {
				if (parser.nextToken() != JsonToken.START_OBJECT) {
					return null;
				}
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					String field = parser.currentName();
					JsonToken value = parser.nextToken();
					if ("duration".equals(field) && value.isNumeric()) {
						duration = parser.getDoubleValue();
					}
					else if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
						usage = parser.readValueAsTree();
					}
					else {
						parser.skipChildren();
					}
				}
			}
			catch (IOException ex) {
				// cut short: what was read before the cut stands
			}
			if (usage != null && "duration".equals(usage.path("type").asText()) && usage.path("seconds").isNumber()) {
				return seconds(usage.path("seconds").asDouble());
			}
			if (usage != null && "tokens".equals(usage.path("type").asText())) {
				return new TranscriptionUsage(new TokenUsage(usage.path("input_tokens").asLong(), 0, 0,
						usage.path("output_tokens").asLong(), 0), UnitUsage.NONE);
			}
			return (duration != null) ? seconds(duration) : null;
		}

		private static @Nullable TranscriptionUsage seconds(double seconds) {
			if (!Double.isFinite(seconds) || seconds < 0) {
				return null;
			}
			// OpenAI bills Whisper "rounded to the nearest second".
			return new TranscriptionUsage(TokenUsage.EMPTY, UnitUsage.of(UnitType.SECOND, Math.round(seconds)));
		}

	}

	/**
	 * The transcription call, started once its model is known (the SDK sends the model
	 * after the audio) or when the exchange ends without one.
	 */
	private final class Transcription {

		private final @Nullable Attribution attribution;

		private @Nullable Observation call;

		Transcription(@Nullable Attribution attribution) {
			this.attribution = attribution;
		}

		void modelSent(@Nullable String model) {
			if (this.call == null) {
				this.call = OpenAiAudioInterceptor.this.recorder.start(this.attribution, LlmProviders.OPENAI,
						LlmCallObservationContext.AUDIO_TRANSCRIPTION, model, null);
			}
		}

		Observation call() {
			modelSent(null);
			return this.call;
		}

	}

	/**
	 * The multipart request body, written as it was, with the value of its {@code model}
	 * part read on the way: only lines up to {@link MultipartScanner#MAX_LINE} bytes are
	 * kept, so the audio part is never held.
	 */
	private final class ScannedMultipartBody extends RequestBody {

		private final RequestBody delegate;

		private final String boundary;

		private final Transcription transcription;

		ScannedMultipartBody(RequestBody delegate, String boundary, Transcription transcription) {
			this.delegate = delegate;
			this.boundary = boundary;
			this.transcription = transcription;
		}

		@Override
		public @Nullable MediaType contentType() {
			return this.delegate.contentType();
		}

		@Override
		public long contentLength() throws IOException {
			return this.delegate.contentLength();
		}

		@Override
		public boolean isOneShot() {
			return this.delegate.isOneShot();
		}

		@Override
		public boolean isDuplex() {
			return this.delegate.isDuplex();
		}

		@Override
		public void writeTo(BufferedSink sink) throws IOException {
			MultipartScanner scanner = new MultipartScanner(this.boundary, this.transcription::modelSent,
					OpenAiAudioInterceptor.this.recorder);
			BufferedSink scanning = Okio.buffer(new ForwardingSink(sink) {

				@Override
				public void write(Buffer source, long byteCount) throws IOException {
					scanner.scan(source, byteCount);
					super.write(source, byteCount);
				}

			});
			this.delegate.writeTo(scanning);
			scanning.emit();
		}

	}

	/**
	 * Reads the value of the {@code model} part of a multipart body from its bytes as
	 * they go by.
	 */
	static final class MultipartScanner {

		/**
		 * The longest line kept: enough for a delimiter (boundaries are at most 70
		 * characters), a part's headers, and a model name.
		 */
		static final int MAX_LINE = 512;

		private final byte[] delimiter;

		private final Consumer<@Nullable String> onModel;

		private final LlmCallRecorder recorder;

		private final byte[] line = new byte[MAX_LINE];

		private int lineLength;

		private boolean lineTooLong;

		private boolean lastWasCr;

		private boolean inHeaders;

		private boolean modelPart;

		private boolean inModelValue;

		private @Nullable String model;

		private boolean done;

		MultipartScanner(String boundary, Consumer<@Nullable String> onModel, LlmCallRecorder recorder) {
			this.delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
			this.onModel = onModel;
			this.recorder = recorder;
		}

		void scan(Buffer source, long byteCount) {
			if (this.done) {
				return;
			}
			try {
				Buffer copy = new Buffer();
				source.copyTo(copy, 0, byteCount);
				byte[] chunk = new byte[(int) Math.min(8192, byteCount)];
				while (!this.done && !copy.exhausted()) {
					int read = copy.read(chunk, 0, chunk.length);
					for (int i = 0; i < read && !this.done; i++) {
						accept(chunk[i]);
					}
				}
			}
			catch (RuntimeException ex) {
				this.done = true;
				this.recorder.failed("reading the model of an OpenAI transcription request", ex);
			}
		}

		private void accept(byte b) {
			if (b == '\n' && this.lastWasCr) {
				// the line ends before its CR
				this.lineLength = Math.max(0, this.lineLength - 1);
				endLine();
				this.lineLength = 0;
				this.lineTooLong = false;
				this.lastWasCr = false;
				return;
			}
			this.lastWasCr = (b == '\r');
			if (this.lineLength < MAX_LINE) {
				this.line[this.lineLength++] = b;
			}
			else {
				this.lineTooLong = true;
			}
		}

		private void endLine() {
			if (this.lineTooLong) {
				this.inModelValue = false;
				return;
			}
			if (isDelimiter()) {
				if (this.modelPart) {
					found(this.model);
					return;
				}
				this.inHeaders = true;
				this.modelPart = false;
				this.inModelValue = false;
				return;
			}
			String text = new String(this.line, 0, this.lineLength, StandardCharsets.UTF_8);
			if (this.inHeaders) {
				if (text.isEmpty()) {
					this.inHeaders = false;
					this.inModelValue = this.modelPart;
				}
				else if (text.regionMatches(true, 0, "content-disposition:", 0, 20)
						&& text.contains("name=\"model\"")) {
					this.modelPart = true;
				}
			}
			else if (this.inModelValue) {
				this.model = (this.model == null) ? text : this.model + "\r\n" + text;
			}
		}

		private boolean isDelimiter() {
			if (this.lineLength < this.delimiter.length) {
				return false;
			}
			for (int i = 0; i < this.delimiter.length; i++) {
				if (this.line[i] != this.delimiter[i]) {
					return false;
				}
			}
			return true;
		}

		private void found(@Nullable String model) {
			this.done = true;
			this.onModel.accept(model);
		}

	}

	/**
	 * The HTTP status OpenAI answered a failed call with, as the call's error: its
	 * {@code error.type} is the status, {@code 429} for a rate limit. The SDK throws its
	 * own exception to the caller.
	 */
	public static final class ErrorStatus extends RuntimeException {

		private final int statusCode;

		ErrorStatus(int statusCode) {
			super("OpenAI answered HTTP " + statusCode, null, false, false);
			this.statusCode = statusCode;
		}

		/**
		 * Return the HTTP status.
		 * @return the status
		 */
		public int statusCode() {
			return this.statusCode;
		}

	}

}
