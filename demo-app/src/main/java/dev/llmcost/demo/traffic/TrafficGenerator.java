package dev.llmcost.demo.traffic;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmcost.attribution.LlmAttribution;
import dev.llmcost.demo.feature.DocumentIndexService;
import dev.llmcost.demo.feature.DocumentSummaryService;
import dev.llmcost.demo.feature.SupportChatService;
import dev.llmcost.demo.feature.TicketTriageService;
import dev.llmcost.demo.feature.TripPlannerService;
import dev.llmcost.demo.feature.WeeklyDigestService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Calls the demo features in rotation at a fixed pace ({@code demo.traffic.interval},
 * default 2s), so that meters, the endpoint and dashboards fill up without manual
 * requests. Inputs rotate through fixed samples: the same run produces the same costs.
 * Calls are made for the demo's tenants and users in rotation, so that
 * {@code /actuator/llmcost?by=tenant} and {@code ?by=user} fill up too.
 *
 * @author llm-cost contributors
 */
public class TrafficGenerator {

	private static final Log logger = LogFactory.getLog(TrafficGenerator.class);

	private static final List<String> DOCUMENTS = List.of(
			"Incident 2291: checkout latency doubled for EU customers between 09:10 and 10:40 UTC on Tuesday. "
					+ "A cache node ran out of memory after a configuration change raised the entry limit. "
					+ "The change was reverted and the node replaced; follow-up work on memory alerts is open.",
			"Proposal: replace the nightly CSV export to the data warehouse with an event stream. Data delay "
					+ "drops from one day to five minutes. The batch API alternative was rejected because it "
					+ "still needs a scheduler. Status: proposed, decision at the architecture review on May 4.",
			"Release 3.8 removes the deprecated v1 search endpoint (breaking), fixes a token leak in the "
					+ "audit log (security), and adds saved filters. Teams using v1 search must migrate to v2 "
					+ "before June 30.");

	private static final List<String> QUESTIONS = List.of("How do I rotate an API key without downtime?",
			"Why was my deployment rolled back automatically?", "Can I export my billing data as CSV?");

	private static final List<String> CITIES = List.of("Lisbon", "Kyoto", "Montreal", "Cape Town");

	private static final List<String> TICKETS = List.of(
			"Login page returns 500 for all users in the EU region since 10 minutes.",
			"Please add dark mode to the reporting dashboard.", "Invoice for March shows the wrong VAT number.");

	private static final List<String> TEAMS = List.of("platform", "payments", "search");

	private static final List<String> FEATURE_NAMES = List.of("document-summary", "support-chat", "trip-planner",
			"ticket-triage", "weekly-digest", "document-index");

	/**
	 * The demo's users, each with its tenant: two of {@code acme}, one of {@code globex}.
	 * Their ids are hashed by the starter before anything records them.
	 */
	private static final List<DemoUser> USERS = List.of(new DemoUser("acme", "alice@acme.example"),
			new DemoUser("acme", "bob@acme.example"), new DemoUser("globex", "carol@globex.example"));

	private final LlmAttribution attribution;

	private final DocumentSummaryService summary;

	private final SupportChatService chat;

	private final TripPlannerService tripPlanner;

	private final TicketTriageService triage;

	private final WeeklyDigestService digest;

	private final DocumentIndexService index;

	private final int errorEvery;

	private final AtomicLong calls = new AtomicLong();

	TrafficGenerator(LlmAttribution attribution, DocumentSummaryService summary, SupportChatService chat,
			TripPlannerService tripPlanner, TicketTriageService triage, WeeklyDigestService digest,
			DocumentIndexService index, int errorEvery) {
		this.attribution = attribution;
		this.summary = summary;
		this.chat = chat;
		this.tripPlanner = tripPlanner;
		this.triage = triage;
		this.digest = digest;
		this.index = index;
		this.errorEvery = errorEvery;
	}

	/**
	 * Call the next feature in the rotation.
	 */
	@Scheduled(fixedDelayString = "${demo.traffic.interval:2s}",
			initialDelayString = "${demo.traffic.initial-delay:2s}")
	public void callNextFeature() {
		long call = this.calls.getAndIncrement();
		int round = (int) (call / FEATURE_NAMES.size());
		// The marker makes the simulator answer 429, so error rates have something to
		// show.
		String suffix = (this.errorEvery > 0 && (call + 1) % this.errorEvery == 0) ? " [simulate-429]" : "";
		String feature = FEATURE_NAMES.get((int) (call % FEATURE_NAMES.size()));
		// A user per round, so that every user calls every feature in turn.
		DemoUser user = pick(USERS, round);
		try {
			String result = this.attribution.callAs(user.tenant(), user.id(),
					() -> callFeature(feature, round, suffix));
			logger.info("Traffic: " + feature + " -> " + abbreviate(result));
		}
		catch (RuntimeException ex) {
			// Keep the traffic going: a failed call is part of what the demo shows.
			logger.info("Traffic: " + feature + " failed: " + ex.getMessage());
		}
	}

	private String callFeature(String feature, int round, String suffix) {
		return switch (feature) {
			case "document-summary" -> this.summary.summarize(pick(DOCUMENTS, round) + suffix);
			case "support-chat" -> String.join("",
					this.chat.chat(pick(QUESTIONS, round) + suffix)
						.collectList()
						.blockOptional(Duration.ofMinutes(2))
						.orElse(List.of()));
			case "trip-planner" -> this.tripPlanner.plan(pick(CITIES, round) + suffix);
			case "ticket-triage" -> this.triage.triage(pick(TICKETS, round) + suffix);
			case "weekly-digest" -> this.digest.digest(pick(TEAMS, round) + suffix);
			default -> this.index.index(pick(DOCUMENTS, round)).length + " dimensions";
		};
	}

	private static <T> T pick(List<T> samples, int round) {
		return samples.get(round % samples.size());
	}

	private static String abbreviate(String text) {
		String line = text.replace('\n', ' ');
		return (line.length() <= 100) ? line : line.substring(0, 100) + "...";
	}

	private record DemoUser(String tenant, String id) {

	}

}
