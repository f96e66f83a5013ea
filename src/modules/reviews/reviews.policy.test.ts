import { describe, expect, it } from 'vitest';
import type { Actor, Role, RoleGrant } from '../accounts/actor.js';
import {
  canAppraise,
  canEditReview,
  canModerateReview,
  canModerateReviews,
  canReactToReview,
  canReplyToAppraisal,
  canWriteReview,
} from './reviews.policy.js';

function actor(userId: number, ...grants: Partial<RoleGrant & { role: Role }>[]): Actor {
  return {
    userId,
    email: `${userId}@test`,
    displayName: 'Test',
    csrfToken: '',
    grants: grants.map((grant) => ({
      role: grant.role!,
      establishmentId: grant.establishmentId ?? null,
      academyId: grant.academyId ?? null,
      producerId: grant.producerId ?? null,
    })),
  };
}

describe('reviews policy', () => {
  it('lets school roles review, nobody else', () => {
    for (const role of ['teacher', 'digital-referent', 'librarian', 'head'] as const)
      expect(canWriteReview(actor(1, { role, establishmentId: 3 }))).toBe(true);
    for (const role of ['academy-staff', 'national-admin', 'publisher', 'expert', 'inspector'] as const)
      expect(canWriteReview(actor(1, { role, academyId: 2, producerId: 4 }))).toBe(false);
  });

  it('keeps a review to its author, and reactions to everyone else', () => {
    const teacher = actor(7, { role: 'teacher', establishmentId: 1 });
    expect(canEditReview(teacher, { userId: 7 })).toBe(true);
    expect(canEditReview(teacher, { userId: 8 })).toBe(false);
    expect(canReactToReview(teacher, { userId: 7 })).toBe(false);
    expect(canReactToReview(teacher, { userId: 8 })).toBe(true);
  });

  it('lets academy staff moderate their academy, the national administration everything', () => {
    const staff = actor(1, { role: 'academy-staff', academyId: 5 });
    expect(canModerateReviews(staff)).toBe(true);
    expect(canModerateReview(staff, { academyId: 5 })).toBe(true);
    expect(canModerateReview(staff, { academyId: 6 })).toBe(false);
    expect(canModerateReview(staff, { academyId: null })).toBe(false);
    const national = actor(2, { role: 'national-admin' });
    expect(canModerateReview(national, { academyId: 6 })).toBe(true);
    expect(canModerateReviews(actor(3, { role: 'teacher', establishmentId: 1 }))).toBe(false);
  });

  it('lets inspectors and experts appraise, the producer’s publisher reply', () => {
    expect(canAppraise(actor(1, { role: 'inspector', academyId: 1 }))).toBe(true);
    expect(canAppraise(actor(1, { role: 'expert' }))).toBe(true);
    expect(canAppraise(actor(1, { role: 'publisher', producerId: 1 }))).toBe(false);
    const publisher = actor(1, { role: 'publisher', producerId: 9 });
    expect(canReplyToAppraisal(publisher, { producerId: 9 })).toBe(true);
    expect(canReplyToAppraisal(publisher, { producerId: 10 })).toBe(false);
  });
});
