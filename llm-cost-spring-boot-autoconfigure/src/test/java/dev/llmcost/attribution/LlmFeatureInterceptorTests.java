package dev.llmcost.attribution;

import java.time.Duration;

import dev.llmcost.annotation.LlmFeature;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.aop.framework.ProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmFeatureInterceptor} on plain and reactive methods.
 */
class LlmFeatureInterceptorTests {

	private final Features features = proxy(new Features());

	@Test
	void plainMethodShouldSeeItsFeatureAndRestoreTheOuterOne() {
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("caller"))) {
			assertThat(this.features.plain()).isEqualTo("plain");
			assertThat(AttributionContext.current()).isEqualTo(Attribution.of("caller"));
		}
		assertThat(AttributionContext.current()).isNull();
	}

	@Test
	void monoSubscribedLaterOnAnotherThreadShouldCarryTheFeature() {
		Mono<String> mono = this.features.mono();

		assertThat(mono.subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(5))).isEqualTo("reactive-mono");
	}

	@Test
	void nestedFluxShouldSeeTheInnermostFeature() {
		Flux<String> outer = this.features.outerFlux(this.features);

		assertThat(outer.collectList().block(Duration.ofSeconds(5))).containsExactly("outer-flux", "inner-flux");
	}

	@Test
	void classAnnotationShouldApplyAndMethodAnnotationShouldWin() {
		ClassAnnotated proxy = proxy(new ClassAnnotated());

		assertThat(proxy.fromClass()).isEqualTo("on-class");
		assertThat(proxy.fromMethod()).isEqualTo("on-method");
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(T target) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvice(new LlmFeatureInterceptor());
		return (T) factory.getProxy();
	}

	static class Features {

		@LlmFeature("plain")
		public String plain() {
			return AttributionContext.current().feature();
		}

		@LlmFeature("reactive-mono")
		public Mono<String> mono() {
			return Mono
				.deferContextual((context) -> Mono.just(context.<Attribution>get(AttributionContext.KEY).feature()));
		}

		@LlmFeature("outer-flux")
		public Flux<String> outerFlux(Features self) {
			return Flux
				.deferContextual((context) -> Flux.just(context.<Attribution>get(AttributionContext.KEY).feature()))
				.concatWith(self.innerFlux());
		}

		@LlmFeature("inner-flux")
		public Flux<String> innerFlux() {
			return Flux
				.deferContextual((context) -> Flux.just(context.<Attribution>get(AttributionContext.KEY).feature()));
		}

	}

	@LlmFeature("on-class")
	static class ClassAnnotated {

		public String fromClass() {
			return AttributionContext.current().feature();
		}

		@LlmFeature("on-method")
		public String fromMethod() {
			return AttributionContext.current().feature();
		}

	}

}
