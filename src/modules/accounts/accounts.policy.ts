// Who may do what in the accounts module. Pages and routes call these through authorize().
import type { Actor } from './actor.js';
import { hasRole } from './actor.js';

/**
 * The email outbox holds invitation and reset links, so it is a secret: in production only national
 * administrators may read it. Outside production (demo, development, tests) anyone may, signed in or
 * not: there is no mail server, and an invited head has no account yet to read their link with.
 */
export function canViewOutbox(actor: Actor | undefined, production: boolean): boolean {
  return !production || (actor !== undefined && hasRole(actor, 'national-admin'));
}

/** A notification is read and marked only by the user it was sent to. */
export function canReadNotification(actor: Actor, notification: { userId: number }): boolean {
  return notification.userId === actor.userId;
}
