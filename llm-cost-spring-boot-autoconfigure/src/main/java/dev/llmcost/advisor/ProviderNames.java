package dev.llmcost.advisor;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Derives the OpenTelemetry {@code gen_ai.provider.name} of a call from the Spring AI
 * module its chat options come from, since a {@code ChatClient} request does not name its
 * provider.
 *
 * @author llm-cost contributors
 */
final class ProviderNames {

	private static final String UNKNOWN = "unknown";

	// Package of Spring AI's options class → provider name of the OpenTelemetry
	// conventions.
	private static final Map<String, String> BY_PACKAGE = Map.ofEntries(
			Map.entry("org.springframework.ai.openai", "openai"),
			Map.entry("org.springframework.ai.azure.openai", "azure.ai.openai"),
			Map.entry("org.springframework.ai.anthropic", "anthropic"),
			Map.entry("org.springframework.ai.bedrock.converse", "aws.bedrock"),
			Map.entry("org.springframework.ai.vertexai.gemini", "gcp.vertex_ai"),
			Map.entry("org.springframework.ai.google.genai", "gcp.gen_ai"),
			Map.entry("org.springframework.ai.mistralai", "mistral_ai"),
			Map.entry("org.springframework.ai.deepseek", "deepseek"),
			Map.entry("org.springframework.ai.ollama", "ollama"));

	private ProviderNames() {
	}

	static String of(@Nullable Object options) {
		if (options == null) {
			return UNKNOWN;
		}
		String packageName = options.getClass().getPackageName();
		while (!packageName.isEmpty()) {
			String provider = BY_PACKAGE.get(packageName);
			if (provider != null) {
				return provider;
			}
			int dot = packageName.lastIndexOf('.');
			packageName = (dot > 0) ? packageName.substring(0, dot) : "";
		}
		return UNKNOWN;
	}

}
