// The email outbox becomes the queue of a sender (src/modules/mail): each message is pending, sent or
// failed, with its attempts, when it may be tried next, and the last error. A message is claimed by
// pushing next_attempt_at past a lease, so two nodes never send it at once and a node that dies
// mid-send leaves it to be retried when the lease ends.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE email_outbox
      ADD COLUMN state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
      ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN last_error text`.execute(db);
  await sql`UPDATE email_outbox SET state = 'sent' WHERE sent_at IS NOT NULL`.execute(db);
  // The sender's only question: which pending messages are due, oldest first.
  await sql`
    CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at, id) WHERE state = 'pending'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS email_outbox_due_idx`.execute(db);
  await sql`
    ALTER TABLE email_outbox
      DROP COLUMN IF EXISTS state,
      DROP COLUMN IF EXISTS attempts,
      DROP COLUMN IF EXISTS next_attempt_at,
      DROP COLUMN IF EXISTS last_error`.execute(db);
}
