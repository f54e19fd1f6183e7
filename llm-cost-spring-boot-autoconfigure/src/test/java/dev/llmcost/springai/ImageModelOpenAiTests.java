package dev.llmcost.springai;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.openai.errors.RateLimitException;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.test.CostTestApplication.ImageService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.openai.OpenAiImageOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Image generations through the real Spring AI {@code OpenAiImageModel} over HTTP, priced
 * per image by model, size and quality. Prices used (USD per image, from the built-in
 * catalog, OpenAI's published prices): {@code hd/1024-x-1792/dall-e-3} 0.120,
 * {@code 256-x-256/dall-e-2} 0.016.
 */
@CostTrackingTest
class ImageModelOpenAiTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private ImageService imageService;

	@Autowired
	private ImageModel imageModel;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private MeterRegistry meterRegistry;

	@LocalServerPort
	private int port;

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void dallE3HdImageShouldBePricedUnderTheAnnotatedFeature() throws Exception {
		server.enqueue(Reply.images(1));

		ImageResponse response = this.imageService.poster(new ImagePrompt("A lighthouse at dusk",
				OpenAiImageOptions.builder().model("dall-e-3").quality("hd").size("1024x1792").n(1).build()));

		assertThat(response.getResult().getOutput().getUrl())
			.isEqualTo("https://images.example.com/generated/img-0.png");
		JsonNode request = server.requests().get(0);
		assertThat(request.path("model").asString()).isEqualTo("dall-e-3");
		assertThat(request.path("quality").asString()).isEqualTo("hd");
		assertThat(request.path("size").asString()).isEqualTo("1024x1792");
		String model = "hd/1024-x-1792/dall-e-3";
		ModelTotals totals = LedgerFeatures.model(this.ledger, "poster-images", model);
		assertThat(totals.totals().calls()).isEqualTo(1);
		assertThat(totals.totals().errors()).isZero();
		assertThat(totals.totals().tokens()).isEqualTo(TokenUsage.EMPTY);
		assertThat(totals.totals().units()).isEqualTo(UnitUsage.of(UnitType.IMAGE, 1));
		// 1 image x 0.120 USD
		assertThat(totals.totals().cost()).isEqualByComparingTo("0.120");
		assertThat(this.meterRegistry.get("llm.units")
			.tag("feature", "poster-images")
			.tag("llm.unit.type", "image")
			.tag("gen_ai.operation.name", "image_generation")
			.tag("gen_ai.provider.name", "openai")
			.tag("gen_ai.request.model", model)
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.meterRegistry.get("llm.cost")
			.tag("feature", "poster-images")
			.tag("llm.token.type", "image")
			.counter()
			.count()).isCloseTo(0.12, Offset.offset(1e-12));
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "poster-images")
			.tag("gen_ai.operation.name", "image_generation")
			.timer()
			.count()).isEqualTo(1);
		JsonNode feature = json.readTree(get("/actuator/llmcost/poster-images").body());
		assertThat(feature.path("cost").decimalValue()).isEqualByComparingTo("0.12");
		assertThat(feature.path("units").toString()).isEqualTo("{\"image\":1}");
		assertThat(feature.path("models").get(0).path("model").asString()).isEqualTo(model);
		assertThat(feature.path("models").get(0).path("units").toString()).isEqualTo("{\"image\":1}");
	}

	@Test
	void imagesShouldBeCountedAsReturnedAndPricedBySizeUnderTheCurrentAttribution() {
		server.enqueue(Reply.base64Images(3));

		ImageResponse response;
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("image-thumbnails"))) {
			response = this.imageModel.call(new ImagePrompt("Three thumbnails",
					OpenAiImageOptions.builder().model("dall-e-2").size("256x256").n(3).build()));
		}

		assertThat(response.getResults()).hasSize(3);
		ModelTotals totals = LedgerFeatures.model(this.ledger, "image-thumbnails", "256-x-256/dall-e-2");
		assertThat(totals.totals().units()).isEqualTo(UnitUsage.of(UnitType.IMAGE, 3));
		// 3 images x 0.016 USD
		assertThat(totals.totals().cost()).isEqualByComparingTo("0.048");
	}

	@Test
	void sizeAndModelMissingFromThePromptShouldBeTakenFromTheImageModelDefaults() {
		server.enqueue(Reply.images(1));

		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("image-defaults"))) {
			this.imageModel
				.call(new ImagePrompt("No model named", ImageOptionsBuilder.builder().width(256).height(256).build()));
		}

		// Spring AI's default image model, which the prompt does not name.
		String sent = server.requests().get(0).path("model").asString();
		assertThat(sent).isEqualTo(OpenAiImageOptions.DEFAULT_IMAGE_MODEL);
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "image-defaults");
		assertThat(feature.models()).extracting(ModelTotals::model).containsExactly(sent);
	}

	@Test
	void gptImageShouldBePricedByItsQualityAndSizeAndUnpricedWhenOpenAiChoosesThem() {
		server.enqueue(Reply.base64Images(1));
		server.enqueue(Reply.base64Images(1));

		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("image-gpt-image"))) {
			this.imageModel.call(new ImagePrompt("Sized",
					OpenAiImageOptions.builder().model("gpt-image-1").quality("medium").size("1536x1024").build()));
			this.imageModel.call(new ImagePrompt("Auto",
					OpenAiImageOptions.builder().model("gpt-image-1").quality("auto").size("auto").build()));
		}

		// 1 image x 0.063 USD
		assertThat(
				LedgerFeatures.model(this.ledger, "image-gpt-image", "medium/1536-x-1024/gpt-image-1").totals().cost())
			.isEqualByComparingTo("0.063");
		ModelTotals auto = LedgerFeatures.model(this.ledger, "image-gpt-image", "gpt-image-1");
		assertThat(auto.totals().cost()).isEqualByComparingTo("0");
		assertThat(auto.totals().units()).isEqualTo(UnitUsage.of(UnitType.IMAGE, 1));
		assertThat(this.ledger.snapshot().unpriced()).extracting(LedgerSnapshot.UnpricedModel::model)
			.contains("gpt-image-1")
			.doesNotContain("medium/1536-x-1024/gpt-image-1");
	}

	@Test
	void imageModelWithoutAPriceShouldBeListedAsUnpricedAndTheCallUnchanged() {
		server.enqueue(Reply.images(2));

		ImageResponse response;
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("image-unpriced"))) {
			response = this.imageModel.call(new ImagePrompt("Unpriced",
					OpenAiImageOptions.builder().model("my-image-model").size("512x512").n(2).build()));
		}

		assertThat(response.getResults()).extracting((result) -> result.getOutput().getUrl())
			.containsExactly("https://images.example.com/generated/img-0.png",
					"https://images.example.com/generated/img-1.png");
		ModelTotals totals = LedgerFeatures.model(this.ledger, "image-unpriced", "my-image-model");
		assertThat(totals.totals().cost()).isEqualByComparingTo("0");
		assertThat(totals.totals().units()).isEqualTo(UnitUsage.of(UnitType.IMAGE, 2));
		assertThat(this.ledger.snapshot().unpriced()).contains(new LedgerSnapshot.UnpricedModel("my-image-model", 1));
	}

	@Test
	void rateLimitedImageCallShouldReachTheCallerUnchangedAndBeRecordedOnceAsAnError() {
		server.enqueue(Reply.error(429, "rate_limit_exceeded", "Rate limit reached for images"));

		Throwable thrown;
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("image-rate-limited"))) {
			thrown = catchThrowable(() -> this.imageModel.call(new ImagePrompt("Too many",
					OpenAiImageOptions.builder().model("dall-e-3").quality("hd").size("1024x1792").build())));
		}

		assertThat(thrown).isInstanceOf(RateLimitException.class).hasMessageContaining("Rate limit reached for images");
		String model = "hd/1024-x-1792/dall-e-3";
		ModelTotals totals = LedgerFeatures.model(this.ledger, "image-rate-limited", model);
		assertThat(totals.totals().calls()).isEqualTo(1);
		assertThat(totals.totals().errors()).isEqualTo(1);
		assertThat(totals.totals().cost()).isEqualByComparingTo("0");
		assertThat(totals.totals().units()).isEqualTo(UnitUsage.NONE);
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "image-rate-limited")
			.tag("error.type", "429")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.ledger.snapshot().unpriced()).extracting(LedgerSnapshot.UnpricedModel::model)
			.doesNotContain(model, "dall-e-3");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
