// Who may do what with notices. Publishers act for the producers they hold the role for; experts review
// every notice; the national administration reads them. Decisions use the actor's grants only.
import { hasRole, hasRoleForProducer, type Actor } from '../accounts/actor.js';

/** The producers a publisher account submits for. */
export function publisherProducerIds(actor: Actor): number[] {
  return [
    ...new Set(
      actor.grants.flatMap((grant) =>
        grant.role === 'publisher' && grant.producerId !== null ? [grant.producerId] : [],
      ),
    ),
  ];
}

export function canSubmitNotice(actor: Actor, producerId: number): boolean {
  return hasRoleForProducer(actor, 'publisher', producerId);
}

/** Experts decide and assign. */
export function canReviewNotices(actor: Actor): boolean {
  return hasRole(actor, 'expert');
}

/** Experts and the national administration see every notice; a publisher, its producers' notices. */
export function canReadAllNotices(actor: Actor): boolean {
  return hasRole(actor, 'expert') || hasRole(actor, 'national-admin');
}

export function canReadNotice(actor: Actor, producerId: number): boolean {
  return canReadAllNotices(actor) || canSubmitNotice(actor, producerId);
}

/** Only the producer's publishers withdraw its notices. */
export function canWithdrawNotice(actor: Actor, producerId: number): boolean {
  return canSubmitNotice(actor, producerId);
}
