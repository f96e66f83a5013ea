// The OAI-PMH provider's queries. Records are catalogue resources ordered by (modified_at, id), read a
// page at a time after the last key seen (keyset: an index range scan, never an OFFSET). Instants cross
// the application as text in UTC with microseconds, so a key read back compares exactly.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type SqlBool, type Expression } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** UTC instant with microseconds, e.g. 2026-12-05T10:00:00.123456Z. */
const INSTANT_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"';

/** Which resources a list covers: a datestamp window and at most one set. */
export interface RecordFilter {
  /** Inclusive lower bound (an instant as text), or none. */
  from: string | null;
  /** Exclusive upper bound (an instant as text). */
  until: string;
  set: SetFilter | null;
}

export type SetFilter =
  | { kind: 'discipline'; codes: readonly string[] }
  | { kind: 'level'; codes: readonly string[] }
  | { kind: 'producer'; code: string }
  | { kind: 'cost'; value: string }
  /** A harvested source (harvest_sources.id), or null: every harvested resource. */
  | { kind: 'source'; id: number | null };

export interface RecordKey {
  modifiedAt: string;
  id: number;
}

export interface OaiRecordRow {
  id: number;
  identifier: string;
  title: string;
  description: string;
  keywords: string[];
  languages: string[];
  levels: string[];
  disciplines: string[];
  types: string[];
  cost: string;
  licence: string;
  demo_url: string | null;
  published_on: string;
  producer_code: string;
  producer_name: string;
  source_id: number | null;
  withdrawn: boolean;
  modified_at: string;
}

/** The instant now on the database's clock (the one modified_at is written with). */
export async function databaseNow(db: Db): Promise<string> {
  const { rows } = await sql<{ now: string }>`
    SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', ${INSTANT_FORMAT}) AS now`.execute(db);
  return rows[0]!.now;
}

/** The smallest datestamp of the repository (deleted records included), or null when it is empty. */
export async function earliestModification(db: Db): Promise<string | null> {
  const { rows } = await sql<{ earliest: string | null }>`
    SELECT to_char(min(modified_at) AT TIME ZONE 'UTC', ${INSTANT_FORMAT}) AS earliest FROM resources`.execute(
    db,
  );
  return rows[0]?.earliest ?? null;
}

function conditions(filter: RecordFilter): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [sql<SqlBool>`r.modified_at < ${filter.until}::timestamptz`];
  if (filter.from !== null) where.push(sql<SqlBool>`r.modified_at >= ${filter.from}::timestamptz`);
  const set = filter.set;
  if (set?.kind === 'discipline') where.push(sql<SqlBool>`r.disciplines && ${[...set.codes]}::text[]`);
  if (set?.kind === 'level') where.push(sql<SqlBool>`r.levels && ${[...set.codes]}::text[]`);
  if (set?.kind === 'cost') where.push(sql<SqlBool>`r.cost = ${set.value}`);
  if (set?.kind === 'source') {
    where.push(
      set.id === null ? sql<SqlBool>`r.source_id IS NOT NULL` : sql<SqlBool>`r.source_id = ${set.id}`,
    );
  }
  if (set?.kind === 'producer') {
    where.push(sql<SqlBool>`r.producer_id = (SELECT id FROM producers WHERE code = ${set.code})`);
  }
  return where;
}

/** How many records the list covers (once per list: the count goes into its resumption tokens). */
export async function countRecords(db: Db, filter: RecordFilter): Promise<number> {
  const { rows } = await sql<{ count: string }>`
    SELECT count(*) AS count FROM resources r WHERE ${sql.join(conditions(filter), sql` AND `)}`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

const recordColumns = sql`
  r.id, r.identifier, r.title, r.description, r.keywords, r.languages, r.levels, r.disciplines, r.types,
  r.cost, r.licence, r.demo_url, r.published_on::text AS published_on, p.code AS producer_code,
  p.name AS producer_name, r.source_id, (r.withdrawn_at IS NOT NULL) AS withdrawn,
  to_char(r.modified_at AT TIME ZONE 'UTC', ${INSTANT_FORMAT}) AS modified_at`;

/** The next `limit` records of the list after `after`, in (modified_at, id) order. */
export async function listRecordsAfter(
  db: Db,
  filter: RecordFilter,
  after: RecordKey | null,
  limit: number,
): Promise<OaiRecordRow[]> {
  const where = conditions(filter);
  if (after)
    where.push(sql<SqlBool>`(r.modified_at, r.id) > (${after.modifiedAt}::timestamptz, ${after.id})`);
  const { rows } = await sql<OaiRecordRow>`
    SELECT ${recordColumns}
    FROM resources r JOIN producers p ON p.id = r.producer_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY r.modified_at, r.id
    LIMIT ${limit}`.execute(db);
  return rows;
}

export async function findRecord(db: Db, identifier: string): Promise<OaiRecordRow | undefined> {
  const { rows } = await sql<OaiRecordRow>`
    SELECT ${recordColumns}
    FROM resources r JOIN producers p ON p.id = r.producer_id
    WHERE r.identifier = ${identifier}`.execute(db);
  return rows[0];
}

export async function listProducers(db: Db): Promise<{ code: string; name: string }[]> {
  return db.selectFrom('producers').select(['code', 'name']).orderBy('code').execute();
}

/** The harvested sources: sets of their own (source:<id>). */
export async function listSources(db: Db): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('harvest_sources').select(['id', 'name']).orderBy('id').execute();
}

const TOKEN_KEY = 'oai-resumption-token';

/**
 * The key that signs resumption tokens, the same on every node: the first node to need it stores 32
 * random bytes; a node that loses the race reads the winner's.
 */
export async function loadTokenKey(db: Db): Promise<Buffer> {
  await db
    .insertInto('oai_secrets')
    .values({ name: TOKEN_KEY, secret: randomBytes(32) })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('oai_secrets')
    .select('secret')
    .where('name', '=', TOKEN_KEY)
    .executeTakeFirstOrThrow();
  return Buffer.from(row.secret);
}
