package dev.llmcost.pricing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.llmcost.provider.LlmProvider;
import dev.llmcost.provider.LlmProviders;

/**
 * The name forms a model name is tried under, and the rule that lets a longer name take a
 * known name's price only when what follows is a version.
 *
 * @author llm-cost contributors
 */
final class ModelNames {

	// Applied in order, each to the result of the previous ones; each change is a form to
	// try.
	private static final List<Pattern> STRIPPED = List.of(
			// a provider or router prefix: openai/gpt-4o, models/gemini-2.5-pro
			Pattern.compile("^.*/"),
			// Bedrock cross-region inference profiles: us.anthropic.claude-...
			Pattern.compile("^(us|eu|apac|global|us-gov|jp|au|ca)\\."),
			// Bedrock model versions: ...-v2:0, ...:0
			Pattern.compile("(-v\\d+(:\\d+)?|:\\d+)$"),
			// Bedrock vendor prefixes: anthropic.claude-..., amazon.nova-...
			Pattern.compile("^(anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|qwen|writer)\\."),
			// Vertex AI snapshot suffixes: claude-3-5-sonnet@20240620
			Pattern.compile("@[0-9-]+$"),
			// dated snapshots: -2024-08-06, -20240806
			Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$"),
			// moving aliases: -latest
			Pattern.compile("-latest$"));

	// What may follow a known name in a longer one that shares its price: a snapshot or
	// preview marker first (never "mini", "pro", "1", ... which name other models).
	private static final Pattern VERSION_REMAINDER = Pattern
		.compile("(\\d{3,}|preview|latest|exp|experimental|beta)(-(\\d+|preview|latest|exp|experimental|beta))*");

	private ModelNames() {
	}

	/**
	 * Return the normalised forms of a lower-case name, most specific first, without the
	 * name itself.
	 * @param name the lower-case name
	 * @return the forms to try after the name itself
	 */
	static List<String> normalizedForms(String name) {
		List<String> forms = new ArrayList<>();
		String form = name;
		for (Pattern pattern : STRIPPED) {
			String stripped = pattern.matcher(form).replaceFirst("");
			if (!stripped.equals(form) && !stripped.isEmpty()) {
				form = stripped;
				forms.add(form);
			}
		}
		return forms;
	}

	/**
	 * Return the provider-specific forms of a name, tried before the name itself: the
	 * name under each of the provider's {@link LlmProvider#catalogPrefixes() catalog
	 * prefixes} (LiteLLM's {@code azure/gpt-4o}, genai-prices' {@code google/...}).
	 * @param provider the provider of the call
	 * @param name the lower-case name
	 * @return the forms, possibly none
	 */
	static List<String> providerForms(String provider, String name) {
		if (name.indexOf('/') >= 0) {
			return List.of();
		}
		LlmProvider descriptor = LlmProviders.named(provider);
		if (descriptor == null || descriptor.catalogPrefixes().isEmpty()) {
			return List.of();
		}
		return descriptor.catalogPrefixes().stream().map((prefix) -> prefix + name).toList();
	}

	/**
	 * Return whether {@code name} may take the price of the shorter {@code known} name:
	 * only when it continues it with a version, as
	 * {@code gemini-2.5-flash-preview-09-2025} continues {@code gemini-2.5-flash}, so
	 * {@code gpt-4o-mini-tts} never takes {@code gpt-4o-mini}'s price and {@code o3-mini}
	 * never takes {@code o3}'s.
	 * @param name the lower-case name
	 * @param known a lower-case catalog name
	 * @return whether the name is a version of the known one
	 */
	static boolean isVersionOf(String name, String known) {
		return name.length() > known.length() + 1 && name.startsWith(known) && name.charAt(known.length()) == '-'
				&& VERSION_REMAINDER.matcher(name.substring(known.length() + 1)).matches();
	}

}
