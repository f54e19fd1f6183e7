package dev.llmcost.pricing.source;

import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Opens the content of a {@link CatalogSource} as a stream, bounded in size; the caller
 * bounds it in time and can {@linkplain Download#abort() abort} it from another thread.
 * <p>
 * The location is resolved by the application's {@link ResourceLoader}, with a plain path
 * read as a file relative to the working directory, as Spring Boot reads the paths of SSL
 * bundles, rather than as a classpath or servlet-context resource. HTTP URLs are read
 * with the JDK {@link HttpClient}, which, unlike a {@code UrlResource}'s stream, has
 * connect and request time-outs and a body stream that another thread can close.
 *
 * @author llm-cost contributors
 */
class CatalogFetcher {

	/**
	 * The largest catalog accepted. LiteLLM's full catalog is about 1.5 MB; anything past
	 * this is not a price catalog.
	 */
	static final int MAX_BYTES = 64 * 1024 * 1024;

	/**
	 * The most redirects followed, as the JDK's client follows by default.
	 */
	static final int MAX_REDIRECTS = 5;

	private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

	private final ResourceLoader resourceLoader;

	private final Supplier<HttpClient> httpClient;

	/**
	 * Create a fetcher.
	 * @param resourceLoader resolves locations that are not HTTP URLs
	 * @param httpClient the client for HTTP URLs, which must not follow redirects itself:
	 * credentials must not follow a redirect to another server
	 */
	CatalogFetcher(ResourceLoader resourceLoader, Supplier<HttpClient> httpClient) {
		this.resourceLoader = ApplicationResourceLoader.get(resourceLoader, true);
		this.httpClient = httpClient;
	}

	/**
	 * Prepare a download of a source's content; nothing is read before
	 * {@link Download#open()}.
	 * @param source the source
	 * @return the download
	 */
	Download download(CatalogSource source) {
		return new Download(source);
	}

	/**
	 * Return the value of the {@code Authorization} header built from the user info of an
	 * HTTP source's URL.
	 * @param source the source
	 * @return the header value, or empty if the source has no such user info
	 */
	static Optional<String> basicAuthorization(CatalogSource source) {
		if (!source.isHttp()) {
			return Optional.empty();
		}
		try {
			String userInfo = new URI(source.location()).getUserInfo();
			if (userInfo == null) {
				return Optional.empty();
			}
			// A user id cannot contain ':', so the first one separates the password.
			String credentials = (userInfo.indexOf(':') >= 0) ? userInfo : userInfo + ":";
			return Optional
				.of("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
	}

	/**
	 * One read of a source's content. {@link #open()} and the reads of its stream run on
	 * one thread; {@link #abort()} may be called from another to end them.
	 */
	class Download {

		private final CatalogSource source;

		private final Object monitor = new Object();

		private @Nullable InputStream current;

		private boolean aborted;

		private @Nullable BoundedInputStream content;

		Download(CatalogSource source) {
			this.source = source;
		}

		/**
		 * Open the content.
		 * @return the content; reading past {@link #MAX_BYTES} fails
		 * @throws IOException if it cannot be read, with a message saying why
		 * @throws InterruptedException if interrupted while waiting for an HTTP response
		 */
		InputStream open() throws IOException, InterruptedException {
			InputStream opened = this.source.isHttp() ? openHttp() : openResource();
			BoundedInputStream bounded = new BoundedInputStream(opened);
			this.content = bounded;
			return bounded;
		}

		/**
		 * Return whether the content read was larger than {@link #MAX_BYTES}. A reader
		 * may wrap or hide the exception the stream threw; this does not depend on it.
		 * @return whether the limit was passed
		 */
		boolean exceededLimit() {
			BoundedInputStream bounded = this.content;
			return bounded != null && bounded.exceeded;
		}

		/**
		 * Close the stream being read, if any, which ends a read blocked on it: closing
		 * the body of the JDK client's response cancels the exchange and releases its
		 * connection. A stream opened after this is closed at once.
		 */
		void abort() {
			InputStream stream;
			synchronized (this.monitor) {
				this.aborted = true;
				stream = this.current;
			}
			closeQuietly(stream);
		}

		private InputStream openResource() throws IOException {
			Resource resource = CatalogFetcher.this.resourceLoader.getResource(this.source.location());
			if (resource.isFile()) {
				Path path = resource.getFile().toPath();
				if (!Files.isRegularFile(path)) {
					throw new FileNotFoundException("no file " + path.toAbsolutePath());
				}
				if (Files.size(path) > MAX_BYTES) {
					throw tooLarge("file " + path);
				}
				return inFlight(Files.newInputStream(path));
			}
			return inFlight(resource.getInputStream());
		}

		private InputStream openHttp() throws IOException, InterruptedException {
			URI origin = requestUri(this.source);
			Map<String, String> credentials = new LinkedHashMap<>();
			basicAuthorization(this.source).ifPresent((value) -> credentials.put("Authorization", value));
			credentials.putAll(this.source.headers());
			URI uri = origin;
			for (int redirects = 0;; redirects++) {
				HttpRequest.Builder request = HttpRequest.newBuilder(uri)
					.timeout(this.source.timeout())
					.header("Accept", "application/json")
					.GET();
				// Credentials go to the server of the location only, never to another
				// one a redirect points at. Configured headers replace defaults (Accept).
				if (sameOrigin(origin, uri)) {
					credentials.forEach(request::setHeader);
				}
				HttpResponse<InputStream> response;
				try {
					response = CatalogFetcher.this.httpClient.get()
						.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
				}
				catch (HttpTimeoutException ex) {
					throw new HttpTimeoutException("no complete answer within " + this.source.timeout());
				}
				InputStream body = inFlight(response.body());
				int status = response.statusCode();
				Optional<String> redirect = response.headers().firstValue("Location");
				if (REDIRECTS.contains(status) && redirect.isPresent()) {
					body.close();
					if (redirects == MAX_REDIRECTS) {
						throw new IOException(
								"more than " + MAX_REDIRECTS + " redirects from " + this.source.displayLocation());
					}
					uri = redirectTarget(uri, redirect.get());
					continue;
				}
				if (status != 200) {
					body.close();
					throw new IOException("HTTP " + status + " from " + this.source.displayLocation());
				}
				OptionalLong length = response.headers().firstValueAsLong("Content-Length");
				if (length.isPresent() && length.getAsLong() > MAX_BYTES) {
					body.close();
					throw tooLarge("content");
				}
				return body;
			}
		}

		private URI redirectTarget(URI from, String location) throws IOException {
			URI target;
			try {
				target = from.resolve(new URI(location));
			}
			catch (URISyntaxException | IllegalArgumentException ex) {
				throw new IOException("a redirect from " + this.source.displayLocation() + " to an invalid URL");
			}
			String scheme = Objects.requireNonNullElse(target.getScheme(), "").toLowerCase(Locale.ROOT);
			if (!scheme.equals("http") && !scheme.equals("https")) {
				throw new IOException(
						"a redirect from " + this.source.displayLocation() + " to a location that is " + "not http(s)");
			}
			if (scheme.equals("http") && "https".equalsIgnoreCase(from.getScheme())) {
				throw new IOException("a redirect from " + this.source.displayLocation() + " from https to http");
			}
			if (target.getHost() == null) {
				throw new IOException("a redirect from " + this.source.displayLocation() + " to a URL without host");
			}
			return target;
		}

		private InputStream inFlight(InputStream stream) throws IOException {
			synchronized (this.monitor) {
				if (!this.aborted) {
					this.current = stream;
					return stream;
				}
			}
			stream.close();
			throw new IOException("aborted");
		}

	}

	/**
	 * Return the URL of a source's first request: its location without user info, which
	 * is sent as a header instead.
	 */
	private static URI requestUri(CatalogSource source) throws IOException {
		URI uri;
		try {
			uri = new URI(source.location());
		}
		catch (URISyntaxException ex) {
			throw new IOException("not a valid URL: " + ex.getReason() + " at index " + ex.getIndex());
		}
		if (uri.getHost() == null) {
			throw new IOException("not a valid URL: no valid host name (host names cannot contain '_')");
		}
		StringBuilder withoutUserInfo = new StringBuilder(uri.getScheme().toLowerCase(Locale.ROOT)).append("://")
			.append(uri.getHost());
		if (uri.getPort() != -1) {
			withoutUserInfo.append(':').append(uri.getPort());
		}
		withoutUserInfo.append(Objects.requireNonNullElse(uri.getRawPath(), ""));
		if (uri.getRawQuery() != null) {
			withoutUserInfo.append('?').append(uri.getRawQuery());
		}
		return URI.create(withoutUserInfo.toString());
	}

	private static boolean sameOrigin(URI origin, URI uri) {
		return origin.getScheme().equalsIgnoreCase(uri.getScheme()) && origin.getHost().equalsIgnoreCase(uri.getHost())
				&& port(origin) == port(uri);
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	static IOException tooLarge(String what) {
		return new IOException(what + " is larger than " + MAX_BYTES + " bytes");
	}

	private static void closeQuietly(@Nullable InputStream stream) {
		if (stream != null) {
			try {
				stream.close();
			}
			catch (IOException | RuntimeException ex) {
				// Aborting: the read it ends reports the failure.
			}
		}
	}

	/**
	 * Counts the bytes read and fails past {@link #MAX_BYTES}, so that the content is
	 * never held whole and a hostile server cannot make the parser read without end.
	 */
	private static final class BoundedInputStream extends FilterInputStream {

		private long count;

		private volatile boolean exceeded;

		BoundedInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int read = super.read();
			if (read >= 0) {
				counted(1);
			}
			return read;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = super.read(buffer, offset, length);
			if (read > 0) {
				counted(read);
			}
			return read;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = super.skip(n);
			counted(skipped);
			return skipped;
		}

		@Override
		public boolean markSupported() {
			return false;
		}

		private void counted(long bytes) throws IOException {
			this.count += bytes;
			if (this.count > MAX_BYTES) {
				this.exceeded = true;
				throw tooLarge("content");
			}
		}

	}

}
