import type { Kysely } from 'kysely';
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../config/index.ts';
import { lockSubscription, planAndQueue, type RunDigestResult } from '../delivery/run-digest.ts';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Database, SubscriptionRow } from '../store/index.ts';
import { acquireLease, releaseLease } from '../store/leases.ts';
import { nextRun } from './next-runs.ts';

export { nextRuns, nextRun } from './next-runs.ts';

export interface SchedulerOptions {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  /** Names this instance in leases; unique per running process. */
  instanceId: string;
  now?: () => Date;
  /** Called after a run queued messages (wakes the delivery worker). */
  onQueued?: (result: RunDigestResult) => void;
  /** How long a claimed run is ours before another instance may take it over. */
  leaseTtlMs?: number;
  /** How often due runs are looked for besides the cron ticks (lease takeover, DST gaps, other instances' changes). */
  sweepMs?: number;
  /** A due run older than this when it is finally made is a catch-up of a missed one. */
  lateAfterMs?: number;
}

/**
 * Runs each channel's digest on its schedule (cron expression + IANA time zone, stored in
 * `subscriptions`).
 *
 * `next_run_at` is the source of truth: a run happens when it is due, and the same transaction that
 * plans the digest moves `next_run_at` to the schedule's next time after now. That makes every
 * trigger idempotent — node-cron's tick, the periodic sweep, a catch-up at start, another instance
 * doing the same — and gives the rules:
 * - a run missed while parley was down is made ONCE at start (`catch-up`), whatever the number of
 *   missed ticks, since the next run is counted from now;
 * - daylight-saving changes neither skip nor double a run (see next-runs.ts; a second node-cron tick
 *   in a repeated hour finds `next_run_at` already moved on);
 * - across instances each run is claimed with a lease `schedule:<id>`, and the subscription row is
 *   locked while it is planned; a run whose instance crashed is taken over when its lease expires.
 * Paused and failing channels are skipped: their missed runs are not caught up later.
 */
export class Scheduler {
  private readonly db: Kysely<Database>;
  private readonly config: Config;
  private readonly logger: Logger;
  private readonly instanceId: string;
  private readonly now: () => Date;
  private readonly onQueued: (result: RunDigestResult) => void;
  private readonly leaseTtlMs: number;
  private readonly sweepMs: number;
  private readonly lateAfterMs: number;
  private readonly tasks = new Map<number, ScheduledTask>();
  private readonly inProgress = new Map<number, Promise<void>>();
  /** Runs that failed (a planning error, the database away) wait before the next try. */
  private readonly retryAfter = new Map<number, { at: number; failures: number }>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(options: SchedulerOptions) {
    this.db = options.db;
    this.config = options.config;
    this.logger = options.logger.child({ component: 'scheduler' });
    this.instanceId = options.instanceId;
    this.now = options.now ?? (() => new Date());
    this.onQueued = options.onQueued ?? (() => {});
    this.leaseTtlMs = options.leaseTtlMs ?? 120_000;
    this.sweepMs = options.sweepMs ?? 15_000;
    this.lateAfterMs = options.lateAfterMs ?? 60_000;
  }

  /** Loads the schedules, catches up runs missed while parley was down, and starts the clock. */
  async start(): Promise<void> {
    this.started = true;
    await this.reload();
    await this.sweep();
  }

  /**
   * Re-reads every schedule (call after a subscription, schedule or pause changed): fills in or
   * corrects `next_run_at`, and rebuilds the cron jobs when running.
   */
  async reload(): Promise<void> {
    const now = this.now();
    const rows = await this.db.selectFrom('subscriptions').selectAll().execute();
    for (const row of rows) {
      const expected = nextRun(row.schedule, row.time_zone, now)?.toISOString() ?? null;
      if (row.next_run_at !== null && !this.isStaleFuture(row, now)) continue;
      // Only where nobody moved it meanwhile (another instance may be reloading too).
      let update = this.db.updateTable('subscriptions').set({ next_run_at: expected }).where('id', '=', row.id);
      update = row.next_run_at === null ? update.where('next_run_at', 'is', null) : update.where('next_run_at', '=', row.next_run_at);
      await update.execute();
    }
    if (this.started) this.rebuildCron(rows);
  }

  /** Makes every run that is due now (catch-ups included); resolves when they are done. */
  async runDue(): Promise<void> {
    const now = this.now();
    const due = await this.db
      .selectFrom('subscriptions')
      .select('id')
      .where('next_run_at', 'is not', null)
      .where('next_run_at', '<=', now.toISOString())
      .orderBy('next_run_at')
      .execute();
    await Promise.all(due.map(({ id }) => this.runIfDue(id)));
  }

  /** Stops the cron jobs and the sweep, and waits for runs in progress (their transactions commit or roll back). */
  async stop(): Promise<void> {
    this.started = false;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
    for (const task of this.tasks.values()) await task.destroy();
    this.tasks.clear();
    await Promise.allSettled([...this.inProgress.values()]);
  }

  /** A stored next run in the future that the schedule would not run at: the schedule changed underneath it. */
  private isStaleFuture(row: SubscriptionRow, now: Date): boolean {
    const stored = Date.parse(row.next_run_at!);
    if (stored <= now.getTime()) return false;
    return nextRun(row.schedule, row.time_zone, new Date(stored - 1))?.getTime() !== stored;
  }

  private rebuildCron(rows: SubscriptionRow[]): void {
    for (const task of this.tasks.values()) void task.destroy();
    this.tasks.clear();
    const cronLogger = {
      info: (message: string) => this.logger.debug({ source: 'node-cron' }, message),
      warn: (message: string) => this.logger.debug({ source: 'node-cron' }, message),
      error: (message: string | Error) => this.logger.warn({ source: 'node-cron' }, errorMessage(message)),
      debug: (message: string | Error) => this.logger.debug({ source: 'node-cron' }, errorMessage(message)),
    };
    for (const row of rows) {
      if (row.paused || !cron.validate(row.schedule)) continue;
      const task = cron.schedule(row.schedule, () => this.tick(row.id), {
        timezone: row.time_zone,
        name: `digest:${row.platform}:${row.channel_id}`,
        logger: cronLogger,
        suppressMissedWarning: true,
      });
      this.tasks.set(row.id, task);
    }
  }

  /** node-cron fired; the stored next run decides (it may be a moment ahead of the tick, or already done). */
  private tick(id: number): void {
    void this.db
      .selectFrom('subscriptions')
      .select('next_run_at')
      .where('id', '=', id)
      .executeTakeFirst()
      .then((row) => {
        if (!row?.next_run_at) return;
        const wait = Date.parse(row.next_run_at) - this.now().getTime();
        if (wait <= 0) return this.runIfDue(id);
        if (wait < 2_000) setTimeout(() => void this.runIfDue(id), wait);
      })
      .catch((error) => this.logger.error({ subscription: id, err: errorMessage(error) }, 'scheduled run could not start'));
  }

  private async sweep(): Promise<void> {
    try {
      await this.runDue();
    } catch (error) {
      this.logger.error({ err: errorMessage(error) }, 'could not look for due digests');
    }
    if (!this.started) return;
    let delay = this.sweepMs;
    try {
      // Wake exactly at the earliest next run when it comes before the next sweep (a DST gap, say).
      const earliest = await this.db.selectFrom('subscriptions').select((eb) => eb.fn.min('next_run_at').as('at')).where('paused', '=', 0).executeTakeFirst();
      if (earliest?.at) delay = Math.max(0, Math.min(delay, Date.parse(earliest.at) - this.now().getTime()));
    } catch {
      // The sweep itself logged the database problem; keep the regular pace.
    }
    if (!this.started) return;
    this.sweepTimer = setTimeout(() => void this.sweep(), delay);
  }

  private runIfDue(id: number): Promise<void> {
    const running = this.inProgress.get(id);
    if (running) return running;
    const backoff = this.retryAfter.get(id);
    if (backoff && backoff.at > this.now().getTime()) return Promise.resolve();
    const run = this.claimAndRun(id).finally(() => this.inProgress.delete(id));
    this.inProgress.set(id, run);
    return run;
  }

  private async claimAndRun(id: number): Promise<void> {
    const lease = `schedule:${id}`;
    if (!(await acquireLease(this.db, lease, { holder: this.instanceId, ttlMs: this.leaseTtlMs, now: this.now() }))) return;
    try {
      const outcome = await this.db.transaction().execute(async (trx) => {
        const row = await lockSubscription(trx, id);
        if (!row?.next_run_at) return null;
        const now = this.now();
        const dueAt = Date.parse(row.next_run_at);
        if (dueAt > now.getTime()) return null; // made already, by us or another instance
        let result: RunDigestResult | null = null;
        if (!row.paused && row.status === 'ok') {
          const trigger = now.getTime() - dueAt > this.lateAfterMs ? 'catch-up' : 'schedule';
          result = await planAndQueue(trx, this.config, row, trigger, now);
          this.logger.info({ subscription: id, platform: row.platform, channel: row.channel_id, trigger, due: row.next_run_at, ...result }, 'scheduled digest planned');
        }
        const next = nextRun(row.schedule, row.time_zone, now)?.toISOString() ?? null;
        await trx.updateTable('subscriptions').set({ next_run_at: next }).where('id', '=', id).execute();
        return result;
      });
      this.retryAfter.delete(id);
      if (outcome && outcome.messages > 0) this.onQueued(outcome);
    } catch (error) {
      const failures = (this.retryAfter.get(id)?.failures ?? 0) + 1;
      const waitMs = Math.min(10 * 60_000, 5_000 * 2 ** Math.min(10, failures - 1));
      this.retryAfter.set(id, { at: this.now().getTime() + waitMs, failures });
      this.logger.error({ subscription: id, err: errorMessage(error), retryInMs: waitMs }, 'scheduled digest failed; it stays due and is retried');
    } finally {
      await releaseLease(this.db, lease, this.instanceId).catch(() => {});
    }
  }
}
