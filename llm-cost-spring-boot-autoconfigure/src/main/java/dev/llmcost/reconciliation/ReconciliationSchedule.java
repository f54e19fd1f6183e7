package dev.llmcost.reconciliation;

import java.time.Duration;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs a {@link Reconciliation} once when the application has started, then on a cron
 * schedule in UTC, on a scheduler thread of its own: it needs no
 * {@code @EnableScheduling}, never changes the application's scheduling, and a slow
 * billing API never holds up the application's scheduled tasks nor its startup.
 *
 * @author llm-cost contributors
 */
public class ReconciliationSchedule implements SmartLifecycle {

	/**
	 * How long stopping waits for a run in progress, which is interrupted.
	 */
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final Reconciliation reconciliation;

	private final CronTrigger trigger;

	private final Object monitor = new Object();

	private @Nullable ThreadPoolTaskScheduler scheduler;

	/**
	 * Create a schedule.
	 * @param reconciliation the reconciliation to run
	 * @param cron a Spring cron expression (six fields, seconds first), in UTC
	 * @throws IllegalArgumentException if the expression is not valid
	 */
	public ReconciliationSchedule(Reconciliation reconciliation, String cron) {
		this.reconciliation = reconciliation;
		this.trigger = new CronTrigger(cron, ZoneOffset.UTC);
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.scheduler != null) {
				return;
			}
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("llm-cost-reconciliation-");
			scheduler.setDaemon(true);
			scheduler.setWaitForTasksToCompleteOnShutdown(false);
			scheduler.setAwaitTerminationMillis(STOP_TIMEOUT.toMillis());
			scheduler.initialize();
			// The first comparison right away, in the background: the endpoint and the
			// gauge need not wait for the first scheduled run.
			scheduler.execute(this::run);
			scheduler.schedule(this::run, this.trigger);
			this.scheduler = scheduler;
		}
	}

	private void run() {
		try {
			this.reconciliation.reconcile();
		}
		catch (RuntimeException ex) {
			// reconcile() throws nothing it expects; never let a surprise end the
			// schedule.
		}
	}

	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler;
		synchronized (this.monitor) {
			scheduler = this.scheduler;
			this.scheduler = null;
		}
		if (scheduler != null) {
			scheduler.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.scheduler != null;
		}
	}

}
