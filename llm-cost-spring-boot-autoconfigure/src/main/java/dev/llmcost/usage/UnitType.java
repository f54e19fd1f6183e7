package dev.llmcost.usage;

/**
 * The units a call is billed in besides tokens: images generated, seconds of audio
 * transcribed, characters spoken, requests of a server-side tool. Their
 * {@link #tagValue() tag values} are the values of the {@code llm.unit.type} meter tag
 * and the keys of the {@code units} object of the endpoint's rows.
 *
 * @author llm-cost contributors
 */
public enum UnitType {

	/**
	 * Images generated (or edited): OpenAI's DALL·E models bill each image at a price of
	 * its size and quality.
	 */
	IMAGE("image"),

	/**
	 * Seconds of audio, as speech-to-text models bill them.
	 */
	SECOND("second"),

	/**
	 * Characters of input, as text-to-speech models bill them.
	 */
	CHARACTER("character"),

	/**
	 * Requests billed per request, such as the web searches of Anthropic's server-side
	 * tool.
	 */
	REQUEST("request");

	private final String tagValue;

	UnitType(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the value of the {@code llm.unit.type} tag for this unit.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
