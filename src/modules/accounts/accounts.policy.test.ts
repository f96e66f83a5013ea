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
  it('opens the outbox to national admins only in production, to anyone elsewhere', () => {
    expect(canViewOutbox(actorWith('national-admin'), true)).toBe(true);
    expect(canViewOutbox(actorWith('academy-staff'), true)).toBe(false);
    expect(canViewOutbox(undefined, true)).toBe(false);
    expect(canViewOutbox(undefined, false)).toBe(true);
    expect(canViewOutbox(actorWith('teacher'), false)).toBe(true);
  });

  it('lets a user read only their own notifications', () => {
    expect(canReadNotification(actorWith('head', 7), { userId: 7 })).toBe(true);
    expect(canReadNotification(actorWith('national-admin', 7), { userId: 8 })).toBe(false);
  });
});
