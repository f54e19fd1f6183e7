package dev.llmcost.autoconfigure;

import java.util.List;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.attribution.LlmFeatureBeanPostProcessor;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.springai.ChatModelStreamBeanPostProcessor;
import dev.llmcost.springai.ImageModelObservationHandler;
import dev.llmcost.springai.ModelCallObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.image.Image;
import org.springframework.ai.image.ImageGeneration;
import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.image.observation.ImageModelObservationContext;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.openai.OpenAiImageModel;
import org.springframework.ai.openai.OpenAiImageOptions;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

/**
 * Tests for {@link LlmCostSpringAiAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmCostSpringAiAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(LlmCostAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(ChatClientAutoConfiguration.class))
		.withBean(ChatModel.class, StubChatModel::new);

	@Test
	void advisorShouldBeAddedToTheAutoConfiguredChatClientBuilder() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChatClientBuilderCustomizer.class);
			String answer = context.getBean(ChatClient.Builder.class).build().prompt().user("hi").call().content();

			assertThat(answer).isEqualTo("answer");
			// 1000 x 0.15 + 100 x 0.60 USD per million
			assertThat(context.getBean(CostLedger.class).snapshot().total().cost()).isEqualByComparingTo("0.00021");
		});
	}

	@Test
	void advisorOrderShouldBeConfigurable() {
		this.contextRunner.withPropertyValues("llm.cost.advisor.order=42")
			.run((context) -> assertThat(context.getBean(LlmCostAdvisor.class).getOrder()).isEqualTo(42));
	}

	@Test
	void springAiShouldNotObserveTheCostAdvisorUnlessAskedTo() {
		ApplicationContextRunner runner = this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));
		runner.run((context) -> {
			context.getBean(ChatClient.Builder.class).build().prompt().user("hi").call().content();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("spring.ai.advisor").tag("spring.ai.advisor.name", "LlmCostAdvisor").timer())
				.isNull();
			assertThat(registry.find("spring.ai.advisor").timers()).as("other advisors are still observed")
				.isNotEmpty();
			assertThat(registry.get("llm.call").timer().count()).isEqualTo(1);
		});
		runner.withPropertyValues("llm.cost.advisor.observed=true").run((context) -> {
			context.getBean(ChatClient.Builder.class).build().prompt().user("hi").call().content();
			assertThat(context.getBean(MeterRegistry.class)
				.get("spring.ai.advisor")
				.tag("spring.ai.advisor.name", "LlmCostAdvisor")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void disabledShouldLeaveOnlyAnAdvisorThatPassesCallsThrough() {
		this.contextRunner.withPropertyValues("llm.cost.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(LlmCostAdvisor.class)
				.doesNotHaveBean(CostLedger.class)
				.doesNotHaveBean(ChatClientBuilderCustomizer.class)
				.doesNotHaveBean(LlmFeatureBeanPostProcessor.class)
				.doesNotHaveBean(ChatModelStreamBeanPostProcessor.class);
			LlmCostAdvisor advisor = context.getBean(LlmCostAdvisor.class);
			assertThat(advisor.isEnabled()).isFalse();
			ChatClient handBuilt = ChatClient.builder(context.getBean(ChatModel.class))
				.defaultAdvisors(advisor)
				.build();
			assertThat(handBuilt.prompt().user("hi").call().content()).isEqualTo("answer");
			assertThat(AopUtils.isAopProxy(context.getBean(ChatModel.class))).as("models are left alone").isFalse();
		});
	}

	@Test
	void nothingShouldBeAddedWithoutSpringAiChatClient() {
		new ApplicationContextRunner().withConfiguration(LlmCostAutoConfigurations.all())
			.withClassLoader(new FilteredClassLoader(ChatClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmCostAdvisor.class));
	}

	@Test
	void callsMadeWithoutTheAdvisorShouldBeFollowedOnlyWithAnObservationRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ModelCallObservationHandler.class));
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ModelCallObservationHandler.class));
	}

	@Test
	void imageCallsShouldBeFollowedOnlyWithAnObservationRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ImageModelObservationHandler.class));
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ImageModelObservationHandler.class));
	}

	@Test
	void imageCallsShouldBePricedWithTheOpenAiImageModelDefaultOptions() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withBean(OpenAiImageModel.class,
					() -> OpenAiImageModel.builder()
						.options(OpenAiImageOptions.builder().apiKey("test").model("dall-e-3").quality("hd").build())
						.build())
			.run((context) -> {
				// What OpenAiImageModel's observation carries: the prompt's options only.
				ImageModelObservationContext image = ImageModelObservationContext.builder()
					.imagePrompt(
							new ImagePrompt("A poster", ImageOptionsBuilder.builder().width(1024).height(1792).build()))
					.provider("openai")
					.build();
				Observation
					.createNotStarted("gen_ai.client.operation", () -> image,
							context.getBean(ObservationRegistry.class))
					.observe(() -> image
						.setResponse(new ImageResponse(List.of(new ImageGeneration(new Image("u", null))))));

				// 1 image x 0.120 USD (hd/1024-x-1792/dall-e-3)
				assertThat(context.getBean(CostLedger.class).snapshot().unpriced()).isEmpty();
				assertThat(context.getBean(CostLedger.class).snapshot().features().get(0).models().get(0))
					.satisfies((model) -> {
						assertThat(model.model()).isEqualTo("hd/1024-x-1792/dall-e-3");
						assertThat(model.totals().cost()).isEqualByComparingTo("0.120");
					});
			});
	}

	@Test
	void chatModelsShouldBeProxiedKeepingTheirClass() {
		this.contextRunner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThat(AopUtils.isCglibProxy(model)).isTrue();
			assertThat(model).isInstanceOf(StubChatModel.class);
			assertThat(model.call(new Prompt("hi")).getResult().getOutput().getText()).isEqualTo("answer");
		});
	}

	@Test
	void finalChatModelClassesShouldBeLeftAlone() {
		new ApplicationContextRunner().withConfiguration(LlmCostAutoConfigurations.all())
			.withBean(ChatModel.class, FinalChatModel::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(AopUtils.isAopProxy(context.getBean(ChatModel.class))).isFalse();
			});
	}

	@Test
	void mockedChatModelShouldStillWork() {
		new ApplicationContextRunner().withConfiguration(LlmCostAutoConfigurations.all())
			.withBean(ChatModel.class, () -> {
				ChatModel mock = Mockito.mock(ChatModel.class);
				given(mock.call(any(Prompt.class))).willReturn(response("gpt-4o-mini-2024-07-18", 1000, 100));
				return mock;
			})
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ChatModel.class).call(new Prompt("hi")).getResult().getOutput().getText())
					.isEqualTo("answer");
			});
	}

	@Test
	void streamOptionsWithoutUsageShouldBeWarnedAbout(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.ai.openai.chat.stream-options.include-obfuscation=false")
			.run((context) -> assertThat(output).contains("spring.ai.openai.chat.stream-options.* is set without "
					+ "spring.ai.openai.chat.stream-options.include-usage=true"));
	}

	@Test
	void streamOptionsWithUsageShouldNotBeWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.ai.openai.chat.stream-options.include-obfuscation=false",
					"spring.ai.openai.chat.stream-options.include-usage=true")
			.run((context) -> assertThat(output).doesNotContain("include-usage=true: OpenAI streams"));
	}

	static ChatResponse response(String model, int promptTokens, int completionTokens) {
		return new ChatResponse(List.of(new Generation(new AssistantMessage("answer"))),
				ChatResponseMetadata.builder()
					.model(model)
					.usage(new DefaultUsage(promptTokens, completionTokens))
					.build());
	}

	/**
	 * A model that answers at once: 1000 prompt and 100 completion tokens of gpt-4o-mini.
	 */
	static class StubChatModel implements ChatModel {

		@Override
		public ChatResponse call(Prompt prompt) {
			return response("gpt-4o-mini-2024-07-18", 1000, 100);
		}

	}

	static final class FinalChatModel implements ChatModel {

		@Override
		public ChatResponse call(Prompt prompt) {
			return response("gpt-4o-mini-2024-07-18", 1000, 100);
		}

	}

}
