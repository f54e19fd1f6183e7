package dev.llmcost.pricing.source;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.llmcost.pricing.catalog.CatalogFormat;
import org.jspecify.annotations.Nullable;

/**
 * An external price catalog to load: where, in which format, how often to refresh it, and
 * the name it is reported under.
 *
 * @param name the name it is reported under (logs, meters, the endpoint, health), or
 * {@code null} for its {@linkplain #displayLocation() location without credentials}
 * @param location a file path, a {@code file:} or {@code classpath:} location, or an
 * http(s) URL; user info in a URL is sent as HTTP Basic credentials
 * @param format the format of its content
 * @param refreshInterval how often to load it again, or {@code null} to load it once
 * @param timeout how long one load, download and parsing, may take before it counts as
 * failed
 * @param headers headers sent with each HTTP request, such as {@code Authorization};
 * never shown
 * @author llm-cost contributors
 */
public record CatalogSource(@Nullable String name, String location, CatalogFormat format,
		@Nullable Duration refreshInterval, Duration timeout, Map<String, String> headers) {

	/**
	 * Create a source.
	 */
	public CatalogSource {
		Objects.requireNonNull(location, "location must not be null");
		Objects.requireNonNull(format, "format must not be null");
		Objects.requireNonNull(timeout, "timeout must not be null");
		Objects.requireNonNull(headers, "headers must not be null");
		if (location.isBlank()) {
			throw new IllegalArgumentException("location must not be blank");
		}
		if (name != null && name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		checkHeaders(location, headers);
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

	/**
	 * Create a source named after its location, without headers.
	 * @param location a file path, a {@code file:} or {@code classpath:} location, or an
	 * http(s) URL
	 * @param format the format of its content
	 * @param refreshInterval how often to load it again, or {@code null} to load it once
	 * @param timeout how long one load may take before it counts as failed
	 */
	public CatalogSource(String location, CatalogFormat format, @Nullable Duration refreshInterval, Duration timeout) {
		this(null, location, format, refreshInterval, timeout, Map.of());
	}

	/**
	 * Return the location fit for logs, meters and the endpoint: a URL without its user
	 * info, query and fragment, which may hold credentials, whether or not it is a valid
	 * URL.
	 * @return the location to show
	 */
	public String displayLocation() {
		return CredentialRedactor.displayLocation(this.location);
	}

	// The messages name headers, never their values.
	private static void checkHeaders(String location, Map<String, String> headers) {
		if (headers.isEmpty()) {
			return;
		}
		if (!isHttp(location)) {
			throw new IllegalArgumentException("Headers are sent only to http:// and https:// locations.");
		}
		headers.forEach((header, value) -> {
			Objects.requireNonNull(value, "header values must not be null");
			try {
				HttpRequest.newBuilder().header(header, value);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Header '" + header + "' cannot be sent: its name is not valid or "
						+ "is one the HTTP client sets itself (such as Host or Content-Length), or its value has a "
						+ "line break.");
			}
			if (header.equalsIgnoreCase("Authorization") && CredentialRedactor.hasUserInfo(location)) {
				throw new IllegalArgumentException("Header 'Authorization' and user info in the location both "
						+ "set credentials; keep only one of them.");
			}
		});
	}

	boolean isHttp() {
		return isHttp(this.location);
	}

	private static boolean isHttp(String location) {
		return location.regionMatches(true, 0, "http://", 0, 7) || location.regionMatches(true, 0, "https://", 0, 8);
	}

	/**
	 * Describe the source without its credentials or header values.
	 */
	@Override
	public String toString() {
		return "CatalogSource[name=" + this.name + ", location=" + displayLocation() + ", format=" + this.format
				+ ", refreshInterval=" + this.refreshInterval + ", timeout=" + this.timeout + ", headers="
				+ this.headers.keySet() + "]";
	}

}
