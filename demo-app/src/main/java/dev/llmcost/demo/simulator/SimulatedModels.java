package dev.llmcost.demo.simulator;

import java.util.Locale;
import java.util.Map;

/**
 * What the simulator knows about OpenAI model names.
 *
 * @author llm-cost contributors
 */
final class SimulatedModels {

	/**
	 * Request name to the dated snapshot name OpenAI answers with. The response model
	 * differs from the request model on the real API too, and the starter must price the
	 * dated name: the demo shows that it does.
	 */
	private static final Map<String, String> DATED_NAMES = Map.ofEntries(Map.entry("gpt-4o", "gpt-4o-2024-08-06"),
			Map.entry("gpt-4o-mini", "gpt-4o-mini-2024-07-18"), Map.entry("gpt-4.1", "gpt-4.1-2025-04-14"),
			Map.entry("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"), Map.entry("gpt-4.1-nano", "gpt-4.1-nano-2025-04-14"),
			Map.entry("o3", "o3-2025-04-16"), Map.entry("o3-mini", "o3-mini-2025-01-31"),
			Map.entry("o4-mini", "o4-mini-2025-04-16"), Map.entry("gpt-5", "gpt-5-2025-08-07"),
			Map.entry("gpt-5-mini", "gpt-5-mini-2025-08-07"), Map.entry("gpt-5-nano", "gpt-5-nano-2025-08-07"));

	private SimulatedModels() {
	}

	/**
	 * Return the model name a response carries for a requested model: the dated snapshot
	 * for known aliases, the request name otherwise (already dated names, fine-tunes,
	 * embedding models).
	 * @param requestModel the model named in the request
	 * @return the response model name
	 */
	static String responseModel(String requestModel) {
		return DATED_NAMES.getOrDefault(requestModel, requestModel);
	}

	/**
	 * Whether the model spends reasoning tokens, which OpenAI reports inside
	 * {@code completion_tokens}.
	 * @param model the requested model name
	 * @return {@code true} for o-series and gpt-5 models
	 */
	static boolean isReasoningModel(String model) {
		String name = model.toLowerCase(Locale.ROOT);
		return name.startsWith("o1") || name.startsWith("o3") || name.startsWith("o4") || name.startsWith("gpt-5");
	}

}
