package dev.llmcost.pricing.source;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import dev.llmcost.pricing.catalog.CatalogFormat;
import org.jspecify.annotations.Nullable;

/**
 * An external price catalog to load: where, in which format, and how often to refresh it.
 *
 * @param location a file path, a {@code file:} or {@code classpath:} location, or an
 * http(s) URL
 * @param format the format of its content
 * @param refreshInterval how often to load it again, or {@code null} to load it once
 * @param timeout how long one load may take before it counts as failed
 * @author llm-cost contributors
 */
public record CatalogSource(String location, CatalogFormat format, @Nullable Duration refreshInterval,
		Duration timeout) {

	/**
	 * Create a source.
	 */
	public CatalogSource {
		Objects.requireNonNull(location, "location must not be null");
		Objects.requireNonNull(format, "format must not be null");
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (location.isBlank()) {
			throw new IllegalArgumentException("location must not be blank");
		}
	}

	/**
	 * Return the location fit for logs, meters and the endpoint: a URL without its query
	 * and user info, which may hold credentials.
	 * @return the location to show
	 */
	public String displayName() {
		if (!isHttp()) {
			return this.location;
		}
		try {
			URI uri = URI.create(this.location);
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
		}
		catch (Exception ex) {
			return "(unparseable URL)";
		}
	}

	boolean isHttp() {
		return this.location.startsWith("http://") || this.location.startsWith("https://");
	}

}
