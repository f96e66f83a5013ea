// Writes of in-app notifications, the email outbox and the audit log. The outbox is the queue of the
// mail sender (src/modules/mail), which sends it over SMTP_URL; an email is queued pending and due at
// once. Writes take the transaction of the use case, so a notification or an email exists exactly when
// the change it announces was committed.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NotificationInput {
  kind: string;
  title: string;
  body: string;
  link?: string;
}

export async function notifyUser(db: Db, userId: number, notification: NotificationInput): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ user_id: userId, read_at: null, link: notification.link ?? null, ...notification })
    .execute();
}

export async function queueEmail(
  db: Db,
  email: { to: string; subject: string; body: string },
): Promise<void> {
  await db
    .insertInto('email_outbox')
    .values({ to_email: email.to, subject: email.subject, body: email.body, sent_at: null })
    .execute();
}

export async function audit(
  db: Db,
  entry: {
    actorUserId: number | null;
    action: string;
    subjectType: string;
    subjectId: string | number;
    details?: unknown;
  },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: String(entry.subjectId),
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
