package dev.llmcost.demo.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.llmcost.budget.LlmBudgetExceededException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link BudgetExceededAdvice}.
 *
 * @author llm-cost contributors
 */
class BudgetExceededAdviceTests {

	private static final Instant NOW = Instant.parse("2026-12-03T21:59:59.500Z");

	private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new RefusedController())
		.setControllerAdvice(new BudgetExceededAdvice(Clock.fixed(NOW, ZoneOffset.UTC)))
		.build();

	@Test
	void budgetExceededShouldAnswerTooManyRequestsWithTheMessageAndRetryAfter() throws Exception {
		this.mvc.perform(get("/refused").accept(MediaType.TEXT_PLAIN))
			.andExpect(status().isTooManyRequests())
			// 2 hours and half a second to the reset: rounded up to whole seconds.
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "7201"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
			.andExpect(content().string("LLM budget 'reply-draft-daily' is exhausted: spent 0.001952 of 0.0017 USD "
					+ "(period day); calls resume at 2026-12-04T00:00:00Z\n"));
	}

	@Test
	void budgetExceededWhenResetHasPassedShouldAnswerRetryAfterZero() throws Exception {
		this.mvc.perform(get("/refused-late"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "0"));
	}

	@RestController
	static class RefusedController {

		@GetMapping(path = "/refused", produces = MediaType.TEXT_PLAIN_VALUE)
		String refused() {
			throw new LlmBudgetExceededException("reply-draft-daily", new BigDecimal("0.0017"),
					new BigDecimal("0.001952"), "USD", "day", Instant.parse("2026-12-04T00:00:00Z"));
		}

		@GetMapping("/refused-late")
		String refusedLate() {
			throw new LlmBudgetExceededException("reply-draft-daily", new BigDecimal("0.0017"),
					new BigDecimal("0.001952"), "USD", "day", NOW.minusSeconds(1));
		}

	}

}
