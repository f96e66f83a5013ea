// Scheduled harvests, inside the app. main.ts starts a scheduler on each node (HARVEST_SCHEDULER=0
// turns it off); every HARVEST_TICK_SECONDS it looks for due sources (a harvest asked for from the
// source's page, or the time its schedule set has come) and harvests them one at a time with
// runHarvest. The CLI's harvest-due does one such tick, for those who prefer cron.
//
// One node at a time. On PostgreSQL a tick first takes a session-level advisory lock
// (pg_try_advisory_lock) on a connection of its own, held out of the pool for the whole tick, and reads
// which sources are due only once it holds it; the harvests run on the pool's other connections. A
// node that finds the lock taken skips its tick. The source's next run time moves on as the run
// starts (and again from its end), before the lock is released, so the next holder never runs it
// again. If the lock's connection dies, PostgreSQL releases the lock with it. (A transaction-level
// lock would keep a transaction open for a harvest's duration, which idle-in-transaction timeouts
// end.) On PGlite there is one process (the data folder is locked) and one connection: the tick just
// runs, and one tick at a time runs in a process.
//
// A run that fails is logged by runHarvest itself (never thrown for the source's faults) and here;
// the next run time is computed from the schedule either way. Stopping starts no further source and
// asks the harvest in flight to end after the page it is writing (a failed run, which the next one
// resumes from there: harvest.service.ts), waiting up to a grace period; past it the harvest is cut off
// with the process, and the next run resumes from its last good page all the same.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { clock } from '../../shared/clock.js';
import { runHarvest, type HarvestSummary } from './harvest.service.js';
import type { OaiClientOptions } from './oai-client.js';
import { nextRunAfter, parseSchedule } from './harvest-schedule.js';
import {
  advisoryUnlock,
  findDueSource,
  markRunStarted,
  setNextRunAt,
  tryAdvisoryLock,
} from './harvest-schedule.repository.js';

type Db = Kysely<Database>;

/** The advisory lock's key: "CCRH" in ASCII, used by nothing else of the product. */
export const HARVEST_LOCK_KEY = 0x43435248;

export interface SchedulerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface DueHarvestOptions {
  kind: DatabaseKind;
  /** Options of the OAI-PMH client (tests shorten its timeouts). */
  client?: OaiClientOptions;
  /** Asked before each source: true ends the tick after the run in progress. */
  shouldStop?: () => boolean;
  /** Aborted: the run in progress stops after the page being written (the next run resumes there). */
  signal?: AbortSignal;
  log?: SchedulerLog;
}

export interface DueHarvestResult {
  /** 'locked': another node holds the lock; 'busy': this process already runs a tick on this db. */
  skipped: 'locked' | 'busy' | null;
  runs: HarvestSummary[];
}

/** The ticks running in this process, by database handle: one at a time for each. */
const ticksInProcess = new WeakSet<Db>();

/** Runs every due source once, one at a time, on one node at a time. */
export async function runDueHarvests(db: Db, options: DueHarvestOptions): Promise<DueHarvestResult> {
  if (ticksInProcess.has(db)) return { skipped: 'busy', runs: [] };
  ticksInProcess.add(db);
  try {
    if (options.kind !== 'postgresql') return { skipped: null, runs: await runDueSources(db, options) };
    return await db.connection().execute(async (connection) => {
      if (!(await tryAdvisoryLock(connection, HARVEST_LOCK_KEY)))
        return { skipped: 'locked' as const, runs: [] };
      try {
        return { skipped: null, runs: await runDueSources(db, options) };
      } finally {
        await advisoryUnlock(connection, HARVEST_LOCK_KEY);
      }
    });
  } finally {
    ticksInProcess.delete(db);
  }
}

async function runDueSources(db: Db, options: DueHarvestOptions): Promise<HarvestSummary[]> {
  const runs: HarvestSummary[] = [];
  const done: number[] = [];
  while (!options.shouldStop?.()) {
    const source = await findDueSource(db, clock.now(), done);
    if (!source) break;
    done.push(source.id);
    const parsed = parseSchedule(source.schedule);
    const schedule = parsed.ok ? parsed.schedule : null;
    await markRunStarted(db, source.id, clock.now(), nextRunAfter(schedule, clock.now()));
    try {
      const summary = await runHarvest(db, source.id, {
        database: options.kind,
        ...(options.client ? { client: options.client } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      runs.push(summary);
      const counts = `${summary.harvested} enregistrements, ${summary.created} créés, ${summary.updated} mis à jour, ${summary.deleted} retirés, ${summary.rejected} refusés en ${summary.seconds} s`;
      if (summary.status === 'failed')
        options.log?.warn(`Moissonnage « ${source.name} » en échec (${counts}) : ${summary.error ?? ''}`);
      else options.log?.info(`Moissonnage « ${source.name} » : ${counts}.`);
    } catch (error) {
      options.log?.error(
        `Moissonnage « ${source.name} » interrompu : ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    await setNextRunAt(db, source.id, nextRunAfter(schedule, clock.now()));
  }
  return runs;
}

export interface HarvestSchedulerOptions extends Omit<DueHarvestOptions, 'shouldStop' | 'signal'> {
  /** Time between ticks (HARVEST_TICK_SECONDS). */
  tickMs?: number;
  /** How long stop() waits for the tick in flight. */
  graceMs?: number;
}

/** The schedulers started in this process: a request made here wakes them at once. */
const started = new Set<HarvestScheduler>();

/** Wakes this process's schedulers (a harvest was asked for); the others find it at their tick. */
export function wakeHarvestSchedulers(): void {
  for (const scheduler of started) scheduler.wake();
}

export class HarvestScheduler {
  private readonly tickMs: number;
  private readonly graceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Set by stop(): the tick in flight starts no further source (runOnce() works before start()). */
  private stopping = false;
  private wokenWhileRunning = false;
  /** Aborted by stop(): the harvest in flight ends after its current page. */
  private abort = new AbortController();

  constructor(
    private readonly db: Db,
    private readonly options: HarvestSchedulerOptions,
  ) {
    this.tickMs = options.tickMs ?? 30_000;
    this.graceMs = options.graceMs ?? 15_000;
  }

  /** Ticks now, then every tickMs after each tick ends. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.abort = new AbortController();
    started.add(this);
    this.schedule(0);
  }

  /** A tick as soon as the one in flight (if any) ends. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wokenWhileRunning = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /**
   * No further tick or source; waits for the harvest in flight up to graceMs. True when nothing was
   * left running.
   */
  async stop(): Promise<boolean> {
    this.stopped = true;
    this.stopping = true;
    started.delete(this);
    clearTimeout(this.timer);
    if (!this.running) return true;
    this.abort.abort();
    let grace: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.running.then(() => true),
      new Promise<boolean>((resolve) => {
        grace = setTimeout(() => resolve(false), this.graceMs);
      }),
    ]);
    clearTimeout(grace);
    if (!finished) {
      this.options.log?.warn(
        'Arrêt : un moissonnage est encore en cours ; il s’arrête avec le processus et la prochaine exécution reprendra à sa dernière page.',
      );
    }
    return finished;
  }

  /** One tick: every due source, one at a time (also what start() does every tickMs). */
  runOnce(): Promise<DueHarvestResult> {
    return runDueHarvests(this.db, {
      ...this.options,
      shouldStop: () => this.stopping,
      signal: this.abort.signal,
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(
          () => undefined,
          (error: unknown) =>
            this.options.log?.error(
              `Planificateur de moissonnage : ${error instanceof Error ? error.message : String(error)}`,
            ),
        )
        .finally(() => {
          this.running = undefined;
          const again = this.wokenWhileRunning;
          this.wokenWhileRunning = false;
          this.schedule(again ? 0 : this.tickMs);
        });
    }, delayMs);
    // The scheduler never keeps the process alive on its own (the HTTP server does).
    this.timer.unref();
  }
}
