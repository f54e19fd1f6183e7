package dev.llmcost.provider;

import org.junit.jupiter.api.Test;

import org.springframework.ai.openai.OpenAiChatOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmProviders}: every vocabulary leads to the same provider.
 */
class LlmProvidersTests {

	@Test
	void everyNameOfAProviderShouldLeadToItsDescriptor() {
		assertThat(LlmProviders.forSpringAi("bedrock_converse")).isSameAs(LlmProviders.AWS_BEDROCK);
		assertThat(LlmProviders.forPropertySegment("bedrock.converse")).isSameAs(LlmProviders.AWS_BEDROCK);
		assertThat(LlmProviders.forLiteLlm("bedrock_converse")).isSameAs(LlmProviders.AWS_BEDROCK);
		assertThat(LlmProviders.forGenAiPrices("aws")).isSameAs(LlmProviders.AWS_BEDROCK);
		assertThat(LlmProviders.named("aws.bedrock")).isSameAs(LlmProviders.AWS_BEDROCK);
	}

	@Test
	void googleShouldBeOneProviderWhetherTheCallOrACatalogNamesIt() {
		assertThat(LlmProviders.forSpringAi("google_genai")).isSameAs(LlmProviders.GCP_GEN_AI);
		assertThat(LlmProviders.forLiteLlm("gemini")).isSameAs(LlmProviders.GCP_GEN_AI);
		assertThat(LlmProviders.forGenAiPrices("google")).isSameAs(LlmProviders.GCP_GEN_AI);
		assertThat(LlmProviders.named("gcp.gemini")).isSameAs(LlmProviders.GCP_GEN_AI);
		assertThat(LlmProviders.canonicalName("gcp.gemini")).isEqualTo("gcp.gen_ai");
		assertThat(LlmProviders.forLiteLlm("vertex_ai-anthropic_models")).isSameAs(LlmProviders.GCP_VERTEX_AI);
	}

	@Test
	void chatOptionsShouldNameTheProviderOfAChatClientRequest() {
		assertThat(LlmProviders.forOptions(OpenAiChatOptions.builder().build())).isSameAs(LlmProviders.OPENAI);
		assertThat(LlmProviders.forOptions(new Object())).isSameAs(LlmProviders.UNKNOWN);
		assertThat(LlmProviders.forOptions(null)).isSameAs(LlmProviders.UNKNOWN);
	}

	@Test
	void providerValuesNoDescriptorClaimsShouldBeKeptAsTheyAre() {
		assertThat(LlmProviders.forSpringAi("onnx").name()).isEqualTo("onnx");
		assertThat(LlmProviders.forSpringAi("onnx")).as("made once").isSameAs(LlmProviders.forSpringAi("onnx"));
		assertThat(LlmProviders.forSpringAi(null)).isSameAs(LlmProviders.UNKNOWN);
		assertThat(LlmProviders.forLiteLlm("together_ai")).isNull();
		assertThat(LlmProviders.canonicalName("together_ai")).isEqualTo("together_ai");
	}

	@Test
	void everyDescriptorShouldHaveItsOwnNames() {
		assertThat(LlmProviders.all()).extracting(LlmProvider::name).doesNotHaveDuplicates();
		assertThat(LlmProviders.all().stream().flatMap((provider) -> provider.springAiIds().stream()))
			.doesNotHaveDuplicates();
		assertThat(LlmProviders.all().stream().flatMap((provider) -> provider.liteLlmIds().stream()))
			.doesNotHaveDuplicates();
		assertThat(LlmProviders.all().stream().flatMap((provider) -> provider.genAiPricesIds().stream()))
			.doesNotHaveDuplicates();
	}

}
