// Use cases of a user's inbox: in-app notifications, and the email outbox where no mail server is
// configured (development only). Pages call these; the queries live in accounts.repository.ts.
import type { Actor } from './actor.js';
import { canReadNotification, canViewOutbox } from './accounts.policy.js';
import {
  asDate,
  countUnreadNotifications,
  listNotifications,
  listOutbox,
  markNotificationsRead,
  notificationOwner,
  type Db,
} from './accounts.repository.js';
import { AppError } from '../../shared/errors.js';

export interface NotificationView {
  id: number;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface OutboxEmailView {
  id: number;
  to: string;
  subject: string;
  body: string;
  createdAt: Date;
}

export function countUnread(db: Db, actor: Actor): Promise<number> {
  return countUnreadNotifications(db, actor.userId);
}

export async function listMyNotifications(db: Db, actor: Actor): Promise<NotificationView[]> {
  const rows = await listNotifications(db, actor.userId);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: asDate(row.created_at),
    readAt: row.read_at === null ? null : asDate(row.read_at),
  }));
}

/** Marks one notification read; someone else's answers like a missing one, so ids reveal nothing. */
export async function markNotificationRead(db: Db, actor: Actor, id: number): Promise<void> {
  const owner = await notificationOwner(db, id);
  if (owner === undefined || !canReadNotification(actor, { userId: owner })) {
    throw new AppError('NOT_FOUND', 'Cette notification n’existe pas.');
  }
  await markNotificationsRead(db, actor.userId, id);
}

export async function markAllNotificationsRead(db: Db, actor: Actor): Promise<void> {
  await markNotificationsRead(db, actor.userId, null);
}

/**
 * The queued emails, for the development outbox only: elsewhere the page does not exist, for anyone
 * (404, not 403, so nothing says it might).
 */
export async function listOutboxEmails(
  db: Db,
  settings: { devOutbox: boolean; production: boolean },
): Promise<OutboxEmailView[]> {
  if (!canViewOutbox(settings)) throw new AppError('NOT_FOUND', 'Cette page n’existe pas.');
  const rows = await listOutbox(db);
  return rows.map((row) => ({
    id: row.id,
    to: row.to_email,
    subject: row.subject,
    body: row.body,
    createdAt: asDate(row.created_at),
  }));
}
