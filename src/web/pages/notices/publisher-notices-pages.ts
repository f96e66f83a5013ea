// The publishers' notice pages (/editeur/notices): their notices by status, the form to write one (with a
// preview) or a new version of one, a notice's page with its decisions and versions, withdrawing (a
// confirmation page first), and importing ScoLOMfr files. Plain HTML forms: POST, then a 303 redirect;
// a refused form comes back with everything typed and each error next to its field. Only publishers
// (FORBIDDEN for any other role); another producer's notice is "not found".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor, type Actor } from '../../../modules/accounts/actor.js';
import { sessionActor } from '../../../modules/accounts/session.plugin.js';
import {
  importUploadedNotices,
  submitNotice,
  withdrawNotice,
} from '../../../modules/notices/notice-review.service.js';
import {
  MAX_UPLOAD_FILES,
  noticeUploadOf,
  registerNoticeUploads,
} from '../../../modules/notices/notice-uploads.js';
import { isMalformedMultipart } from '../../../shared/multipart-errors.js';
import { publisherProducerIds } from '../../../modules/notices/notices.policy.js';
import {
  getPublisherNotice,
  listPublisherNotices,
  previewNotice,
  publisherProducers,
  type PublisherNotice,
  type PublisherProducer,
} from '../../../modules/notices/publisher-notices.service.js';
import { AppError } from '../../../shared/errors.js';
import { formOf, formText, sendHtml, successMessage, type Flash } from '../../page-kit.js';
import { summaryTitle } from '../funding/form-errors.js';
import { summaryOfInput } from './notice-form-summary.js';
import {
  emptyNoticeForm,
  fieldIds,
  formErrorsOf,
  noticeFormFromFields,
  noticeFormFromPost,
  noticeSubmissionOf,
  type FormErrors,
  type NoticeFormValues,
} from './notice-form-values.js';
import { renderNoticeFormPage } from './publisher-notice-form-page.js';
import { renderImportPage } from './publisher-notice-import.js';
import { renderNoticePage, renderWithdrawPage } from './publisher-notice-page.js';
import {
  IMPORT_NOTICES_PATH,
  NEW_NOTICE_PATH,
  NOTICES_PATH,
  noticeMessages,
  noticePath,
} from './publisher-notice-parts.js';
import { PAGE_SIZE, parseNoticeListFilter, renderNoticesListPage } from './publisher-notices-list.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const noErrors: FormErrors = { fields: {}, lines: [] };

function noticeId(request: IdRequest): number {
  const id = request.params.id;
  if (!/^\d{1,9}$/.test(id)) throw new AppError('NOT_FOUND', 'Cette notice n’existe pas.');
  return Number(id);
}

/** What a form post needs besides its values: who, for which producer, and where it goes back. */
interface FormContext {
  actor: Actor;
  producers: PublisherProducer[];
  action: string;
  /** Editing: the notice, whose identifier and producer the new version keeps. */
  notice?: PublisherNotice | undefined;
}

export function publisherNoticePages(app: FastifyInstance, context: AppContext): void {
  const { db } = context;
  const settings = context.noticeChecklist;

  // ---- The list ----

  app.get(NOTICES_PATH, async (request, reply) => {
    const actor = requireActor(request);
    const producers = await publisherProducers(db, actor);
    const filter = parseNoticeListFilter(request.query, producers);
    const list = await listPublisherNotices(db, actor, {
      status: filter.status,
      producerId: filter.producerId,
      page: filter.page,
      pageSize: PAGE_SIZE,
    });
    const invalid = Object.keys(filter.errors).length > 0;
    return sendHtml(
      reply,
      invalid ? 400 : 200,
      renderNoticesListPage({
        actor,
        list,
        filter,
        producers,
        flash: { success: successMessage(request.query, noticeMessages) },
      }),
    );
  });

  // ---- The form: a new notice, or a new version ----

  /** Shows the form: as it was typed (with its errors, or its preview), or as it starts. */
  function sendForm(
    reply: FastifyReply,
    status: number,
    form: FormContext,
    values: NoticeFormValues,
    extra: {
      errors?: FormErrors;
      errorTitle?: string | undefined;
      preview?: Parameters<typeof renderNoticeFormPage>[0]['preview'];
    } = {},
  ) {
    const { notice } = form;
    return sendHtml(
      reply,
      status,
      renderNoticeFormPage({
        actor: form.actor,
        action: form.action,
        values,
        errors: extra.errors ?? noErrors,
        errorTitle: extra.errorTitle,
        producers: form.producers,
        editing: notice ? { producerName: notice.notice.producer_name } : undefined,
        notice: notice ? { id: notice.notice.id, title: notice.notice.title } : undefined,
        preview: extra.preview,
      }),
    );
  }

  /** "Prévisualiser" shows the preview; "Soumettre" stores a new version, or shows why not. */
  async function postForm(request: FastifyRequest, reply: FastifyReply, form: FormContext) {
    const posted = formOf(request);
    const values = noticeFormFromPost(posted);
    const { notice } = form;
    if (notice) values.identifier = notice.notice.identifier;
    const producer = notice
      ? { id: notice.notice.producer_id, name: notice.notice.producer_name }
      : form.producers.length === 1
        ? form.producers[0]
        : form.producers.find((candidate) => String(candidate.id) === values.producer);
    if (!producer) {
      const message = 'Choisissez la maison d’édition de la notice.';
      return sendForm(reply, 400, form, values, {
        errors: {
          fields: { [fieldIds.producer]: message },
          lines: [{ href: `#${fieldIds.producer}`, text: `Maison d’édition : ${message}` }],
        },
        errorTitle: summaryTitle(1),
      });
    }
    const submission = noticeSubmissionOf(values, notice?.notice.identifier);
    const previewing = formText(posted, 'action') === 'preview';
    if (previewing || submission.errors.length > 0) {
      // Nothing is stored: a preview, or values the page itself found wrong (a price that is not one).
      const preview = previewNotice(form.actor, producer.id, submission.input, settings);
      const errors = formErrorsOf([...submission.errors, ...preview.errors], submission.offerRows);
      const count = errors.lines.length;
      return sendForm(reply, previewing ? 200 : 400, form, values, {
        errors,
        errorTitle:
          count === 0
            ? undefined
            : previewing
              ? `À corriger avant de soumettre : ${count === 1 ? 'un champ est signalé' : `${count} champs sont signalés`}.`
              : summaryTitle(count),
        preview: previewing
          ? {
              fields: summaryOfInput(submission.input),
              producerName: producer.name,
              checklist: preview.checklist,
            }
          : undefined,
      });
    }
    const result = await submitNotice(db, form.actor, producer.id, submission.input, 'form');
    if (result.status === 'rejected' || result.notice === undefined) {
      // The use case stops at the first kind of mistake; the preview's check says the others too.
      const checked = previewNotice(form.actor, producer.id, submission.input, settings).errors;
      const seen = new Set<string>();
      const issues = [...result.errors, ...checked].filter((issue) => {
        const key = `${issue.path} ${issue.message}`;
        return seen.has(key) ? false : (seen.add(key), true);
      });
      const errors = formErrorsOf(issues, submission.offerRows);
      return sendForm(reply, 400, form, values, {
        errors,
        errorTitle: summaryTitle(Math.max(1, errors.lines.length)),
      });
    }
    return reply.redirect(`${noticePath(result.notice)}?ok=soumise`, 303);
  }

  app.get(NEW_NOTICE_PATH, async (request, reply) => {
    const actor = requireActor(request);
    const producers = await publisherProducers(db, actor);
    return sendForm(reply, 200, { actor, producers, action: NEW_NOTICE_PATH }, emptyNoticeForm());
  });

  app.post(NEW_NOTICE_PATH, async (request, reply) => {
    const actor = requireActor(request);
    const producers = await publisherProducers(db, actor);
    return postForm(request, reply, { actor, producers, action: NEW_NOTICE_PATH });
  });

  const editPath = `${NOTICES_PATH}/:id/modifier`;

  app.get(editPath, async (request: IdRequest, reply) => {
    const actor = requireActor(request);
    const producers = await publisherProducers(db, actor);
    const notice = await getPublisherNotice(db, actor, noticeId(request), settings);
    return sendForm(
      reply,
      200,
      { actor, producers, action: `${noticePath(notice.notice.id)}/modifier`, notice },
      noticeFormFromFields(notice.fields),
    );
  });

  app.post(editPath, async (request: IdRequest, reply) => {
    const actor = requireActor(request);
    const producers = await publisherProducers(db, actor);
    const notice = await getPublisherNotice(db, actor, noticeId(request), settings);
    return postForm(request, reply, {
      actor,
      producers,
      action: `${noticePath(notice.notice.id)}/modifier`,
      notice,
    });
  });

  // ---- A notice, and withdrawing it ----

  app.get(`${NOTICES_PATH}/:id`, async (request: IdRequest, reply) => {
    const actor = requireActor(request);
    const notice = await getPublisherNotice(db, actor, noticeId(request), settings);
    return sendHtml(
      reply,
      200,
      renderNoticePage({ actor, notice, flash: { success: successMessage(request.query, noticeMessages) } }),
    );
  });

  const withdrawPath = `${NOTICES_PATH}/:id/retirer`;

  app.get(withdrawPath, async (request: IdRequest, reply) => {
    const actor = requireActor(request);
    const notice = await getPublisherNotice(db, actor, noticeId(request), settings);
    return sendHtml(reply, 200, renderWithdrawPage({ actor, notice }));
  });

  app.post(withdrawPath, async (request: IdRequest, reply) => {
    const actor = requireActor(request);
    const id = noticeId(request);
    // The same answers as the page's: forbidden for other roles, not found for another producer's.
    await getPublisherNotice(db, actor, id, settings);
    try {
      await withdrawNotice(db, actor, id);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'INVALID_TRANSITION') throw error;
      const notice = await getPublisherNotice(db, actor, id, settings);
      return sendHtml(reply, 409, renderWithdrawPage({ actor, notice, flash: { error: error.message } }));
    }
    return reply.redirect(`${noticePath(id)}?ok=retiree`, 303);
  });

  // ---- Importing ScoLOMfr files, in a scope that parses multipart uploads ----

  void app.register(async (scope) => {
    await registerNoticeUploads(scope, (request) => sessionActor(request, context.sessions));
    importRoutes(scope, context);
  });
}

function importRoutes(scope: FastifyInstance, context: AppContext): void {
  const { db } = context;

  const tooManyFiles = `Envoyez ${MAX_UPLOAD_FILES} fichiers au plus à la fois, ou réunissez-les dans une archive .zip.`;
  // Upload limits said on the import page; a truncated or malformed body is the client's fault (400).
  scope.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error.code === 'FST_FILES_LIMIT' && request.actor && publisherProducerIds(request.actor).length > 0) {
      const producers = await publisherProducers(db, request.actor);
      return sendHtml(
        reply,
        413,
        renderImportPage({ actor: request.actor, producers, flash: { error: tooManyFiles } }),
      );
    }
    if (isMalformedMultipart(error)) error.statusCode = 400;
    throw error;
  });

  scope.get(IMPORT_NOTICES_PATH, async (request, reply) => {
    const actor = requireActor(request);
    const producers = await publisherProducers(db, actor);
    return sendHtml(reply, 200, renderImportPage({ actor, producers }));
  });

  /** The import's answer (the upload module removes the stored files once it is sent). */
  async function importAnswer(request: FastifyRequest): Promise<{ status: number; html: string }> {
    const actor = requireActor(request);
    const producers = await publisherProducers(db, actor);
    const body = formOf(request);
    const upload = noticeUploadOf(request);
    const chosen = formText(body, 'producer', 20);
    const producer =
      producers.length === 1 ? producers[0] : producers.find((candidate) => String(candidate.id) === chosen);
    const refuse = (flash: Flash) => ({
      status: 400,
      html: renderImportPage({ actor, producers, producer: chosen, flash }),
    });
    if (!producer) return refuse({ error: 'Choisissez la maison d’édition des notices.' });
    if (upload.files.length === 0 && upload.refused.length === 0) {
      return refuse({ error: 'Choisissez au moins un fichier .xml ou une archive .zip.' });
    }
    const outcome = await importUploadedNotices(db, actor, producer.id, upload);
    const { notices, rejected } = outcome.summary;
    const flash: Flash =
      rejected > 0
        ? { error: `${rejected} notice(s) refusée(s) sur ${notices} : le détail de chacune est ci-dessous.` }
        : notices > 0
          ? { success: `${notices} notice(s) importée(s) et soumise(s) à validation.` }
          : { error: 'Aucune notice n’a été trouvée dans les fichiers envoyés.' };
    return {
      status: 200,
      html: renderImportPage({ actor, producers, producer: String(producer.id), flash, outcome }),
    };
  }

  scope.post(IMPORT_NOTICES_PATH, async (request, reply) => {
    const answer = await importAnswer(request);
    return sendHtml(reply, answer.status, answer.html);
  });
}
