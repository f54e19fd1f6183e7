package dev.llmcost.autoconfigure;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.ModelNames;
import dev.llmcost.budget.BudgetEnforcement;
import dev.llmcost.springai.AnthropicStreamUsageInterceptor;
import dev.llmcost.springai.BudgetObservationPredicate;
import dev.llmcost.springai.ChatModelStreamBeanPostProcessor;
import dev.llmcost.springai.CostAdvisorObservationPredicate;
import dev.llmcost.springai.FeatureCaptureObservationHandler;
import dev.llmcost.springai.FeatureObservationFilter;
import dev.llmcost.springai.ImageModelObservationHandler;
import dev.llmcost.springai.ModelCallObservationHandler;
import dev.llmcost.springai.ModelNameMeterFilter;
import dev.llmcost.springai.OpenAiAudioInterceptor;
import dev.llmcost.springai.OpenAiStreamUsageInterceptor;
import dev.llmcost.springai.SentStreamUsages;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.anthropic.http.okhttp.AnthropicHttpClientBuilderCustomizer;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.observation.conventions.AiProvider;
import org.springframework.ai.openai.OpenAiImageModel;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for Spring AI: {@link LlmCostAdvisor} on every auto-configured
 * {@code ChatClient.Builder}, the recording of model calls made without it, the
 * {@code feature} tag on Spring AI's own observations, and the starter's model names on
 * Spring AI's own meters.
 * <p>
 * With {@code llm.cost.enabled=false} the advisor bean is still there, recording nothing
 * and passing every call through, so that an application that adds it to a
 * {@code ChatClient} it builds starts unchanged.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration(after = { LlmCostObservationAutoConfiguration.class, LlmCostBudgetAutoConfiguration.class },
		beforeName = "org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration")
@ConditionalOnClass(ChatClient.class)
@EnableConfigurationProperties(LlmCostProperties.class)
public final class LlmCostSpringAiAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
	static class CostTrackingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmCostAdvisor llmCostAdvisor(LlmCallRecorder recorder, ObjectProvider<BudgetEnforcement> budgets,
				ObjectProvider<SentStreamUsages> sentStreamUsages, LlmCostProperties properties) {
			LlmCostAdvisor advisor = new LlmCostAdvisor(recorder, budgets.getIfAvailable(),
					sentStreamUsages.getIfAvailable(), properties.getAdvisor().getOrder());
			advisor.setEstimateAbandonedStreams(properties.getStreams().isEstimateAbandoned());
			return advisor;
		}

		@Bean
		@ConditionalOnMissingBean
		SentStreamUsages llmCostSentStreamUsages() {
			return new SentStreamUsages();
		}

		@Bean
		@ConditionalOnMissingBean(name = "llmCostChatClientBuilderCustomizer")
		ChatClientBuilderCustomizer llmCostChatClientBuilderCustomizer(LlmCostAdvisor advisor) {
			return (builder) -> builder.defaultAdvisors(advisor);
		}

		@Bean
		@ConditionalOnMissingBean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static ChatModelStreamBeanPostProcessor llmCostChatModelStreamBeanPostProcessor() {
			return new ChatModelStreamBeanPostProcessor();
		}

		@Bean
		StreamUsageCheck llmCostStreamUsageCheck(Environment environment) {
			return new StreamUsageCheck(environment);
		}

	}

	/**
	 * Spring AI's observations exist only with an application observation registry.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
	@ConditionalOnBean(ObservationRegistry.class)
	static class SpringAiObservationsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ModelCallObservationHandler llmCostModelCallObservationHandler(LlmCallRecorder recorder,
				ObjectProvider<SentStreamUsages> sentStreamUsages, LlmCostProperties properties) {
			ModelCallObservationHandler handler = new ModelCallObservationHandler(recorder,
					sentStreamUsages.getIfAvailable());
			handler.setEstimateAbandonedStreams(properties.getStreams().isEstimateAbandoned());
			return handler;
		}

		@Bean
		@ConditionalOnMissingBean
		ImageModelObservationHandler llmCostImageModelObservationHandler(LlmCallRecorder recorder) {
			return new ImageModelObservationHandler(recorder);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".attribution.tag-spring-ai-observations",
				matchIfMissing = true)
		FeatureObservationFilter llmCostFeatureObservationFilter(FeatureNames featureNames) {
			return new FeatureObservationFilter(featureNames);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".attribution.tag-spring-ai-observations",
				matchIfMissing = true)
		FeatureCaptureObservationHandler llmCostFeatureCaptureObservationHandler() {
			return new FeatureCaptureObservationHandler();
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(BudgetEnforcement.class)
		BudgetObservationPredicate llmCostBudgetObservationPredicate(LlmCallRecorder recorder,
				BudgetEnforcement budgets) {
			return new BudgetObservationPredicate(recorder, budgets);
		}

		@Bean
		@ConditionalOnMissingBean
		ModelNameMeterFilter llmCostModelNameMeterFilter(ModelNames modelNames) {
			return new ModelNameMeterFilter(modelNames);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".advisor.observed", havingValue = false,
				matchIfMissing = true)
		CostAdvisorObservationPredicate llmCostAdvisorObservationPredicate() {
			return new CostAdvisorObservationPredicate();
		}

	}

	/**
	 * Image generations of Spring AI's OpenAI image model are priced by the size and
	 * quality it sends, which merge the prompt's options into the model's own (those of
	 * {@code spring.ai.openai.image.options.*}); the observation carries the prompt's
	 * only. The model's are read once every bean exists: the model needs the observation
	 * registry, which needs the handler.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnClass(name = "org.springframework.ai.openai.OpenAiImageModel")
	static class OpenAiImageOptionsConfiguration {

		@Bean
		SmartInitializingSingleton llmCostOpenAiImageDefaultOptions(ObjectProvider<OpenAiImageModel> imageModels,
				ObjectProvider<ImageModelObservationHandler> handlers) {
			return () -> {
				OpenAiImageModel imageModel = imageModels.getIfUnique();
				ImageModelObservationHandler handler = handlers.getIfUnique();
				if (imageModel != null && handler != null) {
					handler.setDefaultOptions(AiProvider.OPENAI.value(), imageModel.getOptions());
				}
			};
		}

	}

	/**
	 * Streams made on Spring AI's OpenAI model without the advisor: the usage their last
	 * chunk carries is read on the wire, through the hook Spring AI gives the OpenAI HTTP
	 * client.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
	@ConditionalOnClass(name = { "org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer",
			"okhttp3.Interceptor", "com.openai.models.chat.completions.ChatCompletionChunk" })
	static class OpenAiStreamUsageConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "llmCostOpenAiStreamUsage")
		OpenAiHttpClientBuilderCustomizer llmCostOpenAiStreamUsage(SentStreamUsages sentStreamUsages,
				LlmCallRecorder recorder) {
			return OpenAiStreamUsageInterceptor.customizer(sentStreamUsages, recorder);
		}

	}

	/**
	 * Speech and transcription calls of Spring AI's OpenAI audio models, which Spring AI
	 * does not observe: recorded on the wire, through the hook Spring AI gives the OpenAI
	 * HTTP client.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
	@ConditionalOnClass(name = { "org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer",
			"okhttp3.Interceptor", "com.openai.core.ObjectMappers" })
	static class OpenAiAudioConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "llmCostOpenAiAudio")
		OpenAiHttpClientBuilderCustomizer llmCostOpenAiAudio(LlmCallRecorder recorder) {
			return OpenAiAudioInterceptor.customizer(recorder);
		}

	}

	/**
	 * Streams made on Spring AI's Anthropic model, with or without the advisor: the input
	 * and cache counts of their {@code message_start} event, of which Spring AI keeps
	 * only the input count, are read on the wire, through the hook Spring AI gives the
	 * Anthropic HTTP client.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
	@ConditionalOnClass(name = { "org.springframework.ai.anthropic.http.okhttp.AnthropicHttpClientBuilderCustomizer",
			"okhttp3.Interceptor", "com.anthropic.models.messages.RawMessageStartEvent" })
	static class AnthropicStreamUsageConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "llmCostAnthropicStreamUsage")
		AnthropicHttpClientBuilderCustomizer llmCostAnthropicStreamUsage(SentStreamUsages sentStreamUsages,
				LlmCallRecorder recorder) {
			return AnthropicStreamUsageInterceptor.customizer(sentStreamUsages, recorder);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", havingValue = false)
	static class DisabledConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmCostAdvisor llmCostAdvisor() {
			return LlmCostAdvisor.disabled();
		}

	}

}
