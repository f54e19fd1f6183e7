package dev.llmcost.attribution;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.util.ClassUtils;

/**
 * Carries an attribution into the {@code Mono} or {@code Flux} a scope returns: the model
 * call of a stream usually happens when it is subscribed, long after the scope returned
 * and often on another thread.
 *
 * @author llm-cost contributors
 */
final class ReactorAttribution {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Flux",
			ReactorAttribution.class.getClassLoader());

	private ReactorAttribution() {
	}

	/**
	 * Return the result with the attribution attached when it is a {@code Mono} or a
	 * {@code Flux}, else the result as it is.
	 * @param result what the scope returned
	 * @param attribution the attribution of the scope
	 * @return the result
	 */
	static @Nullable Object attachIfReactive(@Nullable Object result, Attribution attribution) {
		return (REACTOR_PRESENT) ? Reactor.attach(result, attribution) : result;
	}

	/**
	 * Reactor-specific code, loaded only when Reactor is on the classpath.
	 */
	private static final class Reactor {

		static @Nullable Object attach(@Nullable Object result, Attribution attribution) {
			if (result instanceof Mono<?> mono) {
				return Mono.from(subscribedWith(mono, attribution));
			}
			if (result instanceof Flux<?> flux) {
				return Flux.from(subscribedWith(flux, attribution));
			}
			return result;
		}

		/**
		 * The attribution travels in the Reactor context, for code that reads it there,
		 * and is the thread's attribution while the pipeline is being subscribed, for
		 * code that only sees thread-locals then (observation handlers starting Spring
		 * AI's observations, for example).
		 */
		private static <T> Publisher<T> subscribedWith(Publisher<T> publisher, Attribution attribution) {
			Flux<T> withContext = Flux.from(publisher)
				.contextWrite((context) -> context.put(AttributionContext.KEY, attribution));
			return (subscriber) -> {
				Attribution previous = AttributionContext.enter(attribution);
				try {
					withContext.subscribe(subscriber);
				}
				finally {
					AttributionContext.restore(previous);
				}
			};
		}

	}

}
