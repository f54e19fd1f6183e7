package dev.llmcost.springai;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.image.ImageOptions;
import org.springframework.ai.openai.OpenAiImageOptions;
import org.springframework.util.ClassUtils;

/**
 * The name an image generation is priced under: OpenAI bills an image by its model, size
 * and quality, and price catalogs (LiteLLM's, the built-in one) key those prices
 * {@code [quality/]<width>-x-<height>/<model>}, as {@code hd/1024-x-1792/dall-e-3}.
 * <ul>
 * <li>DALL·E 2 has one quality: {@code <W>-x-<H>/dall-e-2}.</li>
 * <li>DALL·E 3 without a size is 1024x1024, without a quality (or {@code auto}) standard,
 * the API's defaults.</li>
 * <li>{@code gpt-image-*} models are keyed only when both size and quality are given and
 * neither is {@code auto}: the size and quality OpenAI chooses are not in Spring AI's
 * response, so such a call keeps the bare model name, which has no price per image.</li>
 * <li>Any other model keeps its name as given.</li>
 * </ul>
 *
 * @author llm-cost contributors
 */
final class ImagePriceKeys {

	private static final boolean OPENAI_PRESENT = ClassUtils
		.isPresent("org.springframework.ai.openai.OpenAiImageOptions", ImagePriceKeys.class.getClassLoader());

	private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

	private static final String AUTO = "auto";

	private static final String DEFAULT_SIZE = "1024x1024";

	private ImagePriceKeys() {
	}

	/**
	 * Return the name to price an image generation under.
	 * @param requested the options of the prompt, or {@code null}
	 * @param defaults the options of the image model the prompt's options are merged
	 * into, or {@code null} if unknown
	 * @return the name, or {@code null} if no model is known
	 */
	static @Nullable String of(@Nullable ImageOptions requested, @Nullable ImageOptions defaults) {
		if (OPENAI_PRESENT && OpenAi.isOpenAi(requested, defaults)) {
			return OpenAi.of(requested, defaults);
		}
		String model = (requested != null) ? requested.getModel() : null;
		if (model == null && defaults != null) {
			model = defaults.getModel();
		}
		String size = size(requested);
		return key(model, (size != null) ? size : size(defaults), null);
	}

	static @Nullable String key(@Nullable String model, @Nullable String size, @Nullable String quality) {
		if (model == null || model.isBlank()) {
			return null;
		}
		String name = model.toLowerCase(Locale.ROOT);
		String lowerQuality = (quality != null) ? quality.toLowerCase(Locale.ROOT) : null;
		if (name.equals("dall-e-2")) {
			String sized = sizeKey((size != null) ? size : DEFAULT_SIZE);
			return (sized != null) ? sized + "/" + model : model;
		}
		if (name.equals("dall-e-3")) {
			String sized = sizeKey((size != null) ? size : DEFAULT_SIZE);
			String level = (lowerQuality == null || lowerQuality.equals(AUTO)) ? "standard" : lowerQuality;
			return (sized != null) ? level + "/" + sized + "/" + model : model;
		}
		if (name.startsWith("gpt-image-")) {
			String sized = (size != null) ? sizeKey(size) : null;
			if (sized == null || lowerQuality == null || lowerQuality.equals(AUTO)) {
				return model;
			}
			return lowerQuality + "/" + sized + "/" + model;
		}
		return model;
	}

	private static @Nullable String sizeKey(String size) {
		Matcher matcher = SIZE.matcher(size.trim().toLowerCase(Locale.ROOT));
		return matcher.matches() ? matcher.group(1) + "-x-" + matcher.group(2) : null;
	}

	private static @Nullable String size(@Nullable ImageOptions options) {
		if (options == null || options.getWidth() == null || options.getHeight() == null) {
			return null;
		}
		return options.getWidth() + "x" + options.getHeight();
	}

	/**
	 * Spring AI's OpenAI options, loaded only when on the class path.
	 */
	private static final class OpenAi {

		static boolean isOpenAi(@Nullable ImageOptions requested, @Nullable ImageOptions defaults) {
			return defaults instanceof OpenAiImageOptions || requested instanceof OpenAiImageOptions;
		}

		/**
		 * Key the options an {@code OpenAiImageModel} sends: the prompt's merged into the
		 * model's as its {@code call} merges them, quirks included (a prompt's
		 * {@code OpenAiImageOptions} always name a model, Spring AI's default one when
		 * not set).
		 */
		static @Nullable String of(@Nullable ImageOptions requested, @Nullable ImageOptions defaults) {
			OpenAiImageOptions options = (defaults instanceof OpenAiImageOptions openAiDefaults)
					? OpenAiImageOptions.builder().from(openAiDefaults).merge(requested).build()
					: (OpenAiImageOptions) requested;
			return key(options.getModel(), options.getSize(), options.getQuality());
		}

	}

}
