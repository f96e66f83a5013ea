// The experts' notice pages (/expertise/notices: the queue, the review, the decision and the assignment)
// and the workflow's public statistics (/statistiques/notices and its CSV). Plain HTML forms: a POST
// then a 303 redirect; a refused form comes back on the review page with what was typed, each message
// next to its field. Experts decide and assign; the national administration reads; nobody else enters.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { authorize, requireActor, type Actor } from '../../../modules/accounts/actor.js';
import {
  listNoticeProducers,
  noticeWorkflowFigures,
} from '../../../modules/notices/expert-notices.service.js';
import {
  assignNoticeTo,
  decideNotice,
  decisionSchema,
  getNoticeReview,
  listNoticesFor,
  type NoticeReview,
} from '../../../modules/notices/notice-review.service.js';
import { canReadAllNotices, canReviewNotices } from '../../../modules/notices/notices.policy.js';
import { clock, todayInFrance } from '../../../shared/clock.js';
import { AppError } from '../../../shared/errors.js';
import { formOf, formText, sendHtml, successMessage, type Flash } from '../../page-kit.js';
import { noticePath, QUEUE_PATH } from './expert-parts.js';
import { parseQueue, queueQuery, renderQueuePage } from './expert-queue-page.js';
import {
  reasonField,
  reasonKeys,
  renderReviewPage,
  type AssignmentFormState,
  type DecisionFormState,
  type ReasonKey,
} from './expert-review-page.js';
import {
  parseDimension,
  renderStatisticsPage,
  statisticsCsv,
  STATISTICS_PATH,
} from './notice-statistics-page.js';

const READ_REFUSED =
  'Les notices à valider sont réservées aux experts valideurs et à l’administration nationale.';
const REVIEW_REFUSED = 'Seuls les experts valideurs décident des notices et se les répartissent.';

const queueMessages = {
  validee: 'Notice validée : elle est dans le catalogue.',
  refusee: 'Notice refusée : l’éditeur reçoit vos raisons.',
  modifications:
    'Modifications demandées : l’éditeur reçoit vos raisons et peut soumettre une nouvelle version.',
  attribuee: 'Attribution enregistrée.',
};
const reviewMessages = { attribuee: 'Attribution enregistrée.' };

const okOfDecision = { accept: 'validee', refuse: 'refusee', 'request-changes': 'modifications' } as const;

type IdParams = { Params: { id: string } };

/** A notice id from the path; anything else is a notice that does not exist. */
function noticeId(request: FastifyRequest<IdParams>): number {
  const text = request.params.id;
  if (!/^\d{1,9}$/.test(text)) throw new AppError('NOT_FOUND', 'Cette notice n’existe pas.');
  return Number(text);
}

function summaryTitle(count: number): string {
  return count <= 1
    ? 'Le formulaire contient une erreur : corrigez le champ signalé.'
    : `Le formulaire contient ${count} erreurs : corrigez les champs signalés.`;
}

/** The decision form as posted: the choice and the reasons typed, by criterion. */
function postedDecision(request: FastifyRequest) {
  const form = formOf(request);
  const reasons: Partial<Record<ReasonKey, string>> = {};
  for (const key of reasonKeys) {
    const text = formText(form, reasonField(key), 4000);
    if (text.trim() !== '') reasons[key] = text;
  }
  return { decision: formText(form, 'decision', 40), version: formText(form, 'version', 12), reasons };
}

export function expertNoticePages(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  async function reviewPage(
    reply: FastifyReply,
    actor: Actor,
    review: NoticeReview,
    status: number,
    state: { flash?: Flash; decision?: DecisionFormState; assignment?: AssignmentFormState } = {},
  ): Promise<FastifyReply> {
    return sendHtml(
      reply,
      status,
      renderReviewPage({
        actor,
        review,
        canAssign: canReviewNotices(actor),
        flash: state.flash ?? {},
        decision: state.decision,
        assignment: state.assignment,
        now: clock.now(),
      }),
    );
  }

  // ---- The queue ----

  app.get(QUEUE_PATH, async (request, reply) => {
    const actor = requireActor(request);
    authorize(canReadAllNotices(actor), READ_REFUSED);
    const producers = await listNoticeProducers(db, actor);
    const parsed = parseQueue(request.query, actor, new Set(producers.map((producer) => producer.id)));
    const data = await listNoticesFor(db, actor, parsed.query);
    const success = successMessage(request.query, queueMessages);
    const query = request.query as { ok?: unknown; ressource?: unknown };
    const resource =
      query.ok === 'validee' && typeof query.ressource === 'string' && /^\d{1,9}$/.test(query.ressource)
        ? Number(query.ressource)
        : undefined;
    return sendHtml(
      reply,
      Object.keys(parsed.errors).length > 0 ? 400 : 200,
      renderQueuePage({
        actor,
        data,
        parsed,
        producers,
        canReview: canReviewNotices(actor),
        flash: { success },
        resourceId: resource,
        now: clock.now(),
      }),
    );
  });

  // ---- One notice ----

  app.get<IdParams>(`${QUEUE_PATH}/:id`, async (request, reply) => {
    const actor = requireActor(request);
    authorize(canReadAllNotices(actor), READ_REFUSED);
    const review = await getNoticeReview(db, actor, noticeId(request), context.noticeChecklist);
    return reviewPage(reply, actor, review, 200, {
      flash: { success: successMessage(request.query, reviewMessages) },
    });
  });

  app.post<IdParams>(`${QUEUE_PATH}/:id/decision`, async (request, reply) => {
    const actor = requireActor(request);
    authorize(canReviewNotices(actor), REVIEW_REFUSED);
    const id = noticeId(request);
    const posted = postedDecision(request);
    const review = await getNoticeReview(db, actor, id, context.noticeChecklist);
    const kept = { decision: posted.decision, reasons: posted.reasons };
    const closed = (status: string) =>
      reviewPage(reply, actor, review, 409, {
        flash: {
          error: `Cette notice n’attend plus de décision : elle est « ${status} ». Votre décision n’a pas été enregistrée.`,
        },
      });
    if (review.notice.status !== 'submitted') return closed(review.notice.statusLabel);
    if (posted.version !== '' && posted.version !== String(review.notice.current_version)) {
      return reviewPage(reply, actor, review, 409, {
        decision: {
          ...kept,
          errors: { fields: {} },
          title: `L’éditeur a soumis la version ${review.notice.current_version} pendant votre examen : relisez ce qui a changé, puis décidez. Rien n’a été enregistré.`,
        },
      });
    }
    const reasons = reasonKeys.flatMap((key) =>
      posted.reasons[key] !== undefined ? [{ criterion: key, message: posted.reasons[key] }] : [],
    );
    const parsed = decisionSchema.safeParse({ decision: posted.decision || undefined, reasons });
    if (!parsed.success) {
      const errors: DecisionFormState['errors'] = { fields: {} };
      for (const issue of parsed.error.issues) {
        const [first, index] = issue.path;
        if (first === 'decision') {
          errors.decision ??= 'Choisissez une décision : valider, refuser ou demander des modifications.';
        } else if (first === 'reasons' && typeof index === 'number') {
          const reason = reasons[index];
          if (reason) errors.fields[reasonField(reason.criterion)] ??= issue.message;
        } else {
          errors.reasons ??= issue.message;
        }
      }
      const count =
        Number(errors.decision !== undefined) +
        Number(errors.reasons !== undefined) +
        Object.keys(errors.fields).length;
      return reviewPage(reply, actor, review, 400, {
        decision: { ...kept, errors, title: summaryTitle(count) },
      });
    }
    try {
      const result = await decideNotice(db, actor, id, parsed.data);
      const ok = okOfDecision[parsed.data.decision];
      const resource = result.resourceId !== null ? `&ressource=${result.resourceId}` : '';
      return await reply.redirect(`${QUEUE_PATH}?ok=${ok}${resource}`, 303);
    } catch (error) {
      // Another expert decided meanwhile.
      if (error instanceof AppError && error.code === 'INVALID_TRANSITION') {
        const fresh = await getNoticeReview(db, actor, id, context.noticeChecklist);
        return reviewPage(reply, actor, fresh, 409, {
          flash: {
            error: `Cette notice n’attend plus de décision : elle est « ${fresh.notice.statusLabel} ». Votre décision n’a pas été enregistrée.`,
          },
        });
      }
      throw error;
    }
  });

  app.post<IdParams>(`${QUEUE_PATH}/:id/assignment`, async (request, reply) => {
    const actor = requireActor(request);
    authorize(canReviewNotices(actor), REVIEW_REFUSED);
    const id = noticeId(request);
    const form = formOf(request);
    const value = formText(form, 'expert', 20);
    const expertId =
      value === 'moi'
        ? actor.userId
        : value === ''
          ? null
          : /^\d{1,9}$/.test(value)
            ? Number(value)
            : undefined;
    try {
      if (expertId === undefined) {
        throw new AppError('VALIDATION_FAILED', 'Choisissez une personne de la liste.');
      }
      await assignNoticeTo(db, actor, id, expertId);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const review = await getNoticeReview(db, actor, id, context.noticeChecklist);
      return reviewPage(reply, actor, review, 400, {
        flash: { error: 'L’attribution n’a pas été enregistrée.' },
        assignment: { value, error: error.message },
      });
    }
    if (formText(form, 'retour', 10) === 'file') {
      // The queue's filter rode along as hidden fields; a bad one is dropped.
      const producers = await listNoticeProducers(db, actor);
      const kept = parseQueue(form, actor, new Set(producers.map((producer) => producer.id)));
      const back = Object.keys(kept.errors).length > 0 ? '' : queueQuery(kept.form, kept.page).slice(1);
      return reply.redirect(`${QUEUE_PATH}?${back ? `${back}&` : ''}ok=attribuee#notice-${id}`, 303);
    }
    return reply.redirect(`${noticePath(id)}?ok=attribuee#notice-attribution`, 303);
  });

  // ---- The public statistics ----

  app.get(STATISTICS_PATH, async (request, reply) => {
    const dimension = parseDimension(request.query);
    const figures = await noticeWorkflowFigures(db, dimension.choice.by);
    return sendHtml(
      reply,
      dimension.error ? 400 : 200,
      renderStatisticsPage({ actor: request.actor, figures, dimension }),
    );
  });

  app.get(`${STATISTICS_PATH}.csv`, async (request, reply) => {
    const dimension = parseDimension(request.query);
    if (dimension.error) throw new AppError('VALIDATION_FAILED', dimension.error);
    const figures = await noticeWorkflowFigures(db, dimension.choice.by);
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="statistiques-notices-par-${dimension.choice.param}-${todayInFrance()}.csv"`,
      )
      .send(statisticsCsv(figures, dimension.choice));
  });
}
