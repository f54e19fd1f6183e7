package dev.llmcost.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.llmcost.budget.LlmBudgetEvent.Type;
import dev.llmcost.ledger.BudgetEventClaims;
import dev.llmcost.ledger.BudgetEventClaims.Event;
import dev.llmcost.ledger.LedgerCosts;
import dev.llmcost.ledger.LedgerUnavailableException;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.test.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link FleetBudgetEvents}: an event of a calendar budget is published by the
 * one instance that claims it, on the flush thread, and never lost while the store cannot
 * be reached. The store of claims is played by the test.
 *
 * @author llm-cost contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class FleetBudgetEventsTests {

	private static final Instant DAY = Instant.parse("2026-10-13T22:00:00Z");

	private static final LedgerCosts NO_COSTS = (from, to) -> Map.of();

	private final Claims store = new Claims();

	private final List<LlmBudgetEvent> published = new ArrayList<>();

	@Test
	void calendarEventShouldWaitForTheNextFlushAndBePublishedWhenThisInstanceClaimsIt() {
		FleetBudgetEvents events = new FleetBudgetEvents(this.published::add, this.store.of("a"));
		LlmBudgetEvent crossed = event("daily", "day", Type.THRESHOLD_CROSSED, 50);

		events.accept(crossed);
		assertThat(this.published).as("nothing on the recording thread").isEmpty();
		assertThat(events.queued()).isOne();

		events.flushed(NO_COSTS);
		assertThat(this.published).containsExactly(crossed);
		assertThat(this.store.claimedBy()).containsExactly(entry("daily", Type.THRESHOLD_CROSSED, 50, "a"));
		assertThat(events.queued()).isZero();
		assertThat(events.unclaimed()).isZero();
	}

	@Test
	void eventAnotherInstanceClaimedShouldNotBePublished() {
		FleetBudgetEvents a = new FleetBudgetEvents(new ArrayList<LlmBudgetEvent>()::add, this.store.of("a"));
		FleetBudgetEvents b = new FleetBudgetEvents(this.published::add, this.store.of("b"));
		a.accept(event("daily", "day", Type.EXHAUSTED, null));
		a.flushed(NO_COSTS);
		b.accept(event("daily", "day", Type.EXHAUSTED, null));
		b.accept(event("daily", "day", Type.THRESHOLD_CROSSED, 80));

		b.flushed(NO_COSTS);

		assertThat(this.published).extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
			.containsExactly(tuple(Type.THRESHOLD_CROSSED, 80));
		assertThat(this.store.claimedBy()).containsExactlyInAnyOrder(entry("daily", Type.EXHAUSTED, 0, "a"),
				entry("daily", Type.THRESHOLD_CROSSED, 80, "b"));
	}

	@Test
	void rollingWindowEventShouldBePublishedAtOnceUnclaimed() {
		FleetBudgetEvents events = new FleetBudgetEvents(this.published::add, this.store.of("a"));
		LlmBudgetEvent exhausted = event("loop-guard", "10m", Type.EXHAUSTED, null);

		events.accept(exhausted);

		assertThat(this.published).containsExactly(exhausted);
		assertThat(events.queued()).isZero();
		events.flushed(NO_COSTS);
		assertThat(this.store.claimedBy()).as("never claimed").isEmpty();
		assertThat(events.unclaimed()).as("a rolling window is this instance's only").isZero();
	}

	@Test
	void whileTheStoreCannotBeReachedEventsShouldWaitInOrderAndBeClaimedWhenItAnswers() {
		FleetBudgetEvents events = new FleetBudgetEvents(this.published::add, this.store.of("a"), 100, 3);
		LlmBudgetEvent first = event("daily", "day", Type.THRESHOLD_CROSSED, 50);
		LlmBudgetEvent second = event("daily", "day", Type.THRESHOLD_CROSSED, 80);
		LlmBudgetEvent third = event("daily", "day", Type.EXHAUSTED, null);
		events.accept(first);
		events.accept(second);
		this.store.down = true;
		events.flushed(NO_COSTS);
		events.accept(third);
		events.flushFailed();
		assertThat(this.published).isEmpty();
		assertThat(events.queued()).isEqualTo(3);

		this.store.down = false;
		events.flushed(NO_COSTS);

		assertThat(this.published).containsExactly(first, second, third);
		assertThat(events.unclaimed()).isZero();
	}

	@Test
	void eventStillUnclaimedAfterMaxAttemptsShouldBePublishedUnclaimedWithOneWarning(CapturedOutput output) {
		FleetBudgetEvents events = new FleetBudgetEvents(this.published::add, this.store.of("a"), 100, 3);
		LlmBudgetEvent early = event("daily", "day", Type.THRESHOLD_CROSSED, 50);
		LlmBudgetEvent late = event("daily", "day", Type.EXHAUSTED, null);
		this.store.down = true;
		events.accept(early);
		events.flushed(NO_COSTS);
		events.flushFailed();
		events.accept(late);
		assertThat(this.published).as("two failed attempts").isEmpty();

		events.flushFailed();

		assertThat(this.published).as("the third failed attempt of the early one").containsExactly(early);
		assertThat(events.queued()).isOne();
		assertThat(events.unclaimed()).isOne();
		assertThat(output).containsOnlyOnce("Could not claim LLM budget events in the ledger's store (the store is "
				+ "down); an event still unclaimed after 3 flushes is published by this instance");

		this.store.down = false;
		events.flushed(NO_COSTS);
		assertThat(this.published).containsExactly(early, late);
		assertThat(events.unclaimed()).isOne();
		assertThat(output).contains("LLM budget events are claimed again");
	}

	@Test
	void eventFindingTheQueueFullShouldBePublishedAtOnceUnclaimedWithOneWarning(CapturedOutput output) {
		FleetBudgetEvents events = new FleetBudgetEvents(this.published::add, this.store.of("a"), 2, 3);
		LlmBudgetEvent first = event("a", "day", Type.EXHAUSTED, null);
		LlmBudgetEvent second = event("b", "day", Type.EXHAUSTED, null);
		LlmBudgetEvent third = event("c", "day", Type.EXHAUSTED, null);
		LlmBudgetEvent fourth = event("d", "day", Type.EXHAUSTED, null);

		events.accept(first);
		events.accept(second);
		events.accept(third);
		events.accept(fourth);

		assertThat(this.published).containsExactly(third, fourth);
		assertThat(events.queued()).as("bounded").isEqualTo(2);
		assertThat(events.unclaimed()).isEqualTo(2);
		assertThat(output).containsOnlyOnce("More than 2 LLM budget events wait to be claimed");
		events.flushed(NO_COSTS);
		assertThat(this.published).containsExactly(third, fourth, first, second);
	}

	@Test
	void eventsPutBackAfterAFailedClaimShouldNotGrowTheQueuePastItsCapacity() {
		FleetBudgetEvents events = new FleetBudgetEvents(this.published::add, this.store.of("a"), 2, 3);
		LlmBudgetEvent first = event("a", "day", Type.EXHAUSTED, null);
		LlmBudgetEvent second = event("b", "day", Type.EXHAUSTED, null);
		events.accept(first);
		events.accept(second);
		this.store.down = true;
		// Two more arrive while the claim is under way: they take the room.
		this.store.whileClaiming = () -> {
			events.accept(event("c", "day", Type.EXHAUSTED, null));
			events.accept(event("d", "day", Type.EXHAUSTED, null));
		};

		events.flushed(NO_COSTS);

		assertThat(events.queued()).isEqualTo(2);
		assertThat(this.published).extracting((event) -> event.getBudget().name())
			.as("no room left for the ones put back")
			.containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void twoInstancesFollowingTheSameFleetSpendShouldPublishEachEventOnceInTotal() {
		MutableClock clock = MutableClock.at("2026-10-14T10:00:00Z");
		List<LlmBudgetEvent> all = new ArrayList<>();
		List<FleetBudgetRefresh> refreshes = new ArrayList<>();
		List<FleetBudgetEvents> fleetEvents = new ArrayList<>();
		for (String instance : List.of("a", "b")) {
			FleetBudgetEvents events = new FleetBudgetEvents(all::add, this.store.of(instance));
			LlmBudgets budgets = new LlmBudgets(List.of(definition("daily", "day")), clock, ZoneId.of("Europe/Paris"),
					ReportingCurrency.USD, events);
			refreshes.add(new FleetBudgetRefresh(budgets));
			fleetEvents.add(events);
		}
		// The fleet's spend of the day as each flush reads it: 0.60, then 1.10 of 1.00.
		for (String spent : List.of("0.60", "1.10")) {
			for (int i = 0; i < 2; i++) {
				refreshes.get(i).draining();
				refreshes.get(i).flushed((from, to) -> Map.of("chat", new BigDecimal(spent)));
				fleetEvents.get(i).flushed(NO_COSTS);
			}
		}

		assertThat(all).extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
			.containsExactly(tuple(Type.THRESHOLD_CROSSED, 50), tuple(Type.THRESHOLD_CROSSED, 80),
					tuple(Type.EXHAUSTED, null));
	}

	private static LlmBudgetEvent event(String budget, String period, Type type, @Nullable Integer threshold) {
		BudgetDefinition definition = definition(budget, period);
		return new LlmBudgetEvent(FleetBudgetEventsTests.class, type, definition, threshold, new BigDecimal("0.50"),
				"USD", DAY, DAY.plusSeconds(86_400));
	}

	private static BudgetDefinition definition(String name, String period) {
		return new BudgetDefinition(name, null, new BigDecimal("1.00"), BudgetPeriod.parse(period), List.of(50, 80),
				BudgetAction.WARN, null);
	}

	private static String entry(String budget, Type type, int threshold, String instance) {
		return budget + "/" + type + "/" + threshold + " by " + instance;
	}

	/**
	 * A table of claims shared by instances: the first to claim an event owns it.
	 */
	private static final class Claims {

		private final Map<Event, String> owners = new HashMap<>();

		private volatile boolean down;

		private @Nullable Runnable whileClaiming;

		BudgetEventClaims of(String instance) {
			return (events) -> {
				Runnable during = this.whileClaiming;
				this.whileClaiming = null;
				if (during != null) {
					during.run();
				}
				if (this.down) {
					throw new LedgerUnavailableException("the store is down", new IllegalStateException());
				}
				Set<Event> claimed = new LinkedHashSet<>();
				for (Event event : events) {
					if (this.owners.computeIfAbsent(event, (key) -> instance).equals(instance)) {
						claimed.add(event);
					}
				}
				return claimed;
			};
		}

		List<String> claimedBy() {
			return this.owners.entrySet()
				.stream()
				.map((owner) -> owner.getKey().budget() + "/" + owner.getKey().type() + "/" + owner.getKey().threshold()
						+ " by " + owner.getValue())
				.toList();
		}

	}

}
