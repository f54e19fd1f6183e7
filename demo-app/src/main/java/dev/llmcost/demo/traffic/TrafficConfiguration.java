package dev.llmcost.demo.traffic;

import dev.llmcost.attribution.LlmAttribution;
import dev.llmcost.demo.feature.DocumentIndexService;
import dev.llmcost.demo.feature.DocumentSummaryService;
import dev.llmcost.demo.feature.SupportChatService;
import dev.llmcost.demo.feature.TicketTriageService;
import dev.llmcost.demo.feature.TripPlannerService;
import dev.llmcost.demo.feature.WeeklyDigestService;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns on steady demo traffic with {@code demo.traffic.enabled=true}. Scheduling is only
 * enabled here, so the demo runs no scheduler when traffic is off.
 *
 * @author llm-cost contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("demo.traffic.enabled")
@EnableScheduling
public class TrafficConfiguration {

	/**
	 * The traffic generator.
	 * @param attribution runs each call for a demo tenant and user
	 * @param summary the {@code document-summary} feature
	 * @param chat the {@code support-chat} feature
	 * @param tripPlanner the {@code trip-planner} feature
	 * @param triage the {@code ticket-triage} feature
	 * @param digest the {@code weekly-digest} feature
	 * @param index the {@code document-index} feature
	 * @param errorEvery make every n-th call fail with a simulated rate limit ({@code 0}:
	 * never)
	 * @return the generator
	 */
	@Bean
	TrafficGenerator trafficGenerator(LlmAttribution attribution, DocumentSummaryService summary,
			SupportChatService chat, TripPlannerService tripPlanner, TicketTriageService triage,
			WeeklyDigestService digest, DocumentIndexService index,
			@Value("${demo.traffic.error-every:0}") int errorEvery) {
		return new TrafficGenerator(attribution, summary, chat, tripPlanner, triage, digest, index, errorEvery);
	}

}
