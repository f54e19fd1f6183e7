package dev.llmcost.budget;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.llmcost.ledger.BudgetEventClaims;
import dev.llmcost.ledger.BudgetEventClaims.Event;
import dev.llmcost.ledger.LedgerCosts;
import dev.llmcost.ledger.LedgerFlushListener;
import dev.llmcost.ledger.LedgerUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Publishes each event of a calendar budget from one instance of the fleet: every
 * instance that follows the fleet's spend sees the same threshold crossed, and only the
 * first to {@link BudgetEventClaims#claim claim} the event in the ledger's store passes
 * it on.
 * <p>
 * An event is queued, never claimed on the thread that recorded the call: the claims are
 * made on the ledger's flush thread, after each flush (register this listener after the
 * {@link FleetBudgetRefresh}, so that the events a refresh finds are claimed in the same
 * flush), and the events this instance claimed are passed on from there. Events of a
 * rolling window are passed on at once, unclaimed: rolling windows count this instance's
 * calls only.
 * <p>
 * An announcement is worth more than its uniqueness: an event that could not be claimed
 * after {@code maxAttempts} flushes (the store unreachable, or its table of budget events
 * missing), or that finds the queue full, is passed on unclaimed, as every instance that
 * saw it may then do. The queue holds at most {@code capacity} events.
 *
 * @author llm-cost contributors
 */
public final class FleetBudgetEvents implements Consumer<LlmBudgetEvent>, LedgerFlushListener {

	/**
	 * The most events queued by default: a budget has a few events per period.
	 */
	public static final int DEFAULT_CAPACITY = 1_000;

	/**
	 * The flushes an event waits for a claim by default before it is published unclaimed.
	 */
	public static final int DEFAULT_MAX_ATTEMPTS = 3;

	/**
	 * The threshold of the claim of an event without one: {@code warn-at} is 1 to 99.
	 */
	static final int NO_THRESHOLD = 0;

	private static final Log logger = LogFactory.getLog(FleetBudgetEvents.class);

	private final Consumer<LlmBudgetEvent> next;

	private final BudgetEventClaims claims;

	private final int capacity;

	private final int maxAttempts;

	private final ArrayDeque<Queued> queue = new ArrayDeque<>();

	private final AtomicLong unclaimed = new AtomicLong();

	private final AtomicBoolean overflowLogged = new AtomicBoolean();

	// Written on the flush thread only.
	private volatile boolean failing;

	/**
	 * Create the events of a fleet with the default capacity and attempts.
	 * @param next receives the events to publish
	 * @param claims where the events are claimed
	 */
	public FleetBudgetEvents(Consumer<LlmBudgetEvent> next, BudgetEventClaims claims) {
		this(next, claims, DEFAULT_CAPACITY, DEFAULT_MAX_ATTEMPTS);
	}

	/**
	 * Create the events of a fleet.
	 * @param next receives the events to publish
	 * @param claims where the events are claimed
	 * @param capacity the most events queued for a claim
	 * @param maxAttempts the flushes an event waits for a claim before it is published
	 * unclaimed
	 */
	public FleetBudgetEvents(Consumer<LlmBudgetEvent> next, BudgetEventClaims claims, int capacity, int maxAttempts) {
		if (capacity <= 0 || maxAttempts <= 0) {
			throw new IllegalArgumentException("capacity and maxAttempts must be positive");
		}
		this.next = next;
		this.claims = claims;
		this.capacity = capacity;
		this.maxAttempts = maxAttempts;
	}

	@Override
	public void accept(LlmBudgetEvent event) {
		if (event.getBudget().period().isRolling()) {
			pass(event);
			return;
		}
		boolean queued;
		synchronized (this.queue) {
			queued = this.queue.size() < this.capacity && this.queue.add(new Queued(event, key(event), 0));
		}
		if (!queued) {
			overflow(event);
		}
	}

	@Override
	public void draining() {
	}

	@Override
	public void flushed(LedgerCosts stored) {
		List<Queued> taken = takeAll();
		if (taken.isEmpty()) {
			return;
		}
		Set<Event> claimed;
		try {
			claimed = this.claims.claim(taken.stream().map(Queued::key).toList());
		}
		catch (RuntimeException ex) {
			// The ledger's message names no credential; another exception's might.
			String reason = (ex instanceof LedgerUnavailableException) ? ex.getMessage()
					: ex.getClass().getSimpleName();
			logger.debug("Could not claim LLM budget events", ex);
			attemptFailed(taken, reason);
			return;
		}
		this.overflowLogged.set(false);
		if (this.failing) {
			this.failing = false;
			logger.info("LLM budget events are claimed again: each is published by one instance of the fleet");
		}
		for (Queued queued : taken) {
			if (claimed.contains(queued.key())) {
				pass(queued.event());
			}
		}
	}

	@Override
	public void flushFailed() {
		List<Queued> taken = takeAll();
		if (!taken.isEmpty()) {
			attemptFailed(taken, "the ledger's table cannot be written now");
		}
	}

	@Override
	public boolean isWaiting() {
		return queued() > 0;
	}

	/**
	 * Return how many events of calendar budgets were published without a claim, so
	 * possibly by other instances too, since this started.
	 * @return the number of events
	 */
	public long unclaimed() {
		return this.unclaimed.get();
	}

	/**
	 * Return how many events wait for a claim.
	 * @return the number of events
	 */
	public int queued() {
		synchronized (this.queue) {
			return this.queue.size();
		}
	}

	private List<Queued> takeAll() {
		synchronized (this.queue) {
			List<Queued> taken = new ArrayList<>(this.queue);
			this.queue.clear();
			return taken;
		}
	}

	/**
	 * Put the events back at the head of the queue, ahead of those queued since, for the
	 * next flush; publish those that have waited long enough, or find no room, unclaimed.
	 */
	private void attemptFailed(List<Queued> taken, String reason) {
		List<LlmBudgetEvent> due = new ArrayList<>();
		synchronized (this.queue) {
			for (int i = taken.size() - 1; i >= 0; i--) {
				Queued queued = taken.get(i);
				int attempts = queued.attempts() + 1;
				if (attempts >= this.maxAttempts || this.queue.size() >= this.capacity) {
					due.add(0, queued.event());
				}
				else {
					this.queue.addFirst(new Queued(queued.event(), queued.key(), attempts));
				}
			}
		}
		if (!this.failing) {
			this.failing = true;
			logger.warn("Could not claim LLM budget events in the ledger's store (" + reason + "); an event still "
					+ "unclaimed after " + this.maxAttempts + " flushes is published by this instance, and may be by "
					+ "other instances too");
		}
		due.forEach(this::publishUnclaimed);
	}

	private void overflow(LlmBudgetEvent event) {
		if (this.overflowLogged.compareAndSet(false, true)) {
			logger.warn("More than " + this.capacity + " LLM budget events wait to be claimed; events past that "
					+ "are published by this instance unclaimed, and may be by other instances too");
		}
		publishUnclaimed(event);
	}

	private void publishUnclaimed(LlmBudgetEvent event) {
		this.unclaimed.incrementAndGet();
		pass(event);
	}

	private void pass(LlmBudgetEvent event) {
		try {
			this.next.accept(event);
		}
		catch (RuntimeException ex) {
			// Events are few (once per threshold and period), so logging each is
			// bounded.
			logger.warn("Handling " + event + " failed", ex);
		}
	}

	private static Event key(LlmBudgetEvent event) {
		Integer threshold = event.getThreshold();
		return new Event(event.getBudget().name(), event.getPeriodStart(), event.getType().name(),
				(threshold != null) ? threshold : NO_THRESHOLD);
	}

	private record Queued(LlmBudgetEvent event, Event key, int attempts) {

	}

}
