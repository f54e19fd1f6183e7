package dev.llmcost.demo.feature;

import dev.llmcost.annotation.LlmFeature;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

/**
 * Plans a day trip with a tool-calling loop: the {@code trip-planner} feature on the
 * reasoning model {@code o4-mini}.
 * <p>
 * One {@link #plan} makes two model calls (the model asks for the weather, then answers
 * with the tool result); each is recorded with its own usage.
 *
 * @author llm-cost contributors
 */
@Service
public class TripPlannerService {

	/**
	 * The model this feature uses.
	 */
	public static final String MODEL = "o4-mini";

	private final ChatClient chatClient;

	private final WeatherTools weatherTools;

	/**
	 * Create the service.
	 * @param builder the auto-configured builder, which carries the cost advisor
	 * @param weatherTools the tool offered to the model
	 */
	public TripPlannerService(ChatClient.Builder builder, WeatherTools weatherTools) {
		this.chatClient = builder
			.defaultSystem("You plan relaxed one-day city trips. Always check the current weather with the "
					+ "currentWeather tool before you suggest anything, and adapt the plan to it.")
			.defaultOptions(OpenAiChatOptions.builder().model(MODEL))
			.build();
		this.weatherTools = weatherTools;
	}

	/**
	 * Plan a one-day trip.
	 * @param city the destination
	 * @return the plan
	 */
	@LlmFeature("trip-planner")
	public String plan(String city) {
		String plan = this.chatClient.prompt()
			.user("Plan a relaxed one-day trip to " + StringUtils.capitalize(city.strip())
					+ ". Check the current weather first.")
			.tools(this.weatherTools)
			.call()
			.content();
		return (plan != null) ? plan : "";
	}

}
