package dev.llmcost.demo.web;

import com.openai.errors.OpenAIException;
import dev.llmcost.demo.feature.DocumentIndexService;
import dev.llmcost.demo.feature.DocumentSummaryService;
import dev.llmcost.demo.feature.ReplyDraftService;
import dev.llmcost.demo.feature.SupportChatService;
import dev.llmcost.demo.feature.TicketTriageService;
import dev.llmcost.demo.feature.TripPlannerService;
import dev.llmcost.demo.feature.WeeklyDigestService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST endpoints that trigger the demo features; see the demo's README for curl lines.
 *
 * @author llm-cost contributors
 */
@RestController
public class DemoController {

	private static final Log logger = LogFactory.getLog(DemoController.class);

	private final DocumentSummaryService summaryService;

	private final SupportChatService chatService;

	private final TripPlannerService tripPlannerService;

	private final TicketTriageService triageService;

	private final WeeklyDigestService digestService;

	private final DocumentIndexService indexService;

	private final ReplyDraftService replyDraftService;

	/**
	 * Create the controller.
	 * @param summaryService the {@code document-summary} feature
	 * @param chatService the {@code support-chat} feature
	 * @param tripPlannerService the {@code trip-planner} feature
	 * @param triageService the {@code ticket-triage} feature
	 * @param digestService the {@code weekly-digest} feature
	 * @param indexService the {@code document-index} feature
	 * @param replyDraftService the {@code reply-draft} feature
	 */
	public DemoController(DocumentSummaryService summaryService, SupportChatService chatService,
			TripPlannerService tripPlannerService, TicketTriageService triageService, WeeklyDigestService digestService,
			DocumentIndexService indexService, ReplyDraftService replyDraftService) {
		this.summaryService = summaryService;
		this.chatService = chatService;
		this.tripPlannerService = tripPlannerService;
		this.triageService = triageService;
		this.digestService = digestService;
		this.indexService = indexService;
		this.replyDraftService = replyDraftService;
	}

	/**
	 * Summarise the posted text.
	 * @param text the document
	 * @return the summary
	 */
	@PostMapping(path = "/summary", produces = MediaType.TEXT_PLAIN_VALUE)
	public String summary(@RequestBody String text) {
		return this.summaryService.summarize(text);
	}

	/**
	 * Stream a support answer as server-sent events.
	 * @param message the question
	 * @return the answer, piece by piece
	 */
	@GetMapping(path = "/chat", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public Flux<String> chat(@RequestParam String message) {
		return this.chatService.chat(message);
	}

	/**
	 * Plan a day trip (two model calls around a tool call).
	 * @param city the destination
	 * @return the plan
	 */
	@GetMapping(path = "/trip", produces = MediaType.TEXT_PLAIN_VALUE)
	public String trip(@RequestParam(defaultValue = "Lisbon") String city) {
		return this.tripPlannerService.plan(city);
	}

	/**
	 * Classify the posted ticket.
	 * @param ticket the ticket text
	 * @return priority, team and reason
	 */
	@PostMapping(path = "/triage", produces = MediaType.TEXT_PLAIN_VALUE)
	public String triage(@RequestBody String ticket) {
		return this.triageService.triage(ticket);
	}

	/**
	 * Write a weekly digest for a team.
	 * @param team the team
	 * @return the digest
	 */
	@GetMapping(path = "/digest", produces = MediaType.TEXT_PLAIN_VALUE)
	public String digest(@RequestParam(defaultValue = "platform") String team) {
		return this.digestService.digest(team);
	}

	/**
	 * Embed the posted text.
	 * @param text the document
	 * @return the number of dimensions of its vector
	 */
	@PostMapping(path = "/index", produces = MediaType.TEXT_PLAIN_VALUE)
	public String index(@RequestBody String text) {
		return this.indexService.index(text).length + " dimensions\n";
	}

	/**
	 * Draft a reply to the posted email. Its feature has a daily budget: once spent, the
	 * answer is 429 ({@link BudgetExceededAdvice}).
	 * @param email the customer's email
	 * @return the draft
	 */
	@PostMapping(path = "/reply", produces = MediaType.TEXT_PLAIN_VALUE)
	public String reply(@RequestBody String email) {
		return this.replyDraftService.draft(email);
	}

	/**
	 * Report a failed model call (for example a simulated rate limit, after the OpenAI
	 * client's own retries) as a bad gateway: the failure is upstream, and the starter
	 * has counted it as an error.
	 * @param ex the failure
	 * @return a short plain-text explanation
	 */
	@ExceptionHandler(OpenAIException.class)
	public ResponseEntity<String> modelCallFailed(OpenAIException ex) {
		logger.info("Model call failed: " + ex);
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
			.contentType(MediaType.TEXT_PLAIN)
			.body("Model call failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage() + "\n");
	}

}
