package dev.llmcost.springai;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.springai.OpenAiAudioInterceptor.MultipartScanner;
import dev.llmcost.springai.OpenAiAudioInterceptor.TranscriptionUsage;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import okio.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * What {@link OpenAiAudioInterceptor} reads of a transcription: the model of the
 * multipart request as its bytes go by, and the billed seconds of the JSON response.
 */
class OpenAiAudioInterceptorTests {

	private static final String MULTIPART = "--b0und\r\n"
			+ "Content-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
			+ "Content-Type: application/octet-stream\r\n\r\n" + "\u0000\u00ff\r" + "y".repeat(3000) + "\r\n--b0\r\n"
			+ "\r\n--b0und\r\n" + "Content-Disposition: form-data; name=\"model\"\r\n\r\n" + "whisper-1\r\n"
			+ "--b0und\r\n" + "Content-Disposition: form-data; name=\"response_format\"\r\n\r\n" + "json\r\n"
			+ "--b0und--\r\n";

	@Test
	void modelShouldBeReadWhereverTheWritesSplitTheBody() {
		byte[] body = MULTIPART.getBytes(StandardCharsets.ISO_8859_1);
		for (int split = 1; split < body.length; split += 7) {
			List<String> models = new ArrayList<>();
			MultipartScanner scanner = new MultipartScanner("b0und", models::add, mock(LlmCallRecorder.class));
			Buffer first = new Buffer().write(body, 0, split);
			Buffer second = new Buffer().write(body, split, body.length - split);
			scanner.scan(first, split);
			scanner.scan(second, body.length - split);
			assertThat(models).as("split at %d", split).containsExactly("whisper-1");
			assertThat(first.size()).as("the bytes are left to be sent").isEqualTo(split);
		}
	}

	@Test
	void usageSecondsShouldBeBilledBeforeTheDuration() throws Exception {
		assertThat(read("{\"text\":\"t\",\"duration\":3.2,\"usage\":{\"type\":\"duration\",\"seconds\":4}}"))
			.isEqualTo(new TranscriptionUsage(TokenUsage.EMPTY, UnitUsage.of(UnitType.SECOND, 4)));
	}

	@Test
	void durationShouldBeRoundedToTheNearestSecond() throws Exception {
		assertThat(read("{\"task\":\"transcribe\",\"duration\":12.5,\"text\":\"t\"}").units())
			.isEqualTo(UnitUsage.of(UnitType.SECOND, 13));
		assertThat(read("{\"duration\":0.4,\"text\":\"t\"}").units()).isEqualTo(UnitUsage.of(UnitType.SECOND, 0));
	}

	@Test
	void durationBeforeACutShouldStand() throws Exception {
		assertThat(read("{\"task\":\"transcribe\",\"duration\":61.6,\"text\":\"a long te").units())
			.isEqualTo(UnitUsage.of(UnitType.SECOND, 62));
	}

	@Test
	void tokenUsageShouldBeReadAsTokens() throws Exception {
		assertThat(read("{\"text\":\"t\",\"usage\":{\"type\":\"tokens\",\"input_tokens\":14,\"output_tokens\":45,"
				+ "\"total_tokens\":59}}"))
			.isEqualTo(new TranscriptionUsage(new TokenUsage(14, 0, 0, 45, 0), UnitUsage.NONE));
	}

	@Test
	void responseWithoutDurationShouldGiveNothing() throws Exception {
		assertThat(read("{\"text\":\"t\"}")).isNull();
		assertThat(read("[1]")).isNull();
	}

	private static TranscriptionUsage read(String json) throws Exception {
		return TranscriptionUsage.read(json.getBytes(StandardCharsets.UTF_8));
	}

}
