package dev.llmcost.usage.estimate;

import java.util.List;
import java.util.Locale;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Counts the tokens of text as a model's tokenizer would, for calls whose provider never
 * reported their usage.
 * <p>
 * With JTokkit on the classpath ({@code com.knuddels:jtokkit}), OpenAI's own encodings
 * are used: {@code o200k_base} for the gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and o-series
 * models, {@code cl100k_base} for gpt-4, gpt-3.5 and the embedding models. Every other
 * model (Claude, Gemini, Mistral, open models) is counted with {@code o200k_base} too, as
 * an approximation: their tokenizers are not published on Maven Central. Without JTokkit,
 * a token is counted per 4 characters, rounded up.
 * <p>
 * A chat prompt also counts {@value #TOKENS_PER_MESSAGE} tokens per message for its role
 * and separators, and {@value #REPLY_PRIMING_TOKENS} that prime the reply, as OpenAI's
 * chat format does.
 * <p>
 * Never throws: text that cannot be encoded is counted by characters.
 *
 * @author llm-cost contributors
 */
public final class TokenEstimator {

	/**
	 * Tokens a chat message costs beyond its text: its role and separators.
	 */
	public static final int TOKENS_PER_MESSAGE = 3;

	/**
	 * Tokens that prime the assistant's reply of a chat prompt.
	 */
	public static final int REPLY_PRIMING_TOKENS = 3;

	/**
	 * The name of the approximation used without a tokenizer.
	 */
	public static final String CHARACTERS = "characters/4";

	private static final int CHARACTERS_PER_TOKEN = 4;

	private static final boolean JTOKKIT_PRESENT = ClassUtils.isPresent("com.knuddels.jtokkit.Encodings",
			TokenEstimator.class.getClassLoader());

	private static final TokenEstimator BY_CHARACTERS = new TokenEstimator(CHARACTERS, null);

	private final String method;

	private final @Nullable Tokenizer tokenizer;

	private TokenEstimator(String method, @Nullable Tokenizer tokenizer) {
		this.method = method;
		this.tokenizer = tokenizer;
	}

	/**
	 * Return the estimator for a model.
	 * @param model the model name, as requested or answered, or {@code null}
	 * @return the estimator
	 */
	public static TokenEstimator forModel(@Nullable String model) {
		return forModel(model, JTOKKIT_PRESENT);
	}

	static TokenEstimator forModel(@Nullable String model, boolean tokenizerAvailable) {
		if (!tokenizerAvailable) {
			return BY_CHARACTERS;
		}
		try {
			return OpenAiEncodings.forModel(model);
		}
		catch (RuntimeException | LinkageError ex) {
			return BY_CHARACTERS;
		}
	}

	/**
	 * Return how this estimator counts.
	 * @return the encoding's name, for example {@code o200k_base}, or
	 * {@value #CHARACTERS}
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Count the tokens of a text.
	 * @param text the text
	 * @return the tokens
	 */
	public long count(String text) {
		if (text.isEmpty()) {
			return 0;
		}
		if (this.tokenizer != null) {
			try {
				return this.tokenizer.count(text);
			}
			catch (RuntimeException ex) {
				// Counted by characters below.
			}
		}
		return byCharacters(text.length());
	}

	/**
	 * Count the tokens of a chat prompt.
	 * @param messages the text of each message
	 * @param tools the text of each tool definition offered to the model
	 * @return the tokens
	 */
	public long countPrompt(List<String> messages, List<String> tools) {
		long tokens = REPLY_PRIMING_TOKENS;
		for (String message : messages) {
			tokens += TOKENS_PER_MESSAGE + count(message);
		}
		for (String tool : tools) {
			tokens += count(tool);
		}
		return tokens;
	}

	/**
	 * Start counting a text that arrives in pieces.
	 * @return the count
	 */
	public StreamedTextTokens newStreamedText() {
		return new StreamedTextTokens(this);
	}

	boolean countsCharacters() {
		return this.tokenizer == null;
	}

	static long byCharacters(long characters) {
		return (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
	}

	/**
	 * OpenAI's encodings, in a class of their own so that the estimator loads without
	 * JTokkit.
	 */
	private static final class OpenAiEncodings {

		private static final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

		private static final String[] CL100K_PREFIXES = { "gpt-4-", "gpt-3.5", "gpt-35", "text-embedding-ada",
				"text-embedding-3" };

		static TokenEstimator forModel(@Nullable String model) {
			Encoding encoding = registry.getEncoding(encodingType(model));
			// Ordinary text: special tokens in a prompt or answer are counted as text.
			return new TokenEstimator(encoding.getName(), encoding::countTokensOrdinary);
		}

		/**
		 * Only the gpt-4 and gpt-3.5 families and the embedding models use
		 * {@code cl100k_base}; newer models and every other provider's are counted with
		 * {@code o200k_base}.
		 */
		private static EncodingType encodingType(@Nullable String model) {
			if (model == null) {
				return EncodingType.O200K_BASE;
			}
			String name = model.toLowerCase(Locale.ROOT);
			int slash = name.lastIndexOf('/');
			if (slash >= 0) {
				name = name.substring(slash + 1);
			}
			if (name.equals("gpt-4")) {
				return EncodingType.CL100K_BASE;
			}
			for (String prefix : CL100K_PREFIXES) {
				if (name.startsWith(prefix)) {
					return EncodingType.CL100K_BASE;
				}
			}
			return EncodingType.O200K_BASE;
		}

	}

	/**
	 * A tokenizer's count of a text.
	 */
	@FunctionalInterface
	private interface Tokenizer {

		int count(String text);

	}

}
