// Page routes of teachers' own resources: /mes-ressources (hers), /mes-ressources/nouvelle (the form,
// a multipart upload handled in its own scope: teacher-resource-uploads.ts), the moderators' queue and
// decision (/moderation/ressources-enseignants…), and the file itself (/ressources-enseignants/:id/fichier),
// sent as an attachment with nosniff and a sandboxing CSP so a browser never runs it as a page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { loadConfig } from '../../../config.js';
import { requireActor, type Actor } from '../../../modules/accounts/actor.js';
import { sessionActor } from '../../../modules/accounts/session.plugin.js';
import { attachmentHeader } from '../../../modules/teacher-resources/file-content.js';
import { LocalFileStorage, type FileStorage } from '../../../modules/teacher-resources/file-storage.js';
import {
  registerTeacherUploads,
  teacherUploadOf,
} from '../../../modules/teacher-resources/teacher-resource-uploads.js';
import { authorizePublish } from '../../../modules/teacher-resources/teacher-resources.policy.js';
import {
  decisionSchema,
  resourceLinkSchema,
  teacherResourceSchema,
} from '../../../modules/teacher-resources/teacher-resources.schema.js';
import {
  decideTeacherResource,
  getTeacherFile,
  getTeacherResourceForModeration,
  listMyTeacherResources,
  listPendingTeacherResources,
  submitTeacherResource,
} from '../../../modules/teacher-resources/teacher-resources.service.js';
import { AppError, httpStatusByCode } from '../../../shared/errors.js';
import { isMalformedMultipart } from '../../../shared/multipart-errors.js';
import { formOf, formText, sendHtml, successMessage, type Form } from '../../page-kit.js';
import {
  commaList,
  emptyNoticeForm,
  formErrorsOf,
  noticeFormFromPost,
  type FormErrors,
} from '../notices/notice-form-values.js';
import {
  renderModerationPage,
  renderModerationQueue,
  renderMyResourcesPage,
  renderTeacherResourceForm,
  type TeacherFormValues,
} from './teacher-resource-pages.js';

const notices: Record<string, string> = {
  envoyee: 'Votre ressource est envoyée à la modération : vous serez notifiée de la décision.',
};
const moderationNotices: Record<string, string> = {
  acceptee: 'La ressource est acceptée et publiée dans le catalogue ; son auteur est notifié.',
  refusee: 'La ressource est refusée ; son auteur est notifié avec le motif.',
};

const idOf = (params: { id: string }): number => {
  if (!/^\d{1,9}$/.test(params.id)) throw new AppError('NOT_FOUND', 'Cette ressource n’existe pas.');
  return Number(params.id);
};

const refusedTitle = 'La ressource n’est pas envoyée : corrigez les champs signalés.';

/** Adds an error to a field of the form (kind, file, url: the fields beyond the notice's). */
function addError(errors: FormErrors, id: string, message: string): void {
  if (errors.fields[id]) return;
  errors.fields[id] = message;
  errors.lines.push({ href: `#${id}`, text: message });
}

export function teacherResourcesPageRoutes(
  app: FastifyInstance,
  context: AppContext,
  storage: FileStorage = new LocalFileStorage(loadConfig().UPLOADS_DIR),
): void {
  const { db } = context;
  const publicUrl = loadConfig().PUBLIC_URL;

  app.get('/mes-ressources', async (request, reply) => {
    const actor = requireActor(request);
    const resources = await listMyTeacherResources(db, actor);
    return sendHtml(
      reply,
      200,
      renderMyResourcesPage({ actor, resources, flash: { success: successMessage(request.query, notices) } }),
    );
  });

  app.get('/mes-ressources/nouvelle', async (request, reply) => {
    const actor = requireActor(request);
    authorizePublish(actor);
    return sendHtml(
      reply,
      200,
      renderTeacherResourceForm({
        actor,
        values: { notice: emptyNoticeForm(), kind: 'file', url: '' },
        errors: { fields: {}, lines: [] },
      }),
    );
  });

  // The form posts a multipart body (the file): parsed and stored in this scope only.
  void app.register(async (scope) => {
    await registerTeacherUploads(scope, storage, (request) => sessionActor(request, context.sessions));
    scope.setErrorHandler((error: Error & { statusCode?: number }) => {
      if (isMalformedMultipart(error)) error.statusCode = 400;
      throw error;
    });

    scope.post('/mes-ressources', async (request, reply) => {
      const actor = requireActor(request);
      authorizePublish(actor);
      const form = formOf(request);
      const values: TeacherFormValues = {
        notice: noticeFormFromPost(form),
        kind: formText(form, 'kind', 10),
        url: formText(form, 'url', 2100),
      };
      const again = (status: number, errors: FormErrors) =>
        sendHtml(
          reply,
          status,
          renderTeacherResourceForm({ actor, values, errors, errorTitle: refusedTitle }),
        );
      const parsed = teacherResourceSchema.safeParse({
        title: values.notice.title,
        description: values.notice.description,
        keywords: commaList(values.notice.keywords),
        languages: ['fr'],
        levels: values.notice.levels,
        disciplines: values.notice.disciplines,
        types: values.notice.types,
        licence: values.notice.licence,
      });
      const errors = parsed.success
        ? { fields: {}, lines: [] }
        : formErrorsOf(
            parsed.error.issues.map((issue) => ({
              path: `/${issue.path.join('/')}`,
              message: issue.message,
            })),
            [],
          );
      const upload = teacherUploadOf(request);
      let status = 400;
      if (values.kind === 'link') {
        const url = resourceLinkSchema.safeParse(values.url.trim());
        if (!url.success) addError(errors, 'url', url.error.issues[0]?.message ?? 'Adresse web attendue.');
      } else if (values.kind === 'file') {
        if (upload.tooLarge) {
          status = 413;
          addError(errors, 'file', 'Le fichier dépasse 20 Mo : il n’est pas enregistré.');
        } else if (!upload.stored) {
          addError(errors, 'file', 'Choisissez le fichier à publier.');
        }
      } else {
        addError(errors, 'kind', 'Dites si vous publiez un fichier ou un lien.');
      }
      if (!parsed.success || errors.lines.length > 0) return again(status, errors);
      try {
        await submitTeacherResource(
          db,
          storage,
          actor,
          parsed.data,
          values.kind === 'link'
            ? { kind: 'link', url: values.url.trim() }
            : { kind: 'file', key: upload.stored!.key, name: upload.stored!.name, size: upload.stored!.size },
        );
        upload.claimed = true;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
        const issues =
          (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
        const refused = formErrorsOf(
          issues.filter((issue) => issue.path !== '/file'),
          [],
        );
        if (issues.some((issue) => issue.path === '/file')) addError(refused, 'file', error.message);
        if (refused.lines.length === 0) refused.lines.push(error.message);
        return again(httpStatusByCode[error.code], refused);
      }
      return reply.redirect('/mes-ressources?ok=envoyee', 303);
    });
  });

  app.get('/moderation/ressources-enseignants', async (request, reply) => {
    const actor = requireActor(request);
    const resources = await listPendingTeacherResources(db, actor);
    return sendHtml(
      reply,
      200,
      renderModerationQueue({
        actor,
        resources,
        flash: { success: successMessage(request.query, moderationNotices) },
      }),
    );
  });

  app.get<{ Params: { id: string } }>('/moderation/ressources-enseignants/:id', async (request, reply) => {
    const actor = requireActor(request);
    const resource = await getTeacherResourceForModeration(db, actor, idOf(request.params));
    return sendHtml(reply, 200, renderModerationPage({ actor, resource }));
  });

  app.post<{ Params: { id: string } }>(
    '/moderation/ressources-enseignants/:id/decision',
    async (request, reply) => {
      const actor: Actor = requireActor(request);
      const id = idOf(request.params);
      const form: Form = formOf(request);
      const parsed = decisionSchema.safeParse({
        decision: formText(form, 'decision', 10),
        reason: formText(form, 'reason', 2100),
      });
      try {
        if (!parsed.success) {
          throw new AppError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? 'Décision inconnue.');
        }
        await decideTeacherResource(db, actor, id, parsed.data, { publicUrl });
      } catch (error) {
        if (!(error instanceof AppError) || !['VALIDATION_FAILED', 'CONFLICT'].includes(error.code))
          throw error;
        const resource = await getTeacherResourceForModeration(db, actor, id);
        return sendHtml(
          reply,
          httpStatusByCode[error.code],
          renderModerationPage({
            actor,
            resource,
            flash: { error: error.message },
            reason: formText(form, 'reason', 2100),
          }),
        );
      }
      return reply.redirect(
        `/moderation/ressources-enseignants?ok=${parsed.data.decision === 'accept' ? 'acceptee' : 'refusee'}`,
        303,
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    '/ressources-enseignants/:id/fichier',
    async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const file = await getTeacherFile(db, request.actor, idOf(request.params));
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', attachmentHeader(file.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .send(storage.open(file.key));
    },
  );
}
