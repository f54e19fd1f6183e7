package dev.llmcost.demo.web;

import java.time.Clock;
import java.time.Duration;

import dev.llmcost.budget.LlmBudgetExceededException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers HTTP 429 Too Many Requests, with a {@code Retry-After} header, to any request
 * whose model call a {@code block} budget refused: the model was not called, and the
 * client may try again once the budget resets.
 *
 * @author llm-cost contributors
 */
@RestControllerAdvice
public class BudgetExceededAdvice {

	private static final Log logger = LogFactory.getLog(BudgetExceededAdvice.class);

	private final Clock clock;

	/**
	 * Create the advice.
	 */
	public BudgetExceededAdvice() {
		this(Clock.systemUTC());
	}

	BudgetExceededAdvice(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Report an exhausted budget.
	 * @param ex the refusal, whose message holds only the budget's name and figures
	 * @return the exception's message, as plain text
	 */
	@ExceptionHandler(LlmBudgetExceededException.class)
	public ResponseEntity<String> budgetExceeded(LlmBudgetExceededException ex) {
		logger.info(ex.getMessage());
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(secondsUntil(ex)))
			.contentType(MediaType.TEXT_PLAIN)
			.body(ex.getMessage() + "\n");
	}

	// Retry-After takes whole seconds: round up, so a client that waits them finds the
	// budget reset.
	private long secondsUntil(LlmBudgetExceededException ex) {
		Duration wait = Duration.between(this.clock.instant(), ex.getResetsAt());
		if (wait.isNegative()) {
			return 0;
		}
		return wait.getSeconds() + ((wait.getNano() > 0) ? 1 : 0);
	}

}
