// The harvester's queries: sources, runs, and the source columns of harvested resources.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, HarvestRejection, HarvestSourceTable } from '../../db/schema.js';

type Db = Kysely<Database>;

export type HarvestSource = Selectable<HarvestSourceTable> & { producer_code: string };

export interface NewHarvestSource {
  name: string;
  kind: 'oai' | 'sitemap';
  baseUrl: string;
  prefix: 'scolomfr' | 'lom' | 'oai_dc';
  set: string | null;
  schedule: string | null;
  producerId: number;
  defaultLicence: string;
  defaultCost: 'yes' | 'no';
  needsReview: boolean;
  allowedRedirectHosts: string[];
}

const sourceColumns = (db: Db) =>
  db
    .selectFrom('harvest_sources as s')
    .innerJoin('producers as p', 'p.id', 's.producer_id')
    .selectAll('s')
    .select('p.code as producer_code');

export async function findSourceByName(db: Db, name: string): Promise<HarvestSource | undefined> {
  return sourceColumns(db).where('s.name', '=', name).executeTakeFirst();
}

export async function findSourceById(db: Db, id: number): Promise<HarvestSource | undefined> {
  return sourceColumns(db).where('s.id', '=', id).executeTakeFirst();
}

export async function findSourceByUrl(
  db: Db,
  baseUrl: string,
  prefix: string,
  set: string | null,
): Promise<HarvestSource | undefined> {
  return sourceColumns(db)
    .where('s.base_url', '=', baseUrl)
    .where('s.prefix', '=', prefix as HarvestSource['prefix'])
    .where((eb) => (set === null ? eb('s.set_spec', 'is', null) : eb('s.set_spec', '=', set)))
    .executeTakeFirst();
}

/** A new source, and its value of the search's "source" facet (named after the source). */
export async function insertSource(db: Db, source: NewHarvestSource): Promise<number> {
  await db
    .insertInto('facet_values')
    .values({ facet: 'source', code: source.name, label: source.name })
    .onConflict((conflict) => conflict.columns(['facet', 'code']).doNothing())
    .execute();
  const row = await db
    .insertInto('harvest_sources')
    .values({
      name: source.name,
      kind: source.kind,
      base_url: source.baseUrl,
      prefix: source.prefix,
      set_spec: source.set,
      schedule: source.schedule,
      producer_id: source.producerId,
      default_licence: source.defaultLicence,
      default_cost: source.defaultCost,
      needs_review: source.needsReview,
      allowed_redirect_hosts: source.allowedRedirectHosts,
      last_datestamp: null,
      resumption_token: null,
      granularity: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSourceProgress(
  db: Db,
  id: number,
  progress: {
    granularity?: HarvestSource['granularity'];
    lastDatestamp?: string | null;
    resumptionToken?: string | null;
  },
): Promise<void> {
  await db
    .updateTable('harvest_sources')
    .set({
      ...(progress.granularity !== undefined ? { granularity: progress.granularity } : {}),
      ...(progress.lastDatestamp !== undefined ? { last_datestamp: progress.lastDatestamp } : {}),
      ...(progress.resumptionToken !== undefined ? { resumption_token: progress.resumptionToken } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function findProducerByCode(db: Db, code: string) {
  return db.selectFrom('producers').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
}

export async function insertRun(db: Db, sourceId: number, fromDatestamp: string | null): Promise<number> {
  const row = await db
    .insertInto('harvest_runs')
    .values({
      source_id: sourceId,
      from_datestamp: fromDatestamp,
      ended_at: null,
      last_datestamp: null,
      error: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RunCounts {
  harvested: number;
  created: number;
  updated: number;
  deleted: number;
  rejected: number;
  rejections: HarvestRejection[];
  lastDatestamp: string | null;
}

/** The counts so far (after each page), so a run that dies keeps what it did in its log. */
export async function updateRunCounts(db: Db, runId: number, counts: RunCounts): Promise<void> {
  await db
    .updateTable('harvest_runs')
    .set({
      harvested: counts.harvested,
      created: counts.created,
      updated: counts.updated,
      deleted: counts.deleted,
      rejected: counts.rejected,
      rejections: JSON.stringify(counts.rejections),
      last_datestamp: counts.lastDatestamp,
    })
    .where('id', '=', runId)
    .execute();
}

export async function completeRun(
  db: Db,
  runId: number,
  status: 'succeeded' | 'failed',
  error: string | null,
): Promise<void> {
  await db
    .updateTable('harvest_runs')
    .set({ status, error, ended_at: sql<Date>`now()` })
    .where('id', '=', runId)
    .execute();
}

/**
 * Runs of a source still marked running when a run of it starts, which only its claim allows
 * (harvest.service.ts): the process that ran them stopped before their end. They become failed runs
 * that say so (the next run resumes from their last good page).
 */
export async function failInterruptedRuns(db: Db, sourceId: number): Promise<number> {
  const result = await db
    .updateTable('harvest_runs')
    .set({
      status: 'failed',
      ended_at: sql<Date>`now()`,
      error:
        'Interrompu : le processus qui moissonnait s’est arrêté avant la fin ; l’exécution suivante a repris à la dernière page enregistrée.',
    })
    .where('source_id', '=', sourceId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The session lock of one source's runs ("CCRS", the source's id): one run of a source at a time. */
const SOURCE_LOCK_CLASS = 0x43435253;

export async function tryLockSource(connection: Db, sourceId: number): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    SELECT pg_try_advisory_lock(${SOURCE_LOCK_CLASS}, ${sourceId}) AS locked`.execute(connection);
  return rows[0]?.locked === true;
}

export async function unlockSource(connection: Db, sourceId: number): Promise<void> {
  await sql`SELECT pg_advisory_unlock(${SOURCE_LOCK_CLASS}, ${sourceId})`.execute(connection);
}

/** The latest datestamp reached by the failed runs since the source's last successful run. */
export async function pendingDatestamps(db: Db, sourceId: number): Promise<string[]> {
  const lastSuccess = db
    .selectFrom('harvest_runs')
    .select(sql<number>`coalesce(max(id), 0)`.as('id'))
    .where('source_id', '=', sourceId)
    .where('status', '=', 'succeeded');
  const rows = await db
    .selectFrom('harvest_runs')
    .select('last_datestamp')
    .where('source_id', '=', sourceId)
    .where('status', '=', 'failed')
    .where('last_datestamp', 'is not', null)
    .where('id', '>', lastSuccess)
    .execute();
  return rows.map((row) => row.last_datestamp!);
}

export async function listRuns(db: Db, sourceId: number) {
  return db.selectFrom('harvest_runs').selectAll().where('source_id', '=', sourceId).orderBy('id').execute();
}

/** The resource a record became, by its source and OAI identifier. */
export async function findHarvestedResource(db: Db, sourceId: number, recordId: string) {
  return db
    .selectFrom('resources')
    .select(['id', 'withdrawn_at'])
    .where('source_id', '=', sourceId)
    .where('source_record_id', '=', recordId)
    .executeTakeFirst();
}

/** Whatever resource already holds an identifier, and the record it came from if harvested. */
export async function findResourceByIdentifier(db: Db, identifier: string) {
  return db
    .selectFrom('resources')
    .select(['id', 'source_id', 'source_record_id'])
    .where('identifier', '=', identifier)
    .executeTakeFirst();
}

/** Marks a resource as harvested from a source, with the source among its facet values. */
export async function setResourceSource(
  db: Db,
  resourceId: number,
  source: { sourceId: number; recordId: string; recordUrl: string | null },
): Promise<void> {
  const facet = db
    .selectFrom('facet_values as f')
    .innerJoin('harvest_sources as s', 's.name', 'f.code')
    .select('f.id')
    .where('f.facet', '=', 'source')
    .where('s.id', '=', source.sourceId);
  await db
    .updateTable('resources')
    .set({
      source_id: source.sourceId,
      source_record_id: source.recordId,
      source_record_url: source.recordUrl,
      facet_ids: sql<number[]>`(
        SELECT coalesce(array_agg(DISTINCT id), '{}') FROM unnest(facet_ids || ARRAY(${facet})) AS id)`,
    })
    .where('id', '=', resourceId)
    .execute();
}

/**
 * For a group of records: the resources they became (by source and record identifier) and whatever
 * resources hold their identifiers, in two statements whose text does not depend on the group's size.
 */
export async function findGroupResources(
  db: Db,
  sourceId: number,
  recordIds: readonly string[],
  identifiers: readonly string[],
) {
  const harvested =
    recordIds.length === 0
      ? []
      : await db
          .selectFrom('resources')
          .select(['id', 'withdrawn_at', 'source_record_id'])
          .where('source_id', '=', sourceId)
          .where(sql<boolean>`source_record_id = any(${[...recordIds]}::text[])`)
          .execute();
  const holders =
    identifiers.length === 0
      ? []
      : await db
          .selectFrom('resources')
          .select(['id', 'identifier', 'source_id', 'source_record_id'])
          .where(sql<boolean>`identifier = any(${[...identifiers]}::text[])`)
          .execute();
  return {
    harvested: new Map(harvested.map((row) => [row.source_record_id!, row])),
    holders: new Map(holders.map((row) => [row.identifier, row])),
  };
}

/** A source's value of the search's "source" facet (null if it was never made). */
export async function findSourceFacetId(db: Db, sourceId: number): Promise<number | null> {
  const row = await db
    .selectFrom('facet_values as f')
    .innerJoin('harvest_sources as s', 's.name', 'f.code')
    .select('f.id')
    .where('f.facet', '=', 'source')
    .where('s.id', '=', sourceId)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** A producer's name (what the search's indexed terms carry). */
export async function findProducerName(db: Db, producerId: number): Promise<string> {
  const row = await db
    .selectFrom('producers')
    .select('name')
    .where('id', '=', producerId)
    .executeTakeFirstOrThrow();
  return row.name;
}

/** Opens, releases or rolls back to the savepoint of one group of a batch's transaction. */
export async function groupSavepoint(trx: Db, step: 'open' | 'release' | 'rollback'): Promise<void> {
  if (step === 'open') await sql`SAVEPOINT harvest_group`.execute(trx);
  else if (step === 'release') await sql`RELEASE SAVEPOINT harvest_group`.execute(trx);
  else {
    await sql`ROLLBACK TO SAVEPOINT harvest_group`.execute(trx);
    await sql`RELEASE SAVEPOINT harvest_group`.execute(trx);
  }
}

/** How many resources the planner believes the table holds (0 before it was ever counted). */
export async function plannedResourceRows(db: Db): Promise<number> {
  const { rows } = await sql<{ reltuples: number }>`
    SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = 'resources'::regclass`.execute(db);
  return Math.max(0, Number(rows[0]?.reltuples ?? 0));
}

/**
 * Counts the resources again for the planner. A large first harvest into a young catalogue otherwise
 * looks its records up with plans made for a nearly empty table (as the import's notices: see
 * analyzeNotices), on a server whose autovacuum has not passed yet.
 */
export async function analyzeResources(db: Db): Promise<number> {
  await sql`ANALYZE resources`.execute(db);
  return plannedResourceRows(db);
}
