package dev.llmcost.usage.estimate;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accuracy of estimates, as published in {@code docs/metrics-and-tracing.md}: the
 * estimate of each prompt and answer below, with OpenAI's tokenizer and by characters,
 * against the demo simulator's reported usage (one token per 4 characters rounded up, 4
 * per message, 3 priming the reply: {@code ChatCompletionSimulation}). The figures are
 * printed; the assertions bound them.
 */
class EstimateAccuracyTests {

	private static final List<String[]> CALLS = List.of(new String[] { "Summarize this.", "Done." },
			new String[] { "What is the capital of France?", "The capital of France is Paris." },
			new String[] { "Write a haiku about the sea at night, with the moon in it.",
					"Silver moon adrift,\nwaves fold the dark into light,\nthe sea breathes, then sleeps." },
			new String[] {
					"You are a support assistant for an online shop. A customer writes: my parcel was due on Monday "
							+ "and has not arrived; the tracking page shows no update since Friday. What should I do?",
					"I'm sorry your parcel is late. Tracking pages sometimes stop updating while a parcel is in "
							+ "transit between depots. Please wait one more working day; if there is still no update, "
							+ "reply with your order number and we will open an investigation with the carrier and "
							+ "send a replacement or a refund, whichever you prefer." },
			new String[] { "Convert to JSON: name Ada, born 1815, languages English and French.",
					"{\"name\": \"Ada\", \"born\": 1815, \"languages\": [\"English\", \"French\"]}" },
			new String[] { "Explain this code: for (int i = 0; i < n; i++) { sum += a[i] * b[i]; }",
					"It computes the dot product of the arrays a and b over their first n elements, adding each "
							+ "product a[i] * b[i] to sum." },
			new String[] { "Traduis en français : the weather is lovely today and we are going to the beach.",
					"Il fait un temps magnifique aujourd'hui et nous allons à la plage." },
			new String[] { "List the first twenty prime numbers.",
					"2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71" });

	@Test
	void estimatesShouldBeWithinTheirPublishedErrorOfTheSimulatorsCounts() {
		TokenEstimator tokenizer = TokenEstimator.forModel("gpt-4o-mini");
		TokenEstimator characters = TokenEstimator.forModel("gpt-4o-mini", false);
		long simulatedInput = 0;
		long simulatedOutput = 0;
		long tokenizerInput = 0;
		long tokenizerOutput = 0;
		long charactersInput = 0;
		long charactersOutput = 0;
		for (String[] call : CALLS) {
			String prompt = call[0];
			String answer = call[1];
			simulatedInput += (prompt.length() + 3) / 4 + 4 + 3;
			simulatedOutput += Math.max(1, (answer.length() + 3) / 4);
			tokenizerInput += tokenizer.countPrompt(List.of(prompt), List.of());
			tokenizerOutput += streamed(tokenizer, answer);
			charactersInput += characters.countPrompt(List.of(prompt), List.of());
			charactersOutput += streamed(characters, answer);
		}
		double tokenizerInputError = error(tokenizerInput, simulatedInput);
		double tokenizerOutputError = error(tokenizerOutput, simulatedOutput);
		double charactersInputError = error(charactersInput, simulatedInput);
		double charactersOutputError = error(charactersOutput, simulatedOutput);
		System.out.printf(
				"simulator input %d output %d; o200k_base input %d (%+.1f %%) output %d (%+.1f %%); "
						+ "characters/4 input %d (%+.1f %%) output %d (%+.1f %%)%n",
				simulatedInput, simulatedOutput, tokenizerInput, tokenizerInputError, tokenizerOutput,
				tokenizerOutputError, charactersInput, charactersInputError, charactersOutput, charactersOutputError);

		assertThat(Math.abs(tokenizerInputError)).isLessThan(15);
		assertThat(Math.abs(tokenizerOutputError)).isLessThan(15);
		assertThat(Math.abs(charactersInputError)).isLessThan(15);
		assertThat(Math.abs(charactersOutputError)).isLessThan(5);
	}

	/**
	 * Answers arrive in pieces of a few characters, as streamed chunks do.
	 */
	private static long streamed(TokenEstimator estimator, String answer) {
		StreamedTextTokens streamed = estimator.newStreamedText();
		for (int start = 0; start < answer.length(); start += 3) {
			streamed.append(answer.substring(start, Math.min(answer.length(), start + 3)));
		}
		return streamed.tokens();
	}

	private static double error(long estimated, long reported) {
		return 100.0 * (estimated - reported) / reported;
	}

}
