package dev.llmcost.actuate;

import dev.llmcost.ledger.LedgerReport;
import dev.llmcost.ledger.LedgerUnavailableException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.MimeType;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link LlmCostEndpoint}:
 * answers in CSV as well as JSON ({@code Accept: text/csv} or {@code format=csv}), and a
 * request it does not understand with a 400 whose JSON body says why, where Spring Boot
 * would show the reason only with {@code server.error.include-message}.
 *
 * @author llm-cost contributors
 */
@EndpointWebExtension(endpoint = LlmCostEndpoint.class)
public class LlmCostEndpointWebExtension {

	private static final MimeType JSON = new MimeType("application", "json");

	private final LlmCostEndpoint endpoint;

	/**
	 * Create an extension of the given endpoint.
	 * @param endpoint the endpoint
	 */
	public LlmCostEndpointWebExtension(LlmCostEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Return the cost of all features over a period, as JSON or CSV.
	 * @param period the period, or {@code null} for the totals since the start
	 * @param from the start of the period, or {@code null}
	 * @param to the end of the period, or {@code null}
	 * @param step {@code 1h} or {@code 1d} for a time series, or {@code null}
	 * @param format {@code csv} or {@code json}, or {@code null} to follow the
	 * {@code Accept} header
	 * @param accepted the format the {@code Accept} header asks for
	 * @return the report, a 400 saying which parameter is wrong, or a 503 when the ledger
	 * cannot be read now
	 */
	@ReadOperation(producesFrom = LlmCostOutputFormat.class)
	public WebEndpointResponse<?> costs(@Nullable String period, @Nullable String from, @Nullable String to,
			@Nullable String step, @Nullable String format, LlmCostOutputFormat accepted) {
		try {
			LlmCostOutputFormat output = LlmCostOutputFormat.of(format, accepted);
			LedgerReport report = this.endpoint.report(period, from, to, step);
			if (output == LlmCostOutputFormat.CSV) {
				return new WebEndpointResponse<>(this.endpoint.csv(report, null), output.contentType());
			}
			return new WebEndpointResponse<>(this.endpoint.describe(report), output.contentType());
		}
		catch (IllegalArgumentException | InvalidEndpointRequestException ex) {
			return badRequest(ex);
		}
		catch (LedgerUnavailableException ex) {
			return unavailable(ex);
		}
	}

	/**
	 * Return the cost of one feature over a period, as JSON or CSV.
	 * @param feature the feature name
	 * @param period the period, or {@code null} for the totals since the start
	 * @param from the start of the period, or {@code null}
	 * @param to the end of the period, or {@code null}
	 * @param step {@code 1h} or {@code 1d} for a time series, or {@code null}
	 * @param format {@code csv} or {@code json}, or {@code null} to follow the
	 * {@code Accept} header
	 * @param accepted the format the {@code Accept} header asks for
	 * @return the feature's cost, a 404 for a feature without calls in the period, or a
	 * 400 saying which parameter is wrong, or a 503 when the ledger cannot be read now
	 */
	@ReadOperation(producesFrom = LlmCostOutputFormat.class)
	public WebEndpointResponse<?> feature(@Selector String feature, @Nullable String period, @Nullable String from,
			@Nullable String to, @Nullable String step, @Nullable String format, LlmCostOutputFormat accepted) {
		try {
			LlmCostOutputFormat output = LlmCostOutputFormat.of(format, accepted);
			LedgerReport report = this.endpoint.report(period, from, to, step);
			if (report.feature(feature) == null) {
				return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
			}
			if (output == LlmCostOutputFormat.CSV) {
				return new WebEndpointResponse<>(this.endpoint.csv(report, feature), output.contentType());
			}
			return new WebEndpointResponse<>(this.endpoint.describe(report, feature), output.contentType());
		}
		catch (IllegalArgumentException | InvalidEndpointRequestException ex) {
			return badRequest(ex);
		}
		catch (LedgerUnavailableException ex) {
			return unavailable(ex);
		}
	}

	private WebEndpointResponse<ErrorDescriptor> unavailable(LedgerUnavailableException ex) {
		return new WebEndpointResponse<>(
				new ErrorDescriptor(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, "Service Unavailable",
						ex.getMessage() + "; the calls are still counted and will be reported when it can be read."),
				WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, JSON);
	}

	private WebEndpointResponse<ErrorDescriptor> badRequest(RuntimeException ex) {
		String message = (ex instanceof InvalidEndpointRequestException invalid) ? invalid.getReason()
				: ex.getMessage();
		return new WebEndpointResponse<>(new ErrorDescriptor(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request",
				(message != null) ? message : "Bad request"), WebEndpointResponse.STATUS_BAD_REQUEST, JSON);
	}

	/**
	 * Why a request was not understood, in the shape of Spring Boot's error answers.
	 *
	 * @param status the HTTP status
	 * @param error its reason phrase
	 * @param message what was wrong and which values are accepted
	 */
	public record ErrorDescriptor(int status, String error, String message) implements OperationResponseBody {

	}

}
