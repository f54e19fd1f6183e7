package dev.llmcost.springai;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

import dev.llmcost.observation.LlmCallRecorder;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.model.StreamingChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;

/**
 * Keeps the chunks of streams made on a {@code ChatModel} directly, for
 * {@link ModelCallObservationHandler} to price what the provider billed (see
 * {@link LastUsageChunk}). The stream's elements, errors and timing are not touched.
 * <p>
 * {@code stream(String)} and {@code stream(Message...)} of {@link StreamingChatModel} are
 * default methods that call {@code stream(Prompt)} on the model itself, past the proxy:
 * when a model does not override them, they are run here as Spring AI writes them, on the
 * proxy, so that their streams are kept too.
 *
 * @author llm-cost contributors
 */
class ChatModelStreamInterceptor implements MethodInterceptor {

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Class<?> parameter = invocation.getMethod().getParameterTypes()[0];
		Object argument = invocation.getArguments()[0];
		if (parameter == Prompt.class) {
			Object stream = invocation.proceed();
			return (stream instanceof Flux<?> flux && !LlmCallRecorder.isModelCallRecorded())
					? kept(flux, requestModel((Prompt) argument)) : stream;
		}
		Prompt prompt = null;
		if (argument instanceof String message) {
			prompt = new Prompt(message);
		}
		else if (argument instanceof Message[] messages) {
			prompt = new Prompt(Arrays.asList(messages));
		}
		if (prompt != null && invocation instanceof ProxyMethodInvocation proxied
				&& isStreamingChatModelDefault(invocation)) {
			return ((StreamingChatModel) proxied.getProxy()).stream(prompt)
				.map((response) -> Optional.ofNullable(response.getResult())
					.map(Generation::getOutput)
					.map(AssistantMessage::getText)
					.orElse(""));
		}
		return invocation.proceed();
	}

	private static boolean isStreamingChatModelDefault(MethodInvocation invocation) {
		Object target = invocation.getThis();
		if (target == null) {
			return false;
		}
		Method implementation = ClassUtils.getMostSpecificMethod(invocation.getMethod(),
				AopUtils.getTargetClass(target));
		return implementation.getDeclaringClass() == StreamingChatModel.class;
	}

	private static @Nullable String requestModel(@Nullable Prompt prompt) {
		try {
			return (prompt != null && prompt.getOptions() != null) ? prompt.getOptions().getModel() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static <T> Flux<T> kept(Flux<T> stream, @Nullable String requestModel) {
		return Flux.defer(() -> {
			LastUsageChunk usage = new LastUsageChunk(requestModel);
			Flux<T> observed = stream.doOnNext(usage::onChunk);
			return Flux.<T>from((subscriber) -> usage.subscribing(() -> observed.subscribe(subscriber)));
		});
	}

}
