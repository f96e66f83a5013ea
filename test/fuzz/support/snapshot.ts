// What a refused request must leave as it was: the row count of every table, and the ledger (every
// ledger entry and every drawing right's balance) as one checksum. One query, so a fuzz case stays
// cheap on PGlite and PostgreSQL alike.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.js';

export type Snapshot = Record<string, string>;

/**
 * Tables derived from others inside the same statement or at read time: the public statistics' queues
 * and aggregates (every statistics read folds the queue, a refused one included) and the search
 * ranking's counters. A write that reaches them reaches a counted table first, so leaving them out
 * hides nothing a refusal could write.
 */
const DERIVED_TABLES = new Set([
  'order_stat_changes',
  'ledger_stat_changes',
  'order_stat_offer_dims',
  'order_stat_establishments',
  'order_stats',
  'academy_consumption',
  'resource_rankings',
  'resource_adopters',
]);

/** Builds the snapshot query once from information_schema: a table added later is counted too. */
export async function snapshotter(db: Kysely<Database>): Promise<() => Promise<Snapshot>> {
  const tables = (
    await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
      ORDER BY table_name`.execute(db)
  ).rows
    .map((row) => row.name)
    .filter((name) => !DERIVED_TABLES.has(name));
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const columns = tables.map((table) => `(SELECT count(*) FROM ${quote(table)})::text AS ${quote(table)}`);
  // Row text covers every column: an amount, a kind or a balance that changed changes the checksum.
  columns.push(
    `(SELECT md5(coalesce(string_agg(t::text, ';' ORDER BY t.id), '')) FROM ledger_entries t) AS "ledger:checksum"`,
    `(SELECT md5(coalesce(string_agg(t::text, ';' ORDER BY t.id), '')) FROM drawing_rights t) AS "drawing_rights:checksum"`,
  );
  const query = sql.raw<Snapshot>(`SELECT ${columns.join(', ')}`);
  return async () => (await query.execute(db)).rows[0]!;
}

/** The entries that differ, as "table: before → after". */
export function differences(before: Snapshot, after: Snapshot, ignored: ReadonlySet<string>): string[] {
  return Object.keys(after)
    .filter((key) => !ignored.has(key) && before[key] !== after[key])
    .map((key) => `${key}: ${before[key]} → ${after[key]}`);
}
