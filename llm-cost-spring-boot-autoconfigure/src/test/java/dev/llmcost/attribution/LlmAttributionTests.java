package dev.llmcost.attribution;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link LlmAttribution} and {@link AttributionSources}: explicit scopes,
 * resolvers, hashing, and the values following the work to other threads and streams.
 * Hashes: see {@link UserIdHasherTests}.
 */
class LlmAttributionTests {

	private static final String ALICE_HASH = "5d1fc068857810a7";

	private static final String BOB_HASH = "70578d7366ae542c";

	private final AttributionSources sources = new AttributionSources(Map.of(), List.of(),
			UserIdHasher.ofHexKey(UserIdHasherTests.KEY));

	private final LlmAttribution attribution = new LlmAttribution(this.sources);

	private ExecutorService executor;

	@AfterEach
	void shutdown() {
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
		assertThat(AttributionContext.current()).isNull();
	}

	@Test
	void scopeShouldSetTheTenantAndTheHashedUser() {
		this.attribution.runAs("acme", "alice@example.com", () -> {
			assertThat(AttributionContext.current())
				.isEqualTo(new Attribution("unattributed", null, "acme", ALICE_HASH));
		});
	}

	@Test
	void nestedScopesShouldRestoreThePreviousValues() {
		this.attribution.runAs("acme", "alice@example.com", () -> {
			this.attribution.runAs("globex", "bob", () -> {
				assertThat(AttributionContext.current().tenant()).isEqualTo("globex");
				assertThat(AttributionContext.current().userHash()).isEqualTo(BOB_HASH);
			});
			assertThat(AttributionContext.current().tenant()).isEqualTo("acme");
			assertThat(AttributionContext.current().userHash()).isEqualTo(ALICE_HASH);
			this.attribution.runAs(null, "bob", () -> {
				// A null tenant keeps the enclosing one.
				assertThat(AttributionContext.current().tenant()).isEqualTo("acme");
				assertThat(AttributionContext.current().userHash()).isEqualTo(BOB_HASH);
			});
		});
		assertThat(AttributionContext.current()).isNull();
	}

	@Test
	void scopeShouldKeepTheEnclosingFeature() {
		try (AttributionContext.Scope feature = AttributionContext.open(Attribution.of("search").withTeam("t"))) {
			this.attribution.runAs("acme", null, () -> assertThat(AttributionContext.current())
				.isEqualTo(new Attribution("search", "t", "acme", null)));
		}
	}

	@Test
	void withoutAHashKeyTheUserShouldBeDroppedAndTheTenantKept() {
		LlmAttribution withoutKey = new LlmAttribution(new AttributionSources());

		withoutKey.runAs("acme", "alice@example.com", () -> assertThat(AttributionContext.current())
			.isEqualTo(new Attribution("unattributed", null, "acme", null)));
		assertThat(withoutKey.isUserAttributionEnabled()).isFalse();
	}

	@Test
	void anotherThreadWithContextPropagationShouldKeepThem() throws Exception {
		this.executor = ContextExecutorService.wrap(Executors.newSingleThreadExecutor(),
				() -> ContextSnapshotFactory.builder().build().captureAll());
		Attribution onOtherThread = this.attribution.callAs("acme", "alice@example.com", () -> {
			try {
				return this.executor.submit(AttributionContext::current).get(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});

		assertThat(onOtherThread).isEqualTo(new Attribution("unattributed", null, "acme", ALICE_HASH));
	}

	@Test
	void streamReturnedByTheScopeShouldCarryThemToItsSubscription() {
		Flux<Attribution> stream = this.attribution.callAs("acme", "alice@example.com",
				() -> Flux.deferContextual((context) -> Mono.just(context.<Attribution>get(AttributionContext.KEY)))
					.subscribeOn(Schedulers.boundedElastic()));

		assertThat(AttributionContext.current()).isNull();
		assertThat(stream.blockLast(Duration.ofSeconds(10)))
			.isEqualTo(new Attribution("unattributed", null, "acme", ALICE_HASH));
	}

	@Test
	void resolverShouldGiveWhatNoScopeSays() {
		LlmAttributionResolver resolver = new LlmAttributionResolver() {
			@Override
			public String resolveTenant() {
				return "initech";
			}

			@Override
			public String resolveUser() {
				return "bob";
			}
		};
		AttributionSources withResolver = new AttributionSources(Map.of(), List.of(resolver),
				UserIdHasher.ofHexKey(UserIdHasherTests.KEY));

		assertThat(withResolver.resolve(null)).isEqualTo(new Attribution("unattributed", null, "initech", BOB_HASH));
		// An explicit scope wins, dimension by dimension.
		assertThat(withResolver.resolve(withResolver.withCaller(null, "acme", null)))
			.isEqualTo(new Attribution("unattributed", null, "acme", BOB_HASH));
		assertThat(withResolver.resolve(withResolver.withCaller(null, null, "alice@example.com")))
			.isEqualTo(new Attribution("unattributed", null, "initech", ALICE_HASH));
	}

	@Test
	void failingResolverShouldBeSkipped() {
		LlmAttributionResolver failing = new LlmAttributionResolver() {
			@Override
			public String resolveTenant() {
				throw new IllegalStateException("no request bound to alice@example.com");
			}
		};
		LlmAttributionResolver next = new LlmAttributionResolver() {
			@Override
			public String resolveTenant() {
				return "acme";
			}
		};

		assertThat(new AttributionSources(Map.of(), List.of(failing, next), null).resolve(null).tenant())
			.isEqualTo("acme");
	}

}
