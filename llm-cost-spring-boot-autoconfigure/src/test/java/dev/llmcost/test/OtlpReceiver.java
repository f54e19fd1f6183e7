package dev.llmcost.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A local OTLP/HTTP receiver, as an OpenTelemetry collector would be: it accepts
 * protobuf-encoded metrics on {@code /v1/metrics} and spans on {@code /v1/traces},
 * decodes them with the OpenTelemetry protobuf classes and keeps them for assertions.
 */
public final class OtlpReceiver implements AutoCloseable {

	private static final String PROTOBUF = "application/x-protobuf";

	private final HttpServer server;

	private final List<ExportMetricsServiceRequest> metricRequests = new CopyOnWriteArrayList<>();

	private final List<ExportTraceServiceRequest> traceRequests = new CopyOnWriteArrayList<>();

	private final List<String> rejected = new CopyOnWriteArrayList<>();

	private OtlpReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/metrics", (exchange) -> receive(exchange, (body) -> {
			this.metricRequests.add(ExportMetricsServiceRequest.parseFrom(body));
			return ExportMetricsServiceResponse.getDefaultInstance();
		}));
		this.server.createContext("/v1/traces", (exchange) -> receive(exchange, (body) -> {
			this.traceRequests.add(ExportTraceServiceRequest.parseFrom(body));
			return ExportTraceServiceResponse.getDefaultInstance();
		}));
		this.server.setExecutor(Executors.newFixedThreadPool(2, (runnable) -> {
			Thread thread = new Thread(runnable, "otlp-receiver");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.start();
	}

	/**
	 * Start a receiver on a free port of the loopback interface.
	 * @return the receiver
	 */
	public static OtlpReceiver start() {
		try {
			return new OtlpReceiver();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the value for {@code management.otlp.metrics.export.url}.
	 * @return the metrics URL
	 */
	public String metricsUrl() {
		return baseUrl() + "/v1/metrics";
	}

	/**
	 * Return the value for {@code management.opentelemetry.tracing.export.otlp.endpoint}.
	 * @return the traces URL
	 */
	public String tracesUrl() {
		return baseUrl() + "/v1/traces";
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Return every metric received so far, in order of arrival.
	 * @return the metrics
	 */
	public List<Metric> metrics() {
		return this.metricRequests.stream()
			.flatMap((request) -> request.getResourceMetricsList().stream())
			.flatMap((resource) -> resource.getScopeMetricsList().stream())
			.flatMap((scope) -> scope.getMetricsList().stream())
			.toList();
	}

	/**
	 * Return every span received so far, in order of arrival.
	 * @return the spans
	 */
	public List<Span> spans() {
		return this.traceRequests.stream()
			.flatMap((request) -> request.getResourceSpansList().stream())
			.flatMap((resource) -> resource.getScopeSpansList().stream())
			.flatMap((scope) -> scope.getSpansList().stream())
			.toList();
	}

	/**
	 * Return the requests that could not be decoded or had the wrong content type.
	 * @return a description of each rejected request
	 */
	public List<String> rejected() {
		return List.copyOf(this.rejected);
	}

	/**
	 * Return OTLP attributes as a map of plain strings, whatever their value type.
	 * @param attributes the attributes
	 * @return the attributes by key
	 */
	public static Map<String, String> asMap(List<KeyValue> attributes) {
		Map<String, String> map = new LinkedHashMap<>();
		for (KeyValue attribute : attributes) {
			map.put(attribute.getKey(), asString(attribute.getValue()));
		}
		return map;
	}

	private static String asString(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case INT_VALUE -> Long.toString(value.getIntValue());
			case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
			case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
			default -> value.toString();
		};
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void receive(HttpExchange exchange, Decoder decoder) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readAllBytes();
			String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
			if (!"POST".equals(exchange.getRequestMethod()) || contentType == null
					|| !contentType.startsWith(PROTOBUF)) {
				reject(exchange, exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + contentType);
				return;
			}
			Message response;
			try {
				response = decoder.decode(body);
			}
			catch (IOException ex) {
				reject(exchange, exchange.getRequestURI() + ": " + ex);
				return;
			}
			byte[] bytes = response.toByteArray();
			exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
			exchange.sendResponseHeaders(200, (bytes.length > 0) ? bytes.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private void reject(HttpExchange exchange, String description) throws IOException {
		this.rejected.add(description);
		exchange.sendResponseHeaders(400, -1);
	}

	@FunctionalInterface
	private interface Decoder {

		Message decode(byte[] body) throws IOException;

	}

}
