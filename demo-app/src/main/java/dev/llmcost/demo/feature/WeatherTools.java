package dev.llmcost.demo.feature;

import java.util.List;
import java.util.Locale;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * A tool the trip planner's model can call. The weather is made up, but the same city
 * always gets the same weather, so demo runs are repeatable.
 *
 * @author llm-cost contributors
 */
@Component
public class WeatherTools {

	private static final List<String> CONDITIONS = List.of("sunny", "partly cloudy", "light rain", "windy", "overcast");

	/**
	 * Return the current weather for a city.
	 * @param city the city
	 * @return a one-line weather report
	 */
	@Tool(description = "Returns the current weather for a city")
	public String currentWeather(@ToolParam(description = "The city name, for example Paris") String city) {
		int hash = Math.floorMod(city.strip().toLowerCase(Locale.ROOT).hashCode(), 1000);
		return "%s: %s, %d degrees Celsius".formatted(city.strip(), CONDITIONS.get(hash % CONDITIONS.size()),
				8 + hash % 20);
	}

}
