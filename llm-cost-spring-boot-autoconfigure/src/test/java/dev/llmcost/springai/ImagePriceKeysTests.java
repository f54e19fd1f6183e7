package dev.llmcost.springai;

import org.junit.jupiter.api.Test;

import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.openai.OpenAiImageOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names image generations are priced under, as the built-in catalog and LiteLLM key
 * OpenAI's prices per image.
 */
class ImagePriceKeysTests {

	@Test
	void dallE2ShouldBeKeyedBySizeOnly() {
		assertThat(ImagePriceKeys.key("dall-e-2", "512x512", "standard")).isEqualTo("512-x-512/dall-e-2");
	}

	@Test
	void dallEWithoutSizeShouldTakeTheApiDefaultSize() {
		assertThat(ImagePriceKeys.key("dall-e-2", null, null)).isEqualTo("1024-x-1024/dall-e-2");
		assertThat(ImagePriceKeys.key("dall-e-3", null, "hd")).isEqualTo("hd/1024-x-1024/dall-e-3");
	}

	@Test
	void dallE3WithoutQualityOrWithAutoShouldBeStandard() {
		assertThat(ImagePriceKeys.key("dall-e-3", "1792x1024", null)).isEqualTo("standard/1792-x-1024/dall-e-3");
		assertThat(ImagePriceKeys.key("dall-e-3", "1792x1024", "auto")).isEqualTo("standard/1792-x-1024/dall-e-3");
	}

	@Test
	void gptImageShouldBeKeyedOnlyWithAnExplicitQualityAndSize() {
		assertThat(ImagePriceKeys.key("gpt-image-1", "1024x1536", "High")).isEqualTo("high/1024-x-1536/gpt-image-1");
		assertThat(ImagePriceKeys.key("gpt-image-1", "auto", "high")).isEqualTo("gpt-image-1");
		assertThat(ImagePriceKeys.key("gpt-image-1", "1024x1536", "auto")).isEqualTo("gpt-image-1");
		assertThat(ImagePriceKeys.key("gpt-image-1", null, "low")).isEqualTo("gpt-image-1");
	}

	@Test
	void otherModelsShouldKeepTheirName() {
		assertThat(ImagePriceKeys.key("my-image-model", "512x512", "hd")).isEqualTo("my-image-model");
		assertThat(ImagePriceKeys.key(null, "512x512", "hd")).isNull();
	}

	@Test
	void sizeThatIsNotWidthByHeightShouldLeaveTheModelName() {
		assertThat(ImagePriceKeys.key("dall-e-3", "square", "hd")).isEqualTo("dall-e-3");
	}

	@Test
	void promptOptionsShouldBeMergedIntoTheModelDefaultsAsOpenAiImageModelMergesThem() {
		OpenAiImageOptions defaults = OpenAiImageOptions.builder().model("dall-e-3").quality("hd").build();

		assertThat(ImagePriceKeys.of(ImageOptionsBuilder.builder().width(1024).height(1792).build(), defaults))
			.isEqualTo("hd/1024-x-1792/dall-e-3");
		assertThat(ImagePriceKeys.of(OpenAiImageOptions.builder().model("dall-e-2").size("256x256").build(), defaults))
			.isEqualTo("256-x-256/dall-e-2");
	}

	@Test
	void promptOptionsAloneShouldBeReadWithoutDefaults() {
		assertThat(ImagePriceKeys
			.of(OpenAiImageOptions.builder().model("dall-e-3").quality("hd").width(1792).height(1024).build(), null))
			.isEqualTo("hd/1792-x-1024/dall-e-3");
		assertThat(
				ImagePriceKeys.of(ImageOptionsBuilder.builder().model("dall-e-2").width(512).height(512).build(), null))
			.isEqualTo("512-x-512/dall-e-2");
		assertThat(ImagePriceKeys.of(null, null)).isNull();
	}

}
