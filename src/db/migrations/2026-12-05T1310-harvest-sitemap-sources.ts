// A second kind of harvest source: schema.org LearningResource JSON-LD read from a sitemap (OERSI-style
// catalogues). `kind` says how a source is read; its base_url is then the sitemap's address, and the
// OAI-PMH columns (prefix, set_spec, resumption_token) are not used.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE harvest_sources
      ADD COLUMN kind text NOT NULL DEFAULT 'oai' CHECK (kind IN ('oai', 'sitemap'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE harvest_sources DROP COLUMN IF EXISTS kind`.execute(db);
}
