package dev.llmcost.pricing.source;

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

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads the content of a {@link CatalogSource}, bounded in size; the caller bounds it in
 * time.
 * <p>
 * The location is resolved by the application's {@link ResourceLoader}, with a plain path
 * read as a file relative to the working directory, as Spring Boot reads the paths of SSL
 * bundles, rather than as a classpath or servlet-context resource. HTTP URLs are read
 * with the JDK {@link HttpClient}, which, unlike a {@code UrlResource}'s stream, has
 * connect and request time-outs.
 *
 * @author llm-cost contributors
 */
final class CatalogFetcher {

	/**
	 * The largest catalog accepted. LiteLLM's full catalog is about 1.5 MB; anything past
	 * this is not a price catalog.
	 */
	static final int MAX_BYTES = 64 * 1024 * 1024;

	private final ResourceLoader resourceLoader;

	private final Supplier<HttpClient> httpClient;

	CatalogFetcher(ResourceLoader resourceLoader, Supplier<HttpClient> httpClient) {
		this.resourceLoader = ApplicationResourceLoader.get(resourceLoader, true);
		this.httpClient = httpClient;
	}

	/**
	 * Read a source's content.
	 * @param source the source
	 * @return the content
	 * @throws IOException if it cannot be read, with a message saying why
	 * @throws InterruptedException if interrupted while waiting for an HTTP response
	 */
	byte[] fetch(CatalogSource source) throws IOException, InterruptedException {
		Resource resource = this.resourceLoader.getResource(source.location());
		if (source.isHttp()) {
			return fetchHttp(source, resource.getURI());
		}
		if (resource.isFile()) {
			return readFile(resource.getFile().toPath());
		}
		try (InputStream in = resource.getInputStream()) {
			return readBounded(in);
		}
	}

	private static byte[] readFile(Path path) throws IOException {
		if (!Files.isRegularFile(path)) {
			throw new FileNotFoundException("no file " + path.toAbsolutePath());
		}
		if (Files.size(path) > MAX_BYTES) {
			throw new IOException("file " + path + " is larger than " + MAX_BYTES + " bytes");
		}
		return Files.readAllBytes(path);
	}

	private byte[] fetchHttp(CatalogSource source, URI uri) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri)
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

}
