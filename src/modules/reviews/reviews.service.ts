// Use cases of teachers' reviews: write and edit (one per user and resource, rate-limited, flagged
// automatically), mark helpful, report, and the moderators' queue and decisions. Each one authorizes
// with reviews.policy.ts, then loads, decides and writes with its audit entry in one transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit, notifyUser } from '../notifications/notifications.repository.js';
import { autoFlagsOf, REVIEWS_PER_HOUR } from './review-text.js';
import {
  canEditReview,
  canModerateAllReviews,
  canModerateReview,
  canModerateReviews,
  canReactToReview,
  canWriteReview,
  moderatedAcademyIds,
  reviewerEstablishmentIds,
} from './reviews.policy.js';
import {
  countReviewWritesSince,
  establishmentAcademyId,
  findResourceRef,
  findReview,
  findUserReview,
  helpfulCount,
  insertHelpfulVote,
  insertReport,
  insertReview,
  lockUser,
  moderationQueue,
  recordModeration,
  recordReviewWrite,
  updateReview,
  type ReviewRow,
} from './reviews.repository.js';
import type { ModerationInput, ReviewInput } from './reviews.schema.js';

type Db = Kysely<Database>;

const HOUR_MS = 3600 * 1000;

export const WRITE_REFUSED =
  'Seuls les enseignants et les personnels des établissements donnent leur avis sur une ressource.';
export const MODERATION_REFUSED =
  'La modération des avis est réservée aux personnels académiques et à l’administration nationale.';

export const reviewNotFound = () => new AppError('NOT_FOUND', 'Cet avis n’existe pas.');

/** The resource by identifier or id; 404 when unknown. */
export async function resourceOf(db: Db, reference: string) {
  const resource = await findResourceRef(db, reference);
  if (!resource)
    throw new AppError('NOT_FOUND', 'Cette ressource n’existe pas ou a été retirée du catalogue.');
  return resource;
}

function refuseWithdrawn(resource: { withdrawn_at: Date | null }, what: string): void {
  if (resource.withdrawn_at !== null)
    throw new AppError(
      'CONFLICT',
      `Cette ressource a été retirée du catalogue : elle ne peut plus recevoir ${what}.`,
    );
}

/** The hourly limit, counted in the database so it holds across app nodes (the user's row is locked). */
async function checkRateLimit(db: Db, userId: number, now: Date): Promise<void> {
  const { count, oldest } = await countReviewWritesSince(db, userId, new Date(now.getTime() - HOUR_MS));
  if (count < REVIEWS_PER_HOUR) return;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil(((oldest?.getTime() ?? now.getTime()) + HOUR_MS - now.getTime()) / 1000),
  );
  const minutes = Math.ceil(retryAfterSeconds / 60);
  throw new AppError(
    'RATE_LIMITED',
    `Vous avez écrit ou modifié ${REVIEWS_PER_HOUR} avis dans l’heure : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    { retryAfterSeconds },
  );
}

function valuesOf(input: ReviewInput) {
  const flags = autoFlagsOf(input.body);
  return {
    rating: input.rating,
    body: input.body,
    level: input.level ?? null,
    discipline: input.discipline ?? null,
    declared_use: input.usedInClass ?? false,
    auto_flags: flags,
    needs_moderation: flags.length > 0,
  };
}

/** A new review of the resource by the actor. */
export async function writeReview(db: Db, actor: Actor, reference: string, input: ReviewInput) {
  authorize(canWriteReview(actor), WRITE_REFUSED);
  const resource = await resourceOf(db, reference);
  refuseWithdrawn(resource, 'd’avis');
  const establishmentId = reviewerEstablishmentIds(actor)[0] ?? null;
  const now = clock.now();
  const id = await db.transaction().execute(async (trx) => {
    await lockUser(trx, actor.userId);
    if (await findUserReview(trx, resource.id, actor.userId))
      throw new AppError(
        'CONFLICT',
        'Vous avez déjà donné votre avis sur cette ressource : modifiez-le plutôt que d’en écrire un second.',
      );
    await checkRateLimit(trx, actor.userId, now);
    const values = valuesOf(input);
    const reviewId = await insertReview(trx, {
      ...values,
      resource_id: resource.id,
      user_id: actor.userId,
      establishment_id: establishmentId,
      academy_id: establishmentId === null ? null : await establishmentAcademyId(trx, establishmentId),
      created_at: now,
    });
    await recordReviewWrite(trx, actor.userId, now);
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'review.create',
      subjectType: 'review',
      subjectId: reviewId,
      details: { resourceId: resource.id, rating: input.rating, autoFlags: values.auto_flags },
    });
    return reviewId;
  });
  return (await findReview(db, id))!;
}

/** The author changes her review: rating, text, where she used it. The edit is dated. */
export async function editReview(db: Db, actor: Actor, reviewId: number, input: ReviewInput) {
  const review = await findReview(db, reviewId);
  if (!review || !canEditReview(actor, { userId: review.user_id })) {
    // Someone else's review answers 403 when it is public, 404 when hidden (nothing to learn).
    if (review && review.moderation_state === 'published')
      throw new AppError('FORBIDDEN', 'Seul l’auteur d’un avis peut le modifier.');
    throw reviewNotFound();
  }
  if (review.moderation_state === 'hidden')
    throw new AppError(
      'CONFLICT',
      'Votre avis a été masqué par la modération : il ne peut plus être modifié.',
    );
  const resource = await resourceOf(db, String(review.resource_id));
  refuseWithdrawn(resource, 'd’avis');
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await lockUser(trx, actor.userId);
    await checkRateLimit(trx, actor.userId, now);
    const values = valuesOf(input);
    // A flag already waiting for a moderator stays until decided.
    await updateReview(trx, reviewId, {
      ...values,
      needs_moderation: values.needs_moderation || review.needs_moderation,
      edited_at: now,
    });
    await recordReviewWrite(trx, actor.userId, now);
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'review.edit',
      subjectType: 'review',
      subjectId: reviewId,
      details: { from: { rating: review.rating, body: review.body }, autoFlags: values.auto_flags },
    });
  });
  return (await findReview(db, reviewId))!;
}

/** A published review someone else reacts to; hidden ones do not exist for them. */
export async function reactableReview(
  db: Db,
  actor: Actor,
  reviewId: number,
  verb: string,
): Promise<ReviewRow> {
  const review = await findReview(db, reviewId);
  if (!review || review.moderation_state !== 'published') throw reviewNotFound();
  authorize(
    canReactToReview(actor, { userId: review.user_id }),
    `Vous ne pouvez pas ${verb} votre propre avis.`,
  );
  return review;
}

/** Marks a review helpful, once per person. */
export async function markReviewHelpful(db: Db, actor: Actor, reviewId: number) {
  const review = await reactableReview(db, actor, reviewId, 'marquer comme utile');
  return db.transaction().execute(async (trx) => {
    if (!(await insertHelpfulVote(trx, reviewId, actor.userId)))
      throw new AppError('CONFLICT', 'Vous avez déjà indiqué que cet avis vous a été utile.');
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'review.helpful',
      subjectType: 'review',
      subjectId: reviewId,
    });
    return {
      reviewId,
      helpfulCount: await helpfulCount(trx, reviewId),
      resourceIdentifier: review.resource_identifier,
    };
  });
}

/** Reports a review to the moderators, with a reason; once per person. */
export async function reportReview(db: Db, actor: Actor, reviewId: number, reason: string) {
  const review = await reactableReview(db, actor, reviewId, 'signaler');
  await db.transaction().execute(async (trx) => {
    if (!(await insertReport(trx, reviewId, actor.userId, reason)))
      throw new AppError('CONFLICT', 'Vous avez déjà signalé cet avis : les modérateurs vont l’examiner.');
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'review.report',
      subjectType: 'review',
      subjectId: reviewId,
      details: { reason },
    });
  });
  return { reviewId, reported: true as const, resourceIdentifier: review.resource_identifier };
}

/** The review form: the resource, and the actor's own review when she has one. */
export async function reviewFormContext(db: Db, actor: Actor, reference: string) {
  authorize(canWriteReview(actor), WRITE_REFUSED);
  const resource = await resourceOf(db, reference);
  const own = await findUserReview(db, resource.id, actor.userId);
  return { resource, review: own };
}

// ---- Moderation ----

export async function listModerationQueue(db: Db, actor: Actor) {
  authorize(canModerateReviews(actor), MODERATION_REFUSED);
  return moderationQueue(db, canModerateAllReviews(actor) ? 'all' : moderatedAcademyIds(actor));
}

export type ModerationItem = Awaited<ReturnType<typeof listModerationQueue>>[number];

/**
 * Hides a review with a reason (the author is notified in the app) or keeps it (its reports are
 * closed, its flags set aside). Audited either way.
 */
export async function moderateReview(db: Db, actor: Actor, reviewId: number, input: ModerationInput) {
  authorize(canModerateReviews(actor), MODERATION_REFUSED);
  const review = await findReview(db, reviewId);
  if (!review || !canModerateReview(actor, { academyId: review.academy_id })) throw reviewNotFound();
  if (review.moderation_state === 'hidden') throw new AppError('CONFLICT', 'Cet avis est déjà masqué.');
  const now = clock.now();
  const hide = input.decision === 'hide';
  await db.transaction().execute(async (trx) => {
    await recordModeration(trx, reviewId, {
      state: hide ? 'hidden' : 'published',
      reason: hide ? (input.reason ?? null) : null,
      by: actor.userId,
      at: now,
    });
    await audit(trx, {
      actorUserId: actor.userId,
      action: hide ? 'review.hide' : 'review.keep',
      subjectType: 'review',
      subjectId: reviewId,
      details: { reason: input.reason ?? null, autoFlags: review.auto_flags },
    });
    if (hide)
      await notifyUser(trx, review.user_id, {
        kind: 'review-hidden',
        title: `Votre avis sur « ${review.resource_title} » a été masqué`,
        body: `La modération a masqué votre avis. Motif : ${input.reason ?? ''}`,
        link: `/ressources/${encodeURIComponent(review.resource_identifier)}#avis`,
      });
  });
  return (await findReview(db, reviewId))!;
}
