// Queries of the mail sender over email_outbox, the queue. Times are the database's (now()), so every
// app node agrees on what is due whatever its own clock says.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface ClaimedEmail {
  id: number;
  to_email: string;
  subject: string;
  body: string;
  /** Counting this one. */
  attempts: number;
}

/**
 * Takes up to `limit` due pending messages for this sender: each gets one more attempt and a lease
 * (next_attempt_at pushed `leaseMs` ahead), in one statement. SKIP LOCKED lets another node's claim
 * pass over rows this one is taking, and the lease keeps them from being due again while they are sent;
 * if this node dies mid-send, they are due again when the lease ends.
 */
export async function claimDueEmails(db: Db, limit: number, leaseMs: number): Promise<ClaimedEmail[]> {
  const result = await sql<ClaimedEmail>`
    UPDATE email_outbox
       SET attempts = attempts + 1,
           next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
     WHERE id IN (
       SELECT id FROM email_outbox
        WHERE state = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, to_email, subject, body, attempts`.execute(db);
  return result.rows
    .map((row) => ({ ...row, id: Number(row.id), attempts: Number(row.attempts) }))
    .sort((a, b) => a.id - b.id);
}

/** The claim is ours only while no later claim counted another attempt (a lease may have run out). */
export async function markEmailSent(db: Db, id: number, attempts: number): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({ state: 'sent', sent_at: sql<Date>`now()`, last_error: null })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('attempts', '=', attempts)
    .execute();
}

/** A failed attempt: due again after `retryInMs`, or failed for good when `retryInMs` is null. */
export async function markEmailAttemptFailed(
  db: Db,
  id: number,
  attempts: number,
  error: string,
  retryInMs: number | null,
): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set(
      retryInMs === null
        ? { state: 'failed', last_error: error }
        : {
            last_error: error,
            next_attempt_at: sql<Date>`now() + make_interval(secs => ${retryInMs / 1000})`,
          },
    )
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('attempts', '=', attempts)
    .execute();
}

/** Pending messages queued after `afterId`: how many, and the last id (for "not sent" logs). */
export async function pendingEmailsAfter(
  db: Db,
  afterId: number,
): Promise<{ count: number; lastId: number }> {
  const row = await db
    .selectFrom('email_outbox')
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.max('id').as('last_id')])
    .where('state', '=', 'pending')
    .where('id', '>', afterId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), lastId: row.last_id === null ? afterId : Number(row.last_id) };
}
