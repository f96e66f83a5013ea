// The SQL side of notices: which producer submits, and each submission stored as a new version.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { NoticeIssue } from './scolomfr-document.js';
import type { NoticeFields } from './scolomfr-notice.js';

/** A producer by its code or its name (case and accents as stored, case-insensitive). */
export async function findProducer(
  db: Kysely<Database>,
  codeOrName: string,
): Promise<{ id: number; name: string } | undefined> {
  return db
    .selectFrom('producers')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('code', '=', codeOrName), eb(sql`lower(name)`, '=', codeOrName.toLowerCase())]))
    .orderBy('id')
    .executeTakeFirst();
}

/**
 * Stores one submission in one transaction: a new notice, or a new version of the producer's notice
 * with the same identifier (back to "submitted", whatever it was).
 */
export async function saveSubmission(
  db: Kysely<Database>,
  submission: {
    producerId: number;
    fields: NoticeFields;
    source: string;
    sourceFormat: 'scolomfr' | 'json' | 'form';
    warnings: readonly NoticeIssue[];
  },
): Promise<{ noticeId: number; version: number }> {
  return db.transaction().execute(async (trx) => {
    const notice = await trx
      .insertInto('notices')
      .values({
        producer_id: submission.producerId,
        identifier: submission.fields.identifier,
        title: submission.fields.title,
      })
      .onConflict((conflict) =>
        conflict.columns(['producer_id', 'identifier']).doUpdateSet({
          title: submission.fields.title,
          status: 'submitted',
          current_version: sql`notices.current_version + 1`,
          updated_at: sql`now()`,
        }),
      )
      .returning(['id', 'current_version'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('notice_versions')
      .values({
        notice_id: notice.id,
        version: notice.current_version,
        source_format: submission.sourceFormat,
        source: submission.source,
        fields: JSON.stringify(submission.fields),
        warnings: JSON.stringify(submission.warnings),
      })
      .execute();
    return { noticeId: notice.id, version: notice.current_version };
  });
}
