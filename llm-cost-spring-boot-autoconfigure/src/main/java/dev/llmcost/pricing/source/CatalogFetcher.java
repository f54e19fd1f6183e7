package dev.llmcost.pricing.source;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Reads the content of a {@link CatalogSource}, bounded in time and size.
 *
 * @author llm-cost contributors
 */
final class CatalogFetcher {

	/**
	 * The largest catalog accepted. LiteLLM's full catalog is about 1.5 MB; anything past
	 * this is not a price catalog.
	 */
	static final int MAX_BYTES = 64 * 1024 * 1024;

	private static final String CLASSPATH = "classpath:";

	private static final String FILE = "file:";

	private final Supplier<HttpClient> httpClient;

	private final ClassLoader classLoader;

	CatalogFetcher(Supplier<HttpClient> httpClient, ClassLoader classLoader) {
		this.httpClient = httpClient;
		this.classLoader = classLoader;
	}

	/**
	 * Read a source's content.
	 * @param source the source
	 * @return the content
	 * @throws IOException if it cannot be read, with a message saying why
	 * @throws InterruptedException if interrupted while waiting for an HTTP response
	 */
	byte[] fetch(CatalogSource source) throws IOException, InterruptedException {
		String location = source.location();
		if (source.isHttp()) {
			return fetchHttp(source);
		}
		if (location.startsWith(CLASSPATH)) {
			String resource = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
			try (InputStream in = this.classLoader.getResourceAsStream(resource)) {
				if (in == null) {
					throw new FileNotFoundException("no classpath resource " + resource);
				}
				return readBounded(in);
			}
		}
		Path path = path(location);
		if (!Files.isRegularFile(path)) {
			throw new FileNotFoundException("no file " + path.toAbsolutePath());
		}
		if (Files.size(path) > MAX_BYTES) {
			throw new IOException("file " + path + " is larger than " + MAX_BYTES + " bytes");
		}
		return Files.readAllBytes(path);
	}

	/**
	 * A {@code file:} URL or a plain path; {@code file:./prices.json} is a relative path,
	 * not a URI.
	 */
	private static Path path(String location) {
		if (!location.startsWith(FILE)) {
			return Path.of(location);
		}
		String rest = location.substring(FILE.length());
		return rest.startsWith("/") ? Path.of(URI.create(location)) : Path.of(rest);
	}

	private byte[] fetchHttp(CatalogSource source) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(source.location()))
			.timeout(source.timeout())
			.header("Accept", "application/json")
			.GET()
			.build();
		HttpResponse<InputStream> response;
		try {
			response = this.httpClient.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (HttpTimeoutException ex) {
			throw new HttpTimeoutException("no complete answer within " + source.timeout());
		}
		try (InputStream body = response.body()) {
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode() + " from " + source.displayName());
			}
			return readBounded(body);
		}
	}

	private static byte[] readBounded(InputStream in) throws IOException {
		byte[] content = in.readNBytes(MAX_BYTES + 1);
		if (content.length > MAX_BYTES) {
			throw new IOException("content is larger than " + MAX_BYTES + " bytes");
		}
		return content;
	}

	static InputStream stream(byte[] content) {
		return new ByteArrayInputStream(content);
	}

}
