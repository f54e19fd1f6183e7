package dev.llmcost.usage.estimate;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts by OpenAI's encodings and by characters. Expected counts are OpenAI's, written
 * by hand from its tokenizer.
 */
class TokenEstimatorTests {

	@Test
	void gpt4oFamilyAndNewerModelsShouldBeCountedWithO200k() {
		for (String model : List.of("gpt-4o-mini-2024-07-18", "gpt-4o", "gpt-4.1-nano", "gpt-5", "o4-mini", "o3",
				"openai/gpt-4o")) {
			assertThat(TokenEstimator.forModel(model).method()).as(model).isEqualTo("o200k_base");
		}
	}

	@Test
	void gpt4AndGpt35AndEmbeddingModelsShouldBeCountedWithCl100k() {
		for (String model : List.of("gpt-4", "gpt-4-turbo", "gpt-4-0613", "gpt-3.5-turbo", "text-embedding-3-small",
				"text-embedding-ada-002")) {
			assertThat(TokenEstimator.forModel(model).method()).as(model).isEqualTo("cl100k_base");
		}
	}

	@Test
	void otherProvidersModelsShouldBeApproximatedWithO200k() {
		assertThat(TokenEstimator.forModel("claude-sonnet-4-5").method()).isEqualTo("o200k_base");
		assertThat(TokenEstimator.forModel("gemini-2.5-flash").method()).isEqualTo("o200k_base");
		assertThat(TokenEstimator.forModel(null).method()).isEqualTo("o200k_base");
	}

	@Test
	void textShouldBeCountedAsTheTokenizerDoes() {
		TokenEstimator estimator = TokenEstimator.forModel("gpt-4o");

		assertThat(estimator.count("Count to three")).isEqualTo(3);
		assertThat(estimator.count("one")).isEqualTo(1);
		assertThat(estimator.count("")).isZero();
	}

	@Test
	void specialTokensInTextShouldBeCountedAsTextWithoutFailing() {
		assertThat(TokenEstimator.forModel("gpt-4o").count("<|endoftext|>")).isGreaterThan(1);
	}

	@Test
	void promptShouldCountThreeTokensPerMessageAndThreeForTheReply() {
		TokenEstimator estimator = TokenEstimator.forModel("gpt-4o");

		// (3 + 3) + (3 + 1) + 3
		assertThat(estimator.countPrompt(List.of("Count to three", "one"), List.of())).isEqualTo(13);
	}

	@Test
	void withoutTheTokenizerTextShouldBeCountedAsOneTokenPerFourCharactersRoundedUp() {
		TokenEstimator estimator = TokenEstimator.forModel("gpt-4o", false);

		assertThat(estimator.method()).isEqualTo("characters/4");
		assertThat(estimator.count("Count to three")).isEqualTo(4);
		assertThat(estimator.count("one")).isEqualTo(1);
		// (3 + 4) + 3
		assertThat(estimator.countPrompt(List.of("Count to three"), List.of())).isEqualTo(10);
	}

	@Test
	void textStreamedInPiecesShouldCountAsTheWholeText() {
		TokenEstimator estimator = TokenEstimator.forModel("gpt-4o");
		StreamedTextTokens streamed = estimator.newStreamedText();
		StringBuilder whole = new StringBuilder();
		for (int i = 0; i < 3000; i++) {
			String piece = (i % 2 == 0) ? " hello" : " world";
			streamed.append(piece);
			whole.append(piece);
		}

		// " hello" and " world" are one token each.
		assertThat(streamed.tokens()).isEqualTo(3000);
		assertThat(estimator.count(whole.toString())).isEqualTo(3000);
	}

	@Test
	void textStreamedWithoutTheTokenizerShouldCountItsCharactersOnce() {
		StreamedTextTokens streamed = TokenEstimator.forModel("gpt-4o", false).newStreamedText();
		streamed.append("one");
		streamed.append(" two");
		streamed.append(" three");

		// 13 characters
		assertThat(streamed.tokens()).isEqualTo(4);
	}

	@Test
	void streamedTextShouldKeepAtMostItsCapOfCharacters() {
		StreamedTextTokens streamed = TokenEstimator.forModel("gpt-4o").newStreamedText();
		for (int i = 0; i < 100_000; i++) {
			streamed.append("x");
		}

		assertThat(streamed.pendingCharacters()).isLessThanOrEqualTo(StreamedTextTokens.MAX_PENDING + 1);
		assertThat(streamed.tokens()).isPositive();
	}

}
