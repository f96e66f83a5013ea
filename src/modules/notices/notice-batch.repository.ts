// Many submissions stored in one statement, for large imports: each notice is inserted, or becomes a
// new version of the producer's notice with the same identifier, exactly as saveSubmission does one at
// a time (notices.repository.ts). One statement is one transaction: the group is stored whole or not
// at all, and a notice's row never goes without its version.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { NoticeFields } from './notice-fields.js';
import type { NoticeIssue } from './scolomfr-document.js';

export interface Submission {
  producerId: number;
  fields: NoticeFields;
  source: string;
  sourceFormat: 'scolomfr' | 'json' | 'form';
  warnings: readonly NoticeIssue[];
}

/** The key two submissions of one statement must not share: one row cannot be upserted twice. */
export const submissionKey = (submission: Submission): string =>
  `${submission.producerId}\u0000${submission.fields.identifier}`;

/**
 * Stores the submissions in one statement, in their order, and returns each one's notice and
 * version (in the same order). No two of them may share a producer and an identifier: the caller
 * stores the second one in a later statement.
 *
 * The submissions travel as one JSON parameter (cheaper to write and to read than seven arrays), so
 * the statement's text is the same whatever their number, and PostgreSQL prepares it once per
 * connection (db/prepared-statements.ts).
 */
export async function saveSubmissions(
  db: Kysely<Database>,
  submissions: readonly Submission[],
): Promise<{ noticeId: number; version: number }[]> {
  if (submissions.length === 0) return [];
  if (new Set(submissions.map(submissionKey)).size !== submissions.length) {
    throw new Error('saveSubmissions: two submissions of one statement share a producer and an identifier');
  }
  const rows = submissions.map((submission, position) => ({
    position,
    producer_id: submission.producerId,
    identifier: submission.fields.identifier,
    title: submission.fields.title,
    source_format: submission.sourceFormat,
    source: submission.source,
    fields: submission.fields,
    warnings: submission.warnings,
  }));
  const { rows: stored } = await sql<{ id: number; current_version: number }>`
    WITH input AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS t(
        position int, producer_id int, identifier text, title text, source_format text, source text,
        fields jsonb, warnings jsonb)
    ), saved AS (
      INSERT INTO notices AS n (producer_id, identifier, title)
      SELECT producer_id, identifier, title FROM input ORDER BY position
      ON CONFLICT (producer_id, identifier) DO UPDATE SET
        title = excluded.title,
        status = 'submitted',
        submitted_at = now(),
        current_version = n.current_version + 1,
        updated_at = now()
      RETURNING n.id, n.producer_id, n.identifier, n.current_version
    ), matched AS (
      SELECT s.id, s.current_version, i.position, i.source_format, i.source, i.fields, i.warnings
      FROM input i JOIN saved s ON s.producer_id = i.producer_id AND s.identifier = i.identifier
    ), versions AS (
      INSERT INTO notice_versions (notice_id, version, source_format, source, fields, warnings)
      SELECT id, current_version, source_format, source, fields, warnings FROM matched
    )
    SELECT id, current_version FROM matched ORDER BY position`.execute(db);
  return stored.map((row) => ({ noticeId: row.id, version: row.current_version }));
}

/** Why the database refused a submission: its data broke a rule of the tables. */
export interface Refusal {
  /** SQLSTATE: 22… a value out of range or malformed, 23… a constraint, 54… a value past a limit. */
  code: string;
  constraint?: string;
  message: string;
}

/** The refusal an error of the database is, when it is about the data; undefined otherwise. */
export function refusalOf(error: unknown): Refusal | undefined {
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (typeof code !== 'string' || !/^(22|23|54)/.test(code)) return undefined;
  return {
    code,
    ...(typeof constraint === 'string' ? { constraint } : {}),
    message: String(message),
  };
}

/**
 * Writes items in as few calls of `write` as the database allows: all of them at once, or, when `refused`
 * says the failure was about some item's data, each half again, down to the item at fault, which is
 * refused alone. `write` returns one result per item, in order. Other errors are thrown. Used by
 * imports (saveSubmissionsEach) and harvests (each call its own transaction or savepoint).
 */
export async function writeEachOrSplit<T, R, F>(
  items: readonly T[],
  write: (items: readonly T[]) => Promise<R[]>,
  refused: (error: unknown) => F | undefined,
): Promise<(R | { refusal: F })[]> {
  if (items.length === 0) return [];
  try {
    return await write(items);
  } catch (error) {
    const refusal = refused(error);
    if (refusal === undefined) throw error;
    if (items.length === 1) return [{ refusal }];
    const half = Math.ceil(items.length / 2);
    return [
      ...(await writeEachOrSplit(items.slice(0, half), write, refused)),
      ...(await writeEachOrSplit(items.slice(half), write, refused)),
    ];
  }
}

/**
 * Stores the submissions in as few statements as the database allows: all of them in one, or, when it
 * refuses that one because of some submission's data, each half again, down to the submission at fault,
 * which is refused alone. Every other submission is stored, each whole (its notice and its version).
 * Errors that are not about the data (a lost connection) are thrown.
 */
export async function saveSubmissionsEach(
  db: Kysely<Database>,
  submissions: readonly Submission[],
): Promise<({ noticeId: number; version: number } | { refusal: Refusal })[]> {
  return writeEachOrSplit(submissions, (group) => saveSubmissions(db, group), refusalOf);
}

/** How many notices the planner believes the table holds (0 before it was ever counted). */
export async function plannedNoticeRows(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ reltuples: number }>`
    SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = 'notices'::regclass`.execute(db);
  return Math.max(0, Number(rows[0]?.reltuples ?? 0));
}

/**
 * Counts the notices again for the planner, and returns the new count. Storing a version checks that
 * its notice exists (the foreign key) with a plan made for the table's last statistics: planned for an
 * empty table, that check reads the whole table, once per notice, and a large import slows down as it
 * grows (100,000 notices: from 600 to 140 per second) until autovacuum, if it runs, counts again.
 */
export async function analyzeNotices(db: Kysely<Database>): Promise<number> {
  await sql`ANALYZE notices`.execute(db);
  return plannedNoticeRows(db);
}
