// The sitemap harvest's one query of its own: which records of a source are in the catalogue, to find
// those its sitemap no longer lists.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The source record identifiers (page addresses) of a source's resources not yet withdrawn. */
export async function listHarvestedRecordIds(db: Kysely<Database>, sourceId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('resources')
    .select('source_record_id')
    .where('source_id', '=', sourceId)
    .where('withdrawn_at', 'is', null)
    .where('source_record_id', 'is not', null)
    .execute();
  return rows.map((row) => row.source_record_id!);
}
