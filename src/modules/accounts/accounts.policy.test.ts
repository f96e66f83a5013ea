import { describe, expect, it } from 'vitest';
import type { Actor, Role } from './actor.js';
import { canReadNotification, canViewOutbox } from './accounts.policy.js';

const actorWith = (role: Role, userId = 1): Actor => ({
  userId,
  email: 'x@y.fr',
  displayName: 'X',
  csrfToken: 't',
  grants: [{ role, establishmentId: null, academyId: null, producerId: null }],
});

describe('accounts policy', () => {
  it('opens the outbox only where DEV_OUTBOX turned it on, never in production, whatever the role', () => {
    // Before: in production the national administration read every reset and invitation link.
    expect(canViewOutbox({ devOutbox: false, production: true })).toBe(false);
    expect(canViewOutbox({ devOutbox: true, production: true })).toBe(false);
    expect(canViewOutbox({ devOutbox: false, production: false })).toBe(false);
    expect(canViewOutbox({ devOutbox: true, production: false })).toBe(true);
  });

  it('lets a user read only their own notifications', () => {
    expect(canReadNotification(actorWith('head', 7), { userId: 7 })).toBe(true);
    expect(canReadNotification(actorWith('national-admin', 7), { userId: 8 })).toBe(false);
  });
});
