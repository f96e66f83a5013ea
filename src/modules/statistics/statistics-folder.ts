// Folds the statistics' change queues in the background, so that the orders' figures are mostly
// folded before anyone reads them: a reader then pays only for what came in since the last look
// (statistics.service.ts still folds before every read, so what it reads stays exact). main.ts starts
// one on each node; on PostgreSQL the folds of several nodes take turns on the fold's advisory lock,
// and a node that finds it taken leaves the queue to the fold in flight.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { foldStatistics } from './statistics.repository.js';

export interface StatisticsFolderOptions {
  /** Time between two looks at the queues (STATS_FOLD_MS); a look at empty queues is one probe. */
  intervalMs: number;
  log: { warn(message: string): void };
}

export class StatisticsFolder {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: StatisticsFolderOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** No further look; waits for the fold in flight (a fold is one transaction: nothing half done). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One look: folds what is queued unless another fold is in flight. True when it folded. */
  foldOnce(): Promise<boolean> {
    return this.db.transaction().execute((trx) => foldStatistics(trx, { wait: false }));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.foldOnce()
        .then(
          () => undefined,
          (error: unknown) =>
            this.options.log.warn(`Statistiques : ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.options.intervalMs);
    // The folder never keeps the process alive on its own (the HTTP server does).
    this.timer.unref();
  }
}
