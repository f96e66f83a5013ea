// Who may do what in the accounts module. Pages and routes call these through authorize().
import type { Actor } from './actor.js';

/**
 * The development outbox (/dev/outbox) shows every queued email, one-time reset and invitation links
 * included: whoever reads one can take that account. So it exists only where DEV_OUTBOX turned it on,
 * never in production (config.ts refuses it), and there it is open to anyone, signed in or not (an
 * invited person has no account yet). No role reads the outbox anywhere else, national
 * administration included.
 */
export function canViewOutbox(settings: { devOutbox: boolean; production: boolean }): boolean {
  return settings.devOutbox && !settings.production;
}

/** A notification is read and marked only by the user it was sent to. */
export function canReadNotification(actor: Actor, notification: { userId: number }): boolean {
  return notification.userId === actor.userId;
}
