// The experts' review of notices, and withdrawal from the catalogue.
// - A resource can be withdrawn (withdrawn_at): it leaves search at once (the change-log trigger fires
//   on the UPDATE and the index reads it as gone), while orders, subscriptions and proposals that point
//   at it stay as they are.
// - A notice knows the resource it became, the expert it is assigned to, when its current version was
//   submitted (the waiting time) and when it was last decided.
// - Every decision is kept with its reasons, per version: the publisher sees why, experts see history.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE resources ADD COLUMN withdrawn_at timestamptz`.execute(db);
  await sql`
    ALTER TABLE notices
      ADD COLUMN resource_id integer REFERENCES resources (id),
      ADD COLUMN assigned_to integer REFERENCES users (id),
      ADD COLUMN submitted_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN decided_at timestamptz`.execute(db);
  await sql`CREATE INDEX notices_producer_status ON notices (producer_id, status)`.execute(db);
  await sql`CREATE INDEX notices_identifier ON notices (identifier)`.execute(db);
  await sql`CREATE INDEX notices_title ON notices (lower(title))`.execute(db);
  await sql`
    CREATE TABLE notice_decisions (
      id serial PRIMARY KEY,
      notice_id integer NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
      version integer NOT NULL,
      expert_id integer NOT NULL REFERENCES users (id),
      decision text NOT NULL CHECK (decision IN ('accept', 'refuse', 'request-changes')),
      reasons jsonb NOT NULL DEFAULT '[]',
      decided_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (notice_id, version) REFERENCES notice_versions (notice_id, version)
    )`.execute(db);
  await sql`CREATE INDEX notice_decisions_notice ON notice_decisions (notice_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS notice_decisions`.execute(db);
  await sql`DROP INDEX IF EXISTS notices_title`.execute(db);
  await sql`DROP INDEX IF EXISTS notices_identifier`.execute(db);
  await sql`DROP INDEX IF EXISTS notices_producer_status`.execute(db);
  await sql`
    ALTER TABLE notices DROP COLUMN IF EXISTS resource_id, DROP COLUMN IF EXISTS assigned_to,
      DROP COLUMN IF EXISTS submitted_at, DROP COLUMN IF EXISTS decided_at`.execute(db);
  await sql`ALTER TABLE resources DROP COLUMN IF EXISTS withdrawn_at`.execute(db);
}
