// JSON API of notices: publishers submit (JSON or ScoLOMfr files) and withdraw; experts list, assign and
// decide; everyone reads the workflow's statistics and a resource as ScoLOMfr XML. Authorization
// happens in the use cases (notices.policy.ts); CSRF is checked by the session plugin on every write.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { toCsv } from '../../shared/csv.js';
import { treatMalformedMultipartAsBadRequest } from '../../shared/multipart-errors.js';
import { errorResponses, jsonReply, publicAccess, sessionRead, sessionWrite } from '../../shared/openapi.js';
import { requireActor } from '../accounts/actor.js';
import { sessionActor } from '../accounts/session.plugin.js';
import { resourceIdParamsSchema } from '../catalogue/catalogue.schema.js';
import { getResource } from '../catalogue/catalogue.service.js';
import {
  assignNoticeTo,
  decideNotice,
  decisionSchema,
  getNoticeReview,
  importUploadedNotices,
  listNoticesFor,
  noticeStatistics,
  producerOfPublisher,
  submitNotice,
  withdrawNotice,
} from './notice-review.service.js';
import { noticeUploadOf, rawNoticeTypes, registerNoticeUploads } from './notice-uploads.js';
import {
  assignmentBody,
  decisionReplySchema,
  importQuery,
  importReplySchema,
  importResultSchema,
  listNoticesQuery,
  noticeDetailSchema,
  noticeIdParams,
  noticeListSchema,
  submitNoticeBody,
  workflowStatsQuery,
  workflowStatsSchema,
} from './notices.schema.js';
import { resourceToScolomfr } from './scolomfr-export.js';

const tags = ['notices'];
const iso = (date: Date) => new Date(date).toISOString();
const publisher = 'A publisher, for its own producer.';
const expert = 'Experts (validation).';
const readers = 'Experts and the national administration: every notice; a publisher: its own.';

export function noticesApiRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/notices',
    {
      schema: {
        operationId: 'listNotices',
        tags,
        summary: 'Notices, oldest waiting first',
        description: readers,
        security: sessionRead,
        querystring: listNoticesQuery,
        response: {
          200: jsonReply('One page of notices.', noticeListSchema),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { assigned, waiting, ...query } = request.query;
      const list = await listNoticesFor(db, actor, {
        ...query,
        waitingDays: waiting,
        assignedTo: assigned === 'me' ? actor.userId : assigned === 'none' ? null : assigned,
      });
      return {
        ...list,
        notices: list.notices.map((notice) => ({
          ...notice,
          submittedAt: iso(notice.submittedAt),
          decidedAt: notice.decidedAt && iso(notice.decidedAt),
        })),
      };
    },
  );

  api.get(
    '/api/notices/:id',
    {
      schema: {
        operationId: 'getNotice',
        tags,
        summary: 'One notice: its fields, checklist, changes since the last version, decisions, duplicates',
        description: readers,
        security: sessionRead,
        params: noticeIdParams,
        response: { 200: jsonReply('The notice.', noticeDetailSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const review = await getNoticeReview(
        db,
        requireActor(request),
        request.params.id,
        context.noticeChecklist,
      );
      const { notice } = review;
      return {
        id: notice.id,
        identifier: notice.identifier,
        title: notice.title,
        status: notice.status,
        statusLabel: notice.statusLabel,
        version: notice.current_version,
        producer: { id: notice.producer_id, code: notice.producer_code, name: notice.producer_name },
        submittedAt: iso(notice.submitted_at),
        decidedAt: notice.decided_at && iso(notice.decided_at),
        assignedTo: notice.assigned_to,
        resourceId: notice.resource_id,
        fields: review.fields,
        warnings: review.warnings,
        checklist: review.checklist,
        changes: review.changes,
        versions: review.versions.map((version) => ({ ...version, submittedAt: iso(version.submittedAt) })),
        decisions: review.decisions.map(({ decisionLabel: _label, ...decision }) => ({
          ...decision,
          decidedAt: iso(decision.decidedAt),
        })),
        duplicates: review.duplicates.map((duplicate) => ({
          id: duplicate.id,
          identifier: duplicate.identifier,
          title: duplicate.title,
          status: duplicate.status,
          producerName: duplicate.producer_name,
          reason: duplicate.reason,
        })),
      };
    },
  );

  api.post(
    '/api/notices',
    {
      schema: {
        operationId: 'submitNotice',
        tags,
        summary: 'Submit a notice as JSON (a new one, or a new version of one with the same identifier)',
        description: `${publisher} Levels, disciplines, types and formats are ScoLOMfr concept URIs (or the catalogue's codes). Prices are integer cents. The same checks as a ScoLOMfr import; a rejected notice stores nothing (422 with located errors).`,
        security: sessionWrite,
        body: submitNoticeBody,
        response: {
          201: jsonReply('Stored for review (status accepted, or warning).', importResultSchema),
          422: jsonReply('Rejected: nothing stored; errors say where and why.', importResultSchema),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { producer, ...fields } = request.body;
      const result = await submitNotice(db, actor, producerOfPublisher(actor, producer), fields, 'json');
      return reply.status(result.status === 'rejected' ? 422 : 201).send(result);
    },
  );

  // Uploads stream to disk in their own scope (raw XML or zip body, or a multipart form).
  void app.register(async (scope) => {
    await registerNoticeUploads(scope, (request) => sessionActor(request, context.sessions));
    treatMalformedMultipartAsBadRequest(scope);
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/notices/import',
      {
        schema: {
          operationId: 'importNotices',
          tags,
          summary: 'Import ScoLOMfr notices: one XML file, a zip of many, or a multipart form of files',
          description: `${publisher} The body is a notice (application/xml), a zip (application/zip), or a multipart form with up to 20 files of 200 MB at most; files that are neither .xml nor .zip, or too large, get a rejected result of their own. Each notice gets its own result (the CLI's \`import --json\` shape) and is stored or not on its own. The optional X-File-Name header names a raw body in the results.`,
          security: sessionWrite,
          querystring: importQuery,
          consumes: [...rawNoticeTypes, 'multipart/form-data'],
          body: z.unknown(),
          response: {
            200: jsonReply('One result per notice, then the summary.', importReplySchema),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const producerId = producerOfPublisher(actor, request.query.producer);
        return importUploadedNotices(db, actor, producerId, noticeUploadOf(request));
      },
    );
  });

  api.post(
    '/api/notices/:id/decision',
    {
      schema: {
        operationId: 'decideNotice',
        tags,
        summary: 'Accept, refuse or ask for changes on the notice’s current version',
        description: `${expert} Accepting publishes the resource (or updates it): searchable within seconds. A refusal or a request for changes gives at least one reason, each naming a criterion of the checklist (or "other"). Only a pending notice can be decided (409 otherwise).`,
        security: sessionWrite,
        params: noticeIdParams,
        body: decisionSchema,
        response: {
          200: jsonReply('The decision, recorded.', decisionReplySchema),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => decideNotice(db, requireActor(request), request.params.id, request.body),
  );

  api.post(
    '/api/notices/:id/assignment',
    {
      schema: {
        operationId: 'assignNotice',
        tags,
        summary: 'Assign the notice to an expert, or to nobody',
        description: expert,
        security: sessionWrite,
        params: noticeIdParams,
        body: assignmentBody,
        response: { 204: z.undefined().describe('Assigned.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await assignNoticeTo(db, requireActor(request), request.params.id, request.body.expert);
      return reply.status(204).send();
    },
  );

  api.post(
    '/api/notices/:id/withdrawal',
    {
      schema: {
        operationId: 'withdrawNotice',
        tags,
        summary: 'Withdraw a notice: its resource leaves search at once',
        description: `${publisher} Orders and subscriptions already placed for the resource stay as they are.`,
        security: sessionWrite,
        params: noticeIdParams,
        response: {
          200: jsonReply('Withdrawn.', decisionReplySchema.omit({ resourceId: true })),
          ...errorResponses(401, 403, 404, 409),
        },
      },
    },
    async (request) => withdrawNotice(db, requireActor(request), request.params.id),
  );

  api.get(
    '/api/stats/notices',
    {
      schema: {
        operationId: 'noticeWorkflowStats',
        tags: ['statistics'],
        summary: 'The notice workflow’s figures, by producer, type or level',
        description:
          'Public. Notices pending, validated, refused, with changes requested and withdrawn, with the median and 90th percentile of the time to a decision. format=csv answers the same rows as CSV (UTF-8, header row).',
        security: publicAccess,
        querystring: workflowStatsQuery,
        response: {
          200: {
            description: 'The rows (JSON, or CSV with format=csv).',
            content: {
              'application/json': { schema: workflowStatsSchema },
              'text/csv': { schema: z.string() },
            },
          },
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { by, format } = request.query;
      const rows = (await noticeStatistics(db, by)).map(({ key, label, ...counts }) => ({
        key,
        label,
        ...counts,
      }));
      if (format === 'json') return { by, rows };
      const csv = toCsv(
        [
          'Clé',
          'Libellé',
          'En attente',
          'Validées',
          'Refusées',
          'Modifications demandées',
          'Retirées',
          'Total',
          'Délai médian (heures)',
          'Délai 90e centile (heures)',
        ],
        rows.map((row) => [
          row.key,
          row.label,
          row.submitted,
          row.accepted,
          row.refused,
          row.changes_requested,
          row.withdrawn,
          row.total,
          row.median_hours ?? '',
          row.p90_hours ?? '',
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="notices-${by}.csv"`)
        .serializer((payload) => payload as string)
        .send(csv);
    },
  );

  api.get(
    '/api/resources/:id/scolomfr',
    {
      schema: {
        operationId: 'getResourceScolomfr',
        tags: ['catalogue'],
        summary: 'One resource as a ScoLOMfr 3.1 notice',
        description:
          'The resource as a ScoLOMfr 3.1 XML notice (strict: every vocabulary value is a concept URI with its label), valid against the official XSD.',
        security: publicAccess,
        params: resourceIdParamsSchema,
        response: {
          200: {
            description: 'The ScoLOMfr notice.',
            content: { 'application/xml': { schema: z.string() } },
          },
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      const resource = await getResource(context.db, request.params.id);
      // XML, sent as built: not through the JSON serializer.
      return reply
        .type('application/xml; charset=utf-8')
        .serializer((payload) => payload as string)
        .send(resourceToScolomfr(resource));
    },
  );
}
