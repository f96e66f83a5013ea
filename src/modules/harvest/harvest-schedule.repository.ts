// Queries of the harvest sources' pages and of the scheduler: the sources with their last run, a
// source's recent runs, the producers to choose from, when each source is next due, and requests.
// (Registration and runs themselves are harvest.repository.ts's, through harvest.service.ts.)
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** A source as its pages show it, with its last run (if any). */
export async function listSourceOverviews(db: Db, sourceId?: number) {
  let query = db
    .selectFrom('harvest_sources as s')
    .innerJoin('producers as p', 'p.id', 's.producer_id')
    .leftJoin('harvest_runs as r', (join) =>
      join
        .onRef('r.source_id', '=', 's.id')
        .on(
          'r.id',
          '=',
          sql<number>`(SELECT max(last.id) FROM harvest_runs AS last WHERE last.source_id = s.id)`,
        ),
    )
    .select([
      's.id',
      's.name',
      's.base_url',
      's.kind',
      's.prefix',
      's.set_spec',
      's.schedule',
      's.default_licence',
      's.default_cost',
      's.needs_review',
      's.allowed_redirect_hosts',
      's.last_datestamp',
      's.granularity',
      's.created_at',
      's.next_run_at',
      's.run_requested_at',
      'p.code as producer_code',
      'p.name as producer_name',
      'r.id as run_id',
      'r.status as run_status',
      'r.started_at as run_started_at',
      'r.ended_at as run_ended_at',
      'r.harvested as run_harvested',
      'r.created as run_created',
      'r.updated as run_updated',
      'r.deleted as run_deleted',
      'r.rejected as run_rejected',
      'r.error as run_error',
    ])
    .orderBy('s.name');
  if (sourceId !== undefined) query = query.where('s.id', '=', sourceId);
  return query.execute();
}

export type SourceOverviewRow = Awaited<ReturnType<typeof listSourceOverviews>>[number];

/** A source's latest runs, newest first. */
export async function listRecentRuns(db: Db, sourceId: number, limit: number) {
  return db
    .selectFrom('harvest_runs')
    .selectAll()
    .where('source_id', '=', sourceId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export type HarvestRunRow = Awaited<ReturnType<typeof listRecentRuns>>[number];

/** Every producer, for the registration form's list. */
export async function listProducerChoices(db: Db) {
  return db.selectFrom('producers').select(['code', 'name']).orderBy('name').orderBy('code').execute();
}

/** When the scheduler next runs the source (null: not on its own). */
export async function setNextRunAt(db: Db, sourceId: number, at: Date | null): Promise<void> {
  await db.updateTable('harvest_sources').set({ next_run_at: at }).where('id', '=', sourceId).execute();
}

/** "Moissonner maintenant": the earliest pending request is kept. False when there is no such source. */
export async function requestRun(db: Db, sourceId: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('harvest_sources')
    .set({ run_requested_at: sql<Date>`coalesce(run_requested_at, ${at})` })
    .where('id', '=', sourceId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The most urgent due source (asked for first, then the longest overdue), leaving out `skip`: the
 * sources this tick already ran. Due: a harvest was asked for, or its next run time has come.
 */
export async function findDueSource(db: Db, now: Date, skip: readonly number[]) {
  let query = db
    .selectFrom('harvest_sources')
    .select(['id', 'name', 'schedule'])
    .where((eb) => eb.or([eb('run_requested_at', 'is not', null), eb('next_run_at', '<=', now)]));
  if (skip.length > 0) query = query.where('id', 'not in', [...skip]);
  return query
    .orderBy(sql`run_requested_at IS NULL`)
    .orderBy('next_run_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/**
 * A scheduled run starts: the request it answers is cleared (one made later stays, for another run),
 * and the next run time moves on, so a run that dies never leaves its source due forever.
 */
export async function markRunStarted(db: Db, sourceId: number, startedAt: Date, nextRunAt: Date | null) {
  await db
    .updateTable('harvest_sources')
    .set({
      run_requested_at: sql<Date | null>`CASE WHEN run_requested_at <= ${startedAt} THEN NULL ELSE run_requested_at END`,
      next_run_at: nextRunAt,
    })
    .where('id', '=', sourceId)
    .execute();
}

/** Holds or releases the scheduler's PostgreSQL advisory lock on this connection (session level). */
export async function tryAdvisoryLock(connection: Db, key: number): Promise<boolean> {
  const { rows } = await sql<{
    locked: boolean;
  }>`SELECT pg_try_advisory_lock(${key}::bigint) AS locked`.execute(connection);
  return rows[0]?.locked === true;
}

export async function advisoryUnlock(connection: Db, key: number): Promise<void> {
  await sql`SELECT pg_advisory_unlock(${key}::bigint)`.execute(connection);
}
