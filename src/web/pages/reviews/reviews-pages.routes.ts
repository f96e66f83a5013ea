// Page routes of reviews and appraisals (plain forms: a POST, then a 303 redirect; a refused form comes
// back with what was typed, each message next to its field):
//   /ressources/:id/mon-avis            write or edit one's own review
//   /avis/:id/utile (POST), /avis/:id/signaler    mark helpful, report (someone else's review)
//   /moderation/avis (+ POST /moderation/avis/:id)  the moderators' queue: hide with a reason, or keep
//   /expertise/ressources/:id/avis-institutionnel  an inspector's or expert's appraisal (RIP label)
//   /expertise/avis-institutionnels     the appraiser's own appraisals
//   /editeur/avis-institutionnels (+ /:id/reponse)  the publisher's list and right of reply
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor, type Actor } from '../../../modules/accounts/actor.js';
import {
  appraisalContext,
  appraisalsToAnswer,
  appraisalToAnswer,
  myAppraisals,
  publishAppraisal,
  replyToAppraisal,
} from '../../../modules/reviews/appraisals.service.js';
import { presentAppraisal, presentReview } from '../../../modules/reviews/reviews.presenter.js';
import { canModerateAllReviews } from '../../../modules/reviews/reviews.policy.js';
import {
  appraisalInputSchema,
  moderationInputSchema,
  parseInput,
  replyInputSchema,
  reportInputSchema,
  reviewInputSchema,
} from '../../../modules/reviews/reviews.schema.js';
import {
  editReview,
  listModerationQueue,
  markReviewHelpful,
  moderateReview,
  reactableReview,
  reportReview,
  reviewFormContext,
  writeReview,
} from '../../../modules/reviews/reviews.service.js';
import { AppError, httpStatusByCode } from '../../../shared/errors.js';
import { formInt } from '../../form-numbers.js';
import { formList, formOf, formText, sendHtml, successMessage, type Form } from '../../page-kit.js';
import { reviewsPath } from './resource-reviews.js';
import {
  MODERATION_PATH,
  renderAppraisalFormPage,
  renderAppraisalListPage,
  renderModerationPage,
  renderReplyPage,
  renderReportPage,
  renderReviewFormPage,
  type FormState,
} from './reviews-pages.js';

type IdParams = { Params: { id: string } };

/** A numeric id from the path; anything else names nothing. */
function idOf(text: string, what: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new AppError('NOT_FOUND', `${what} n’existe pas.`);
  return Number(text);
}

/** Refusals a person fixes on the form (a field, a second review, the hourly limit, a withdrawn resource). */
const formRefusals = new Set(['VALIDATION_FAILED', 'CONFLICT', 'RATE_LIMITED']);

/** The refusal as a form state (messages by field), or rethrown for the app's error page. */
function refusal(error: unknown, values: FormState['values']): { status: number; state: FormState } {
  if (!(error instanceof AppError) || !formRefusals.has(error.code)) throw error;
  const issues = (error.details as { issues?: { field?: string; message: string }[] } | undefined)?.issues;
  const errors: Record<string, string> = {};
  for (const issue of issues ?? []) {
    const field = issue.field?.split('.')[0];
    if (field) errors[field] ??= issue.message;
  }
  return {
    status: httpStatusByCode[error.code],
    state: { values, errors, message: issues?.length ? undefined : error.message },
  };
}

const moderationMessages = {
  masque: 'L’avis est masqué ; son auteur est notifié avec votre motif.',
  conserve: 'L’avis est conservé ; ses signalements sont clos.',
};

export function reviewsPageRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  // ---- One's own review ----

  async function reviewForm(
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    state?: FormState,
    status = 200,
  ) {
    const actor = requireActor(request);
    const { resource, review } = await reviewFormContext(db, actor, request.params.id);
    if (review?.moderation_state === 'hidden')
      throw new AppError(
        'CONFLICT',
        'Votre avis a été masqué par la modération : il ne peut plus être modifié.',
      );
    const withdrawn = resource.withdrawn_at !== null;
    return sendHtml(
      reply,
      withdrawn ? 409 : status,
      renderReviewFormPage({
        actor,
        resource: { identifier: resource.identifier, title: resource.title, withdrawn },
        existing: review ? presentReview(review) : undefined,
        ...(state ? { state } : {}),
      }),
    );
  }

  app.get<IdParams>('/ressources/:id/mon-avis', (request, reply) => reviewForm(request, reply));

  app.post<IdParams>('/ressources/:id/mon-avis', async (request, reply) => {
    const actor = requireActor(request);
    const form = formOf(request);
    const values = {
      rating: formText(form, 'rating', 10),
      body: formText(form, 'body', 10_000),
      level: formText(form, 'level', 100),
      discipline: formText(form, 'discipline', 100),
      usedInClass: formText(form, 'usedInClass', 10),
    };
    try {
      const { resource, review } = await reviewFormContext(db, actor, request.params.id);
      const input = parseInput(reviewInputSchema, {
        ...(values.rating === '' ? {} : { rating: formInt(values.rating) }),
        body: values.body,
        level: values.level || null,
        discipline: values.discipline || null,
        usedInClass: values.usedInClass === 'oui',
      });
      if (review) await editReview(db, actor, review.id, input);
      else await writeReview(db, actor, request.params.id, input);
      const ok = review ? 'modifie' : 'publie';
      return await reply.redirect(`${reviewsPath(resource.identifier)}?avis=${ok}#avis`, 303);
    } catch (error) {
      const { status, state } = refusal(error, values);
      return reviewForm(request, reply, state, status);
    }
  });

  // ---- Someone else's review: helpful, report ----

  app.post<IdParams>('/avis/:id/utile', async (request, reply) => {
    const actor = requireActor(request);
    const result = await markReviewHelpful(db, actor, idOf(request.params.id, 'Cet avis'));
    return reply.redirect(
      `${reviewsPath(result.resourceIdentifier)}?avis=utile#avis-${result.reviewId}`,
      303,
    );
  });

  async function reportForm(
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    state?: FormState,
    status = 200,
  ) {
    const actor = requireActor(request);
    const review = await reactableReview(db, actor, idOf(request.params.id, 'Cet avis'), 'signaler');
    return sendHtml(
      reply,
      status,
      renderReportPage({
        actor,
        review: { ...presentReview(review), resourceTitle: review.resource_title },
        ...(state ? { state } : {}),
      }),
    );
  }

  app.get<IdParams>('/avis/:id/signaler', (request, reply) => reportForm(request, reply));

  app.post<IdParams>('/avis/:id/signaler', async (request, reply) => {
    const actor = requireActor(request);
    const values = { reason: formText(formOf(request), 'reason', 2000) };
    try {
      const { reason } = parseInput(reportInputSchema, values);
      const result = await reportReview(db, actor, idOf(request.params.id, 'Cet avis'), reason);
      return await reply.redirect(
        `${reviewsPath(result.resourceIdentifier)}?avis=signale#avis-${result.reviewId}`,
        303,
      );
    } catch (error) {
      const { status, state } = refusal(error, values);
      return reportForm(request, reply, state, status);
    }
  });

  // ---- Moderation ----

  async function moderationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    status: number,
    refused?: { reviewId: number; state: FormState },
  ) {
    const items = await listModerationQueue(db, actor);
    return sendHtml(
      reply,
      status,
      renderModerationPage({
        actor,
        items,
        scope: canModerateAllReviews(actor) ? 'de toutes les académies' : 'des enseignants de votre académie',
        flash: { success: refused ? undefined : successMessage(request.query, moderationMessages) },
        refused,
      }),
    );
  }

  app.get(MODERATION_PATH, async (request, reply) =>
    moderationPage(request, reply, requireActor(request), 200),
  );

  app.post<IdParams>(`${MODERATION_PATH}/:id`, async (request, reply) => {
    const actor = requireActor(request);
    const reviewId = idOf(request.params.id, 'Cet avis');
    const form: Form = formOf(request);
    const values = { decision: formText(form, 'decision', 10), reason: formText(form, 'reason', 2000) };
    try {
      const input = parseInput(moderationInputSchema, {
        decision: values.decision,
        ...(values.reason.trim() === '' ? {} : { reason: values.reason }),
      });
      await moderateReview(db, actor, reviewId, input);
      const ok = input.decision === 'hide' ? 'masque' : 'conserve';
      return await reply.redirect(`${MODERATION_PATH}?ok=${ok}`, 303);
    } catch (error) {
      const { status, state } = refusal(error, values);
      return moderationPage(request, reply, actor, status, { reviewId, state });
    }
  });

  // ---- Appraisals ----

  async function appraisalForm(
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    state?: FormState,
    status = 200,
  ) {
    const actor = requireActor(request);
    const { resource, alreadyAppraised, signature } = await appraisalContext(db, actor, request.params.id);
    const withdrawn = resource.withdrawn_at !== null;
    return sendHtml(
      reply,
      withdrawn || (alreadyAppraised && !state) ? (withdrawn ? 409 : 200) : status,
      renderAppraisalFormPage({
        actor,
        resource: { identifier: resource.identifier, title: resource.title, withdrawn },
        alreadyAppraised,
        signature,
        ...(state ? { state } : {}),
      }),
    );
  }

  const appraisalPath = '/expertise/ressources/:id/avis-institutionnel';
  app.get<IdParams>(appraisalPath, (request, reply) => appraisalForm(request, reply));

  app.post<IdParams>(appraisalPath, async (request, reply) => {
    const actor = requireActor(request);
    const form = formOf(request);
    const values = {
      strengths: formText(form, 'strengths', 10_000),
      limits: formText(form, 'limits', 10_000),
      recommendedUses: formText(form, 'recommendedUses', 10_000),
      levels: formList(form, 'levels').slice(0, 100),
      rip: formText(form, 'rip', 10),
    };
    try {
      const input = parseInput(appraisalInputSchema, { ...values, rip: values.rip === 'oui' });
      const appraisal = await publishAppraisal(db, actor, request.params.id, input);
      return await reply.redirect(
        `${reviewsPath(appraisal.resource_identifier)}?avis=avis-institutionnel#avis-institutionnel-${appraisal.id}`,
        303,
      );
    } catch (error) {
      const { status, state } = refusal(error, values);
      return appraisalForm(request, reply, state, status);
    }
  });

  app.get('/expertise/avis-institutionnels', async (request, reply) => {
    const actor = requireActor(request);
    const rows = await myAppraisals(db, actor);
    return sendHtml(
      reply,
      200,
      renderAppraisalListPage({
        actor,
        side: 'appraiser',
        appraisals: rows.map((row) => ({ ...presentAppraisal(row), resourceTitle: row.resource_title })),
      }),
    );
  });

  app.get('/editeur/avis-institutionnels', async (request, reply) => {
    const actor = requireActor(request);
    const rows = await appraisalsToAnswer(db, actor);
    return sendHtml(
      reply,
      200,
      renderAppraisalListPage({
        actor,
        side: 'publisher',
        appraisals: rows.map((row) => ({ ...presentAppraisal(row), resourceTitle: row.resource_title })),
      }),
    );
  });

  async function replyForm(
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    state?: FormState,
    status = 200,
  ) {
    const actor = requireActor(request);
    const appraisal = await appraisalToAnswer(db, actor, idOf(request.params.id, 'Cet avis institutionnel'));
    return sendHtml(
      reply,
      status,
      renderReplyPage({
        actor,
        appraisal: { ...presentAppraisal(appraisal), resourceTitle: appraisal.resource_title },
        ...(state ? { state } : {}),
      }),
    );
  }

  app.get<IdParams>('/editeur/avis-institutionnels/:id/reponse', (request, reply) =>
    replyForm(request, reply),
  );

  app.post<IdParams>('/editeur/avis-institutionnels/:id/reponse', async (request, reply) => {
    const actor = requireActor(request);
    const values = { body: formText(formOf(request), 'body', 10_000) };
    try {
      const { body } = parseInput(replyInputSchema, values);
      const appraisal = await replyToAppraisal(
        db,
        actor,
        idOf(request.params.id, 'Cet avis institutionnel'),
        body,
      );
      return await reply.redirect(
        `${reviewsPath(appraisal.resource_identifier)}?avis=reponse#avis-institutionnel-${appraisal.id}`,
        303,
      );
    } catch (error) {
      const { status, state } = refusal(error, values);
      return replyForm(request, reply, state, status);
    }
  });
}
