// Where a publisher sends the invoice and whom it asks about a delivery: an establishment's postal
// address and contact (email, telephone). Additive and nullable: establishments imported before, or
// from a file without these columns, simply have none, and the pages say so.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE establishments
      ADD COLUMN address text CHECK (length(address) <= 300),
      ADD COLUMN contact_email text CHECK (length(contact_email) <= 254),
      ADD COLUMN contact_phone text CHECK (length(contact_phone) <= 30)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE establishments
      DROP COLUMN IF EXISTS address,
      DROP COLUMN IF EXISTS contact_email,
      DROP COLUMN IF EXISTS contact_phone`.execute(db);
}
