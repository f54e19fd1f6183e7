package dev.llmcost.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus server (the {@code prometheus} binary of the Debian package
 * {@code prometheus}) scraping an application's {@code /actuator/prometheus} every
 * second, on a free port with its storage in a temporary directory. It negotiates the
 * exposition format and stores the samples the way it would in production, so queries run
 * on what a real Prometheus makes of the scrape. Close it to stop the process and delete
 * its storage.
 * <p>
 * When the binary is missing the calling test fails in CI ({@code CI=true}) and is
 * skipped elsewhere, as for promtool.
 */
public final class RealPrometheus implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(30);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Path directory;

	private final Process process;

	private final Thread stopOnExit;

	private final URI baseUri;

	private RealPrometheus(Path directory, Process process, int port) {
		this.directory = directory;
		this.process = process;
		this.baseUri = URI.create("http://127.0.0.1:" + port);
		// A test run that ends without closing this (a crashed test JVM) must not leave
		// the process behind.
		this.stopOnExit = new Thread(process::destroyForcibly, "real-prometheus-stop");
		Runtime.getRuntime().addShutdownHook(this.stopOnExit);
	}

	/**
	 * Start Prometheus scraping an application on {@code 127.0.0.1}, and return once it
	 * has scraped it successfully once.
	 * @param applicationPort the application's HTTP port
	 * @return the running server
	 */
	public static RealPrometheus scraping(int applicationPort) throws Exception {
		String binary = PrometheusScrape.installed("prometheus");
		Path directory = Files.createTempDirectory("real-prometheus");
		String config = """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				scrape_configs:
				  - job_name: app
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(applicationPort);
		Files.writeString(directory.resolve("prometheus.yml"), config);
		int port = freePort();
		Process process = new ProcessBuilder(binary, "--config.file=" + directory.resolve("prometheus.yml"),
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("prometheus.log").toFile())
			.start();
		RealPrometheus prometheus = new RealPrometheus(directory, process, port);
		try {
			prometheus.awaitScrapes(1);
			return prometheus;
		}
		catch (Throwable ex) {
			prometheus.close();
			throw ex;
		}
	}

	/**
	 * Run an instant query and return the value of its only sample.
	 * @param promql the query
	 * @return the value ({@code NaN} and infinities included)
	 */
	public double query(String promql) throws Exception {
		JsonNode result = vector(promql);
		assertThat(result.size()).as("samples of %s: %s", promql, result).isEqualTo(1);
		return Double.parseDouble(result.get(0).path("value").get(1).asString());
	}

	/**
	 * Run an instant query and return its samples.
	 * @param promql the query
	 * @return the {@code result} array of the API's answer
	 */
	public JsonNode vector(String promql) throws Exception {
		JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		assertThat(body.path("status").asString()).as("query %s: %s", promql, body).isEqualTo("success");
		assertThat(body.path("data").path("resultType").asString()).as("result of %s", promql).isEqualTo("vector");
		return body.path("data").path("result");
	}

	private void awaitScrapes(int scrapes) throws Exception {
		String successfulScrapes = "sum_over_time(up{job=\"app\"}[1m])";
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(this.process.isAlive()).as("prometheus exited with %s: %s", exitValue(), log()).isTrue();
			if (ready()) {
				JsonNode result = vector(successfulScrapes);
				if (result.size() == 1
						&& Double.parseDouble(result.get(0).path("value").get(1).asString()) >= scrapes) {
					return;
				}
			}
			Thread.sleep(200);
		}
		throw new AssertionError("Prometheus did not scrape the application %d times within %s; targets: %s; log: %s"
			.formatted(scrapes, STARTUP, targets(), log()));
	}

	private boolean ready() throws InterruptedException {
		try {
			HttpRequest request = HttpRequest.newBuilder(this.baseUri.resolve("/-/ready")).build();
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(this.baseUri.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body());
	}

	private String targets() {
		try {
			return get("/api/v1/targets").path("data").path("activeTargets").toString();
		}
		catch (IOException | InterruptedException ex) {
			return ex.toString();
		}
	}

	private String exitValue() {
		return this.process.isAlive() ? "(running)" : Integer.toString(this.process.exitValue());
	}

	private String log() {
		try {
			List<String> lines = Files.readAllLines(this.directory.resolve("prometheus.log"));
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	/**
	 * Stop the process and delete its storage.
	 */
	@Override
	public void close() throws Exception {
		try {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			Runtime.getRuntime().removeShutdownHook(this.stopOnExit);
		}
		finally {
			delete(this.directory);
		}
	}

	private static void delete(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
