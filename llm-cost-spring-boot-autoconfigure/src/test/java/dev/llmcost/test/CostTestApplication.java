package dev.llmcost.test;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.annotation.LlmFeature;
import dev.llmcost.testsupport.OpenAiWireServer;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.llmcost.samples.SampleChatService;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A plain Spring Boot application as a user would write it: the OpenAI starter, our
 * starter, and annotated services that use the auto-configured
 * {@code ChatClient.Builder}. {@link CostTrackingTest} points
 * {@code spring.ai.openai.base-url} at {@link OpenAiWireServer}.
 * <p>
 * Tests share one running application, so each uses feature names of its own: the
 * per-request variants ({@code summarizeFor}), or a fixed feature of a service only it
 * calls, where the annotation is what it tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ CostTestApplication.SummaryService.class, CostTestApplication.ClassLevelService.class,
		CostTestApplication.OuterService.class, CostTestApplication.InnerService.class,
		CostTestApplication.ChatService.class, CostTestApplication.TripService.class,
		CostTestApplication.DirectModelService.class, CostTestApplication.ImageService.class,
		CostTestApplication.TeamService.class, SampleChatService.class })
public class CostTestApplication {

	@Bean
	ChatClient chatClient(ChatClient.Builder builder) {
		return builder.build();
	}

	/**
	 * A plain call.
	 */
	public static class SummaryService {

		private final ChatClient chatClient;

		SummaryService(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		@LlmFeature("document-summary")
		public String summarize(String text) {
			return this.chatClient.prompt().user(text).call().content();
		}

		@LlmFeature("document-summary")
		public String summarizeWith(String model, String text) {
			return this.chatClient.prompt()
				.options(OpenAiChatOptions.builder().model(model))
				.user(text)
				.call()
				.content();
		}

		@LlmFeature("document-summary")
		public String summarizeFor(String feature, String text) {
			return this.chatClient.prompt()
				.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
				.user(text)
				.call()
				.content();
		}

		@LlmFeature("document-summary")
		public String summarizeFor(String feature, String model, String text) {
			return this.chatClient.prompt()
				.options(OpenAiChatOptions.builder().model(model))
				.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
				.user(text)
				.call()
				.content();
		}

		public String unannotated(String text) {
			return this.chatClient.prompt().user(text).call().content();
		}

	}

	/**
	 * Annotated on the class, with one method that names its own feature.
	 */
	@LlmFeature("class-feature")
	public static class ClassLevelService {

		private final ChatClient chatClient;

		ClassLevelService(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		public String ask(String text) {
			return this.chatClient.prompt().user(text).call().content();
		}

		@LlmFeature("method-feature")
		public String askOwnFeature(String text) {
			return this.chatClient.prompt().user(text).call().content();
		}

	}

	/**
	 * Calls before and after a nested annotated call.
	 */
	public static class OuterService {

		private final ChatClient chatClient;

		private final InnerService inner;

		OuterService(ChatClient chatClient, InnerService inner) {
			this.chatClient = chatClient;
			this.inner = inner;
		}

		@LlmFeature("outer")
		public void run() {
			this.chatClient.prompt().user("before").call().content();
			this.inner.run();
			this.chatClient.prompt().user("after").call().content();
		}

	}

	/**
	 * The nested feature.
	 */
	public static class InnerService {

		private final ChatClient chatClient;

		InnerService(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		@LlmFeature("inner")
		public void run() {
			this.chatClient.prompt().user("inside").call().content();
		}

	}

	/**
	 * A stream returned to the caller, subscribed after the method returned.
	 */
	public static class ChatService {

		private final ChatClient chatClient;

		ChatService(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		@LlmFeature("support-chat")
		public Flux<String> chat(String message) {
			return this.chatClient.prompt().user(message).stream().content();
		}

	}

	/**
	 * A tool-calling flow: two model rounds.
	 */
	public static class TripService {

		private final ChatClient chatClient;

		TripService(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		@LlmFeature("trip-planner")
		public String plan(String city) {
			return this.chatClient.prompt().user("Plan a day in " + city).tools(new WeatherTools()).call().content();
		}

	}

	/**
	 * A feature whose team the annotation names, while
	 * {@code llm.cost.features.teams-annotated.team} names another.
	 */
	public static class TeamService {

		private final ChatClient chatClient;

		TeamService(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		@LlmFeature(value = "teams-annotated", team = "search")
		public String ask(String text) {
			return this.chatClient.prompt().user(text).call().content();
		}

	}

	/**
	 * Uses the models directly, without a {@code ChatClient}.
	 */
	public static class DirectModelService {

		private final ChatModel chatModel;

		private final EmbeddingModel embeddingModel;

		DirectModelService(ChatModel chatModel, EmbeddingModel embeddingModel) {
			this.chatModel = chatModel;
			this.embeddingModel = embeddingModel;
		}

		@LlmFeature("direct-chat")
		public String ask(String text) {
			return this.chatModel.call(new Prompt(text)).getResult().getOutput().getText();
		}

		@LlmFeature("document-index")
		public float[] embed(String text) {
			return this.embeddingModel.embed(text);
		}

	}

	/**
	 * Generates images with the auto-configured {@code ImageModel}.
	 */
	public static class ImageService {

		private final ImageModel imageModel;

		ImageService(ImageModel imageModel) {
			this.imageModel = imageModel;
		}

		@LlmFeature("poster-images")
		public ImageResponse poster(ImagePrompt prompt) {
			return this.imageModel.call(prompt);
		}

	}

	/**
	 * The tool of the trip planner.
	 */
	public static class WeatherTools {

		@Tool(description = "Current weather in a city")
		public String currentWeather(String city) {
			return "Sunny, 21 C in " + city;
		}

	}

}
