// Indexes for lookups found while building drawing rights: an establishment's rights (carts, order
// lists; the unique index starts with campaign_id) and sign-in attempts counted per IP.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX drawing_rights_establishment_idx ON drawing_rights (establishment_id)`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_ip_idx ON sign_in_attempts (ip, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS sign_in_attempts_ip_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS drawing_rights_establishment_idx`.execute(db);
}
