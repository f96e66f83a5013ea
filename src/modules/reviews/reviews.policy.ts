// Who may do what with reviews and appraisals. Pure functions of the actor's grants (and of the scope
// of what is acted on); the use cases call them first, the pages ask them what to show.
import { hasRole, hasRoleForAcademy, hasRoleForProducer, type Actor } from '../accounts/actor.js';

const schoolRoles = ['teacher', 'digital-referent', 'librarian', 'head'] as const;

/** The establishments where the actor works in a school role (first one first). */
export function reviewerEstablishmentIds(actor: Actor): number[] {
  const ids = actor.grants.flatMap((grant) =>
    (schoolRoles as readonly string[]).includes(grant.role) && grant.establishmentId !== null
      ? [grant.establishmentId]
      : [],
  );
  return [...new Set(ids)];
}

/** Teachers and the other school roles rate and review resources. */
export function canWriteReview(actor: Actor): boolean {
  return reviewerEstablishmentIds(actor).length > 0;
}

/** Only its author edits a review. */
export function canEditReview(actor: Actor, review: { userId: number }): boolean {
  return actor.userId === review.userId;
}

/** Any signed-in person but its author marks a review helpful or reports it. */
export function canReactToReview(actor: Actor, review: { userId: number }): boolean {
  return actor.userId !== review.userId;
}

/** The national administration moderates every review. */
export function canModerateAllReviews(actor: Actor): boolean {
  return hasRole(actor, 'national-admin');
}

/** The academies whose reviews the actor moderates as academy staff. */
export function moderatedAcademyIds(actor: Actor): number[] {
  return [
    ...new Set(
      actor.grants.flatMap((grant) =>
        grant.role === 'academy-staff' && grant.academyId !== null ? [grant.academyId] : [],
      ),
    ),
  ];
}

/** Whoever may open the moderation queue at all. */
export function canModerateReviews(actor: Actor): boolean {
  return canModerateAllReviews(actor) || moderatedAcademyIds(actor).length > 0;
}

/** A review written by someone of an academy: its staff, or the national administration. */
export function canModerateReview(actor: Actor, review: { academyId: number | null }): boolean {
  return (
    canModerateAllReviews(actor) ||
    (review.academyId !== null && hasRoleForAcademy(actor, 'academy-staff', review.academyId))
  );
}

/** The role an appraisal is signed with: inspection first, then expert. */
export function appraiserRole(actor: Actor): 'inspector' | 'expert' | undefined {
  if (hasRole(actor, 'inspector')) return 'inspector';
  if (hasRole(actor, 'expert')) return 'expert';
  return undefined;
}

/** Inspectors and experts publish institutional appraisals and may award the RIP label. */
export function canAppraise(actor: Actor): boolean {
  return appraiserRole(actor) !== undefined;
}

/** The publisher of the resource's producer answers its appraisals. */
export function canReplyToAppraisal(actor: Actor, resource: { producerId: number }): boolean {
  return hasRoleForProducer(actor, 'publisher', resource.producerId);
}

/** The producers a publisher answers for. */
export function replyingProducerIds(actor: Actor): number[] {
  return [
    ...new Set(
      actor.grants.flatMap((grant) =>
        grant.role === 'publisher' && grant.producerId !== null ? [grant.producerId] : [],
      ),
    ),
  ];
}
