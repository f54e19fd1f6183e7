package dev.llmcost.usage.estimate;

/**
 * The tokens of a text that arrives in pieces, such as a streamed answer, counted as it
 * arrives in bounded memory: at most {@value #MAX_PENDING} characters are kept.
 * <p>
 * A tokenizer counts a word differently when it is cut, so pieces are not counted one by
 * one: they are kept until more than {@value #PENDING_TO_COUNT} characters wait, then
 * counted up to the last space, where tokenizers of the GPT family start a new token (a
 * space begins the next word's token), and dropped. Only text without any space for
 * {@value #MAX_PENDING} characters is cut elsewhere. By characters, only their number is
 * kept.
 * <p>
 * Safe to call from several threads.
 *
 * @author llm-cost contributors
 */
public final class StreamedTextTokens {

	static final int PENDING_TO_COUNT = 2048;

	static final int MAX_PENDING = 8192;

	private final TokenEstimator estimator;

	private final StringBuilder pending = new StringBuilder();

	private long counted;

	private long characters;

	StreamedTextTokens(TokenEstimator estimator) {
		this.estimator = estimator;
	}

	/**
	 * Add a piece of the text.
	 * @param piece the piece
	 */
	public synchronized void append(String piece) {
		if (this.estimator.countsCharacters()) {
			this.characters += piece.length();
			return;
		}
		this.pending.append(piece);
		if (this.pending.length() > PENDING_TO_COUNT) {
			int cut = this.pending.lastIndexOf(" ");
			if (cut <= 0) {
				cut = (this.pending.length() > MAX_PENDING) ? this.pending.length() : -1;
			}
			if (cut > 0) {
				this.counted += this.estimator.count(this.pending.substring(0, cut));
				this.pending.delete(0, cut);
			}
		}
	}

	synchronized int pendingCharacters() {
		return this.pending.length();
	}

	/**
	 * Return the tokens of the text so far.
	 * @return the tokens
	 */
	public synchronized long tokens() {
		if (this.estimator.countsCharacters()) {
			return TokenEstimator.byCharacters(this.characters);
		}
		return this.counted + this.estimator.count(this.pending.toString());
	}

}
