package dev.llmcost.actuate;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.util.MimeType;

/**
 * The formats the {@link LlmCostEndpoint llmcost} endpoint answers in over HTTP, chosen
 * from the {@code Accept} header or the {@code format} parameter: JSON under the media
 * types of every actuator endpoint, or CSV.
 *
 * @author llm-cost contributors
 */
public enum LlmCostOutputFormat implements Producible<LlmCostOutputFormat> {

	// Spring Boot picks, among the types a request accepts, the one declared last.

	/**
	 * JSON as {@code application/json}.
	 */
	JSON(new MimeType("application", "json")),

	/**
	 * JSON as version 2 of Spring Boot's actuator media type.
	 */
	ACTUATOR_V2_JSON(new MimeType("application", "vnd.spring-boot.actuator.v2+json")),

	/**
	 * JSON as version 3 of Spring Boot's actuator media type: the default, as for every
	 * actuator endpoint.
	 */
	ACTUATOR_V3_JSON(new MimeType("application", "vnd.spring-boot.actuator.v3+json")) {

		@Override
		public boolean isDefault() {
			return true;
		}

	},

	/**
	 * CSV (RFC 4180), in UTF-8.
	 */
	CSV(new MimeType("text", "csv")) {

		@Override
		MimeType contentType() {
			return new MimeType(getProducedMimeType(), StandardCharsets.UTF_8);
		}

	};

	/**
	 * The values of the {@code format} parameter, for messages.
	 */
	static final String ACCEPTED = "csv or json";

	private final MimeType mimeType;

	LlmCostOutputFormat(MimeType mimeType) {
		this.mimeType = mimeType;
	}

	@Override
	public MimeType getProducedMimeType() {
		return this.mimeType;
	}

	/**
	 * Return the content type of an answer in this format.
	 * @return the content type
	 */
	MimeType contentType() {
		return this.mimeType;
	}

	/**
	 * Return the format a request asks for: its {@code format} parameter, else its
	 * {@code Accept} header.
	 * @param format the {@code format} parameter, or {@code null}
	 * @param accepted the format the {@code Accept} header asks for
	 * @return the format
	 * @throws IllegalArgumentException if the parameter is neither {@code csv} nor
	 * {@code json}
	 */
	static LlmCostOutputFormat of(@Nullable String format, LlmCostOutputFormat accepted) {
		if (format == null) {
			return accepted;
		}
		return switch (format.trim().toLowerCase(Locale.ROOT)) {
			case "csv" -> CSV;
			case "json" -> (accepted != CSV) ? accepted : ACTUATOR_V3_JSON;
			default ->
				throw new IllegalArgumentException("Unknown format '" + shortened(format) + "'; use " + ACCEPTED);
		};
	}

	private static String shortened(String format) {
		String line = format.replaceAll("\\p{Cntrl}", "?");
		return (line.length() <= 20) ? line : line.substring(0, 20) + "...";
	}

}
