package dev.llmcost.springai;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.openai.errors.RateLimitException;
import com.openai.models.audio.AudioResponseFormat;
import dev.llmcost.actuate.LlmCostEndpoint;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.AudioReply;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.audio.transcription.AudioTranscriptionPrompt;
import org.springframework.ai.audio.tts.TextToSpeechPrompt;
import org.springframework.ai.openai.OpenAiAudioSpeechModel;
import org.springframework.ai.openai.OpenAiAudioSpeechOptions;
import org.springframework.ai.openai.OpenAiAudioTranscriptionModel;
import org.springframework.ai.openai.OpenAiAudioTranscriptionOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring AI's OpenAI speech and transcription models, as auto-configured by the OpenAI
 * starter and injected by their own classes, over HTTP: each call is an {@code llm.call}
 * under its feature, priced by hand-checked numbers from the built-in catalog: tts-1
 * 0.000015 USD per character (15 per million), whisper-1 0.0001 USD per second (0.006 per
 * minute).
 */
@CostTrackingTest
class OpenAiAudioCostTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	/**
	 * An audio file's bytes, with the multipart body's line ending and a line longer than
	 * any line the scanner keeps.
	 */
	private static final byte[] AUDIO = ("ID3\u0003 not really mp3\r\n" + "x".repeat(5000) + "\r\n--fake\r\n")
		.getBytes(StandardCharsets.ISO_8859_1);

	@Autowired
	private OpenAiAudioSpeechModel speechModel;

	@Autowired
	private OpenAiAudioTranscriptionModel transcriptionModel;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private LlmCostEndpoint endpoint;

	@Autowired
	private MeterRegistry meterRegistry;

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void speechShouldBePricedByTheCharactersOfItsInput() {
		byte[] mp3 = { (byte) 0xFF, (byte) 0xF3, 0x44, (byte) 0xC4, 0x00, 0x01, 0x02 };
		server.enqueueAudio(AudioReply.speech(mp3));
		// 998 + 2 code points, 1,001 UTF-16 chars: the emoji is one character.
		String input = "a".repeat(998) + "\uD83D\uDE00\u00E9";

		byte[] audio = speak("audio-speech", input);

		assertThat(audio).isEqualTo(mp3);
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "audio-speech");
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().units()).isEqualTo(UnitUsage.of(UnitType.CHARACTER, 1000));
		assertThat(feature.totals().tokens()).isEqualTo(TokenUsage.EMPTY);
		// 1,000 x 0.000015 USD
		assertThat(LedgerFeatures.model(this.ledger, "audio-speech", "tts-1").totals().cost())
			.isEqualByComparingTo("0.015");
		assertThat(units("audio-speech", "character")).isEqualTo(1000);
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "audio-speech")
			.tag("gen_ai.operation.name", "text_to_speech")
			.tag("gen_ai.provider.name", "openai")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.endpoint.feature("audio-speech", null, null, null, null).units())
			.isEqualTo(Map.of("character", 1000L));
	}

	@Test
	void verboseTranscriptionShouldBePricedByTheRoundedSecondsOfItsAudio() {
		server.enqueueAudio(AudioReply.verboseTranscription("english", 12.4, "Hello from the meeting."));

		String text = transcribe("audio-transcription", AudioResponseFormat.VERBOSE_JSON);

		assertThat(text).isEqualTo("Hello from the meeting.");
		assertThat(server.audioRequests()).hasSize(1);
		assertThat(contains(server.audioRequests().get(0), AUDIO)).as("the audio sent unchanged").isTrue();
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "audio-transcription");
		assertThat(feature.totals().calls()).isEqualTo(1);
		// 12.4 s billed as 12 s, rounded to the nearest second as OpenAI bills Whisper
		assertThat(feature.totals().units()).isEqualTo(UnitUsage.of(UnitType.SECOND, 12));
		// 12 x 0.0001 USD
		assertThat(LedgerFeatures.model(this.ledger, "audio-transcription", "whisper-1").totals().cost())
			.isEqualByComparingTo("0.0012");
		assertThat(units("audio-transcription", "second")).isEqualTo(12);
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "audio-transcription")
			.tag("gen_ai.operation.name", "audio_transcription")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.endpoint.feature("audio-transcription", null, null, null, null).units())
			.isEqualTo(Map.of("second", 12L));
	}

	@Test
	void jsonTranscriptionShouldBePricedByTheSecondsOfItsUsage() {
		server.enqueueAudio(AudioReply.jsonTranscription("Short note.", 9.5));

		transcribe("audio-transcription-json", AudioResponseFormat.JSON);

		// 9.5 s rounds to 10 s: 10 x 0.0001 USD
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "audio-transcription-json");
		assertThat(feature.totals().units()).isEqualTo(UnitUsage.of(UnitType.SECOND, 10));
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.001");
	}

	@Test
	void textTranscriptionShouldBeRecordedUnpricedForItGivesNoDuration() {
		server.enqueueAudio(AudioReply.textTranscription("Plain text."));

		String text = transcribe("audio-transcription-text", AudioResponseFormat.TEXT);

		assertThat(text).isEqualTo("Plain text.");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "audio-transcription-text");
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().cost()).isEqualByComparingTo("0");
		assertThat(this.ledger.snapshot().unpriced()).extracting(LedgerSnapshot.UnpricedModel::model)
			.contains("whisper-1");
	}

	@Test
	void rateLimitedSpeechShouldReachTheCallerAndBeRecordedAsOneFailedCall() {
		server.enqueueAudio(AudioReply.error(429, "rate_limit_exceeded", "Rate limit reached"));

		assertThatExceptionOfType(RateLimitException.class).isThrownBy(() -> speak("audio-speech-429", "Hello"));

		assertFailedOnce("audio-speech-429", "text_to_speech");
	}

	@Test
	void rateLimitedTranscriptionShouldReachTheCallerAndBeRecordedAsOneFailedCall() {
		server.enqueueAudio(AudioReply.error(429, "rate_limit_exceeded", "Rate limit reached"));

		assertThatExceptionOfType(RateLimitException.class)
			.isThrownBy(() -> transcribe("audio-transcription-429", AudioResponseFormat.VERBOSE_JSON));

		assertFailedOnce("audio-transcription-429", "audio_transcription");
	}

	private void assertFailedOnce(String featureName, String operation) {
		assertThat(server.audioRequests()).as("no retry").hasSize(1);
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, featureName);
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().errors()).isEqualTo(1);
		assertThat(feature.totals().cost()).isEqualByComparingTo("0");
		assertThat(feature.totals().units().isEmpty()).isTrue();
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", featureName)
			.tag("gen_ai.operation.name", operation)
			.tag("error.type", "429")
			.timer()
			.count()).isEqualTo(1);
	}

	private byte[] speak(String feature, String input) {
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of(feature))) {
			return this.speechModel
				.call(new TextToSpeechPrompt(input, OpenAiAudioSpeechOptions.builder().model("tts-1").build()))
				.getResult()
				.getOutput();
		}
	}

	private String transcribe(String feature, AudioResponseFormat format) {
		ByteArrayResource audio = new ByteArrayResource(AUDIO) {

			@Override
			public String getFilename() {
				return "meeting.mp3";
			}

		};
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of(feature))) {
			return this.transcriptionModel
				.call(new AudioTranscriptionPrompt(audio,
						OpenAiAudioTranscriptionOptions.builder().model("whisper-1").responseFormat(format).build()))
				.getResult()
				.getOutput();
		}
	}

	private double units(String feature, String type) {
		return this.meterRegistry.get("llm.units").tag("feature", feature).tag("llm.unit.type", type).counter().count();
	}

	private static boolean contains(byte[] haystack, byte[] needle) {
		return new String(haystack, StandardCharsets.ISO_8859_1)
			.contains(new String(needle, StandardCharsets.ISO_8859_1));
	}

}
