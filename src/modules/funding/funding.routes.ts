// API routes of the funding module. Registered by app.ts; its pages are in src/web/pages/funding/.
// Each route declares its schemas once (funding.schema.ts for requests, funding.responses.ts for
// replies): they validate, type the handler and make the OpenAPI document. Handlers call one use case
// and present; authorization happens in the use cases through funding.policy.ts.
import fastifyMultipart from '@fastify/multipart';
import { treatMalformedMultipartAsBadRequest } from '../../shared/multipart-errors.js';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import {
  errorResponses,
  jsonReply,
  publicAccess,
  sessionRead,
  sessionWrite,
  zodValidator,
} from '../../shared/openapi.js';
import { requireActor } from '../accounts/actor.js';
import {
  createPool,
  getAcademyPlan,
  modulateAllocation,
  setBeneficiaries,
  type AcademyPlanView,
} from './allocation.service.js';
import { publishAllocations } from './publication.service.js';
import { closeCampaign, settleCampaign } from './campaign-closing.js';
import {
  commitSplit,
  createCampaign,
  getCampaignDetail,
  getCampaigns,
  previewSplit,
  setCampaignAcademies,
  type Campaign,
} from './campaign.service.js';
import { academyDashboard, nationalDashboard } from './dashboard.service.js';
import { getDrawingRights } from './drawing-right.service.js';
import { importEstablishments } from './establishments.service.js';
import { listAcademies, reallocateRemainder } from './academies.service.js';
import {
  academiesResponse,
  academyDashboardResponse,
  academyPlanResponse,
  campaignDetailResponse,
  campaignResponse,
  campaignsResponse,
  closeCampaignResponse,
  drawingRightsResponse,
  importResultResponse,
  modulationResponse,
  nationalDashboardResponse,
  poolCreatedResponse,
  publishResultResponse,
  reallocationResponse,
  settleCampaignResponse,
  splitResultResponse,
} from './funding.responses.js';
import {
  beneficiariesSchema,
  campaignAcademiesSchema,
  createCampaignSchema,
  idSchema,
  modulationSchema,
  poolSchema,
  publishSchema,
  reallocationSchema,
  splitWeightsSchema,
  uaiParamSchema,
} from './funding.schema.js';

export function presentCampaign(campaign: Campaign) {
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    envelopeCents: campaign.envelopeCents,
    orderingDeadline: campaign.orderingDeadline,
    remainderPolicy: campaign.remainderPolicy,
    rules: campaign.rules,
  };
}

/** The campaign row as the dashboards return it: every field, createdAt as JSON writes a Date. */
function presentCampaignRecord(campaign: Campaign) {
  return { ...presentCampaign(campaign), createdAt: campaign.createdAt.toISOString() };
}

function presentPlan(plan: AcademyPlanView) {
  return {
    campaign: presentCampaign(plan.campaign),
    academy: plan.academy,
    shareCents: plan.shareCents,
    published: plan.published,
    totalCents: plan.totalCents,
    leftCents: plan.leftCents,
    scaled: plan.scaled,
    pools: plan.pools,
    allocations: plan.allocations.map((a) => ({
      establishment: {
        id: a.establishment.id,
        uai: a.establishment.uai,
        name: a.establishment.name,
        type: a.establishment.type,
      },
      eligible: a.eligible,
      selected: a.selected,
      ruleCents: a.ruleCents,
      finalCents: a.finalCents,
      ruleReason: a.ruleReason,
      modulation: a.modulation,
      pool: a.pool,
    })),
  };
}

const campaignParams = z.object({ id: idSchema.describe('Campaign id.') });
const academyParams = z.object({ academyId: idSchema.describe('Academy id.') });
const planParams = campaignParams.extend(academyParams.shape);
const uaiParams = z.object({
  uai: uaiParamSchema.shape.uai.describe(
    'UAI of the establishment: 7 digits and a check letter (lower case is accepted).',
  ),
});
const planQuery = z.object({
  scale: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: show the 2012 rule amounts scaled to fit the academy share exactly.'),
});

/**
 * These use cases parse their own input (the pages call them with form text): the route checks the
 * body with the same schema, so the document shows it and a bad body is answered at once, and hands
 * it on as sent; parsing twice a body whose euros became cents would read them as euros again.
 */
function bodyAsSent<T>(): FastifySchemaCompiler<T> {
  const compile = zodValidator<T>();
  return (route) => {
    const validate = compile(route);
    if (route.httpPart !== 'body') return validate;
    return (data: unknown) => {
      const result = validate(data) as { error?: Error };
      return result.error ? result : { value: data };
    };
  };
}

/** The raw CSV file: documented only, the importer reads whatever bytes came (and says what is wrong). */
const csvFile = z
  .custom<unknown>(() => true)
  .meta({ type: 'string', format: 'binary', description: 'The raw file.' });

const tags = ['funding'];
const national = 'National administration only.';
const academyStaff = 'Academy staff of that academy, or the national administration.';

export function fundingRoutes(app: FastifyInstance, context: AppContext): void {
  const db = context.db;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/academies',
    {
      schema: {
        operationId: 'listAcademies',
        tags,
        summary: 'The 30 academies',
        security: publicAccess,
        response: { 200: jsonReply('Every academy, by code.', academiesResponse), ...errorResponses(400) },
      },
    },
    async () => ({ items: await listAcademies(db) }),
  );

  api.get(
    '/api/campaigns',
    {
      schema: {
        operationId: 'listCampaigns',
        tags,
        summary: 'Campaigns, newest first',
        description: 'Academy staff, the national administration and the inspection (read only).',
        security: sessionRead,
        response: { 200: jsonReply('The campaigns.', campaignsResponse), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const campaigns = await getCampaigns(db, requireActor(request));
      return { items: campaigns.map(presentCampaign) };
    },
  );

  api.post(
    '/api/campaigns',
    {
      schema: {
        operationId: 'createCampaign',
        tags,
        summary: 'Create a draft campaign',
        description: `${national} Rules left out take the 2012 values (500 € per école, 1,000 to 2,500 € per EPLE by bands).`,
        security: sessionWrite,
        body: createCampaignSchema,
        response: {
          201: jsonReply('The draft campaign.', campaignResponse),
          ...errorResponses(400, 401, 403),
        },
      },
      validatorCompiler: bodyAsSent(),
    },
    async (request, reply) => {
      const campaign = await createCampaign(db, requireActor(request), request.body);
      return reply.status(201).send(presentCampaign(campaign));
    },
  );

  const campaignDetail = async (request: { params: { id: number } } & Parameters<typeof requireActor>[0]) => {
    const { campaign, academies } = await getCampaignDetail(db, requireActor(request), request.params.id);
    return {
      ...presentCampaign(campaign),
      academies: academies.map((a) => ({
        id: a.academyId,
        code: a.code,
        name: a.name,
        shareCents: a.shareCents,
        split: a.explanation.split ?? null,
      })),
    };
  };
  api.get(
    '/api/campaigns/:id',
    {
      schema: {
        operationId: 'getCampaign',
        tags,
        summary: 'One campaign with the share of each academy',
        description: 'Academy staff, the national administration and the inspection (read only).',
        security: sessionRead,
        params: campaignParams,
        response: {
          200: jsonReply('The campaign.', campaignDetailResponse),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    campaignDetail,
  );

  // Draft campaigns only; any change voids the split, which must be committed again.
  api.put(
    '/api/campaigns/:id/academies',
    {
      schema: {
        operationId: 'setCampaignAcademies',
        tags,
        summary: 'Choose the academies taking part in a draft campaign',
        description: `${national} Draft campaigns only (409 INVALID_TRANSITION otherwise); any change voids the split, which must be written again.`,
        security: sessionWrite,
        params: campaignParams,
        body: campaignAcademiesSchema,
        response: {
          200: jsonReply('The campaign with its academies.', campaignDetailResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: bodyAsSent(),
    },
    async (request) => {
      await setCampaignAcademies(db, requireActor(request), request.params.id, request.body);
      return campaignDetail(request);
    },
  );

  api.post(
    '/api/campaigns/:id/split/preview',
    {
      schema: {
        operationId: 'previewSplit',
        tags,
        summary: 'Preview the split of the envelope between academies (writes nothing)',
        description: `${national} Weights are percent points of the establishment count and of the pupil count; they add up to 100.`,
        security: sessionWrite,
        params: campaignParams,
        body: splitWeightsSchema,
        response: {
          200: jsonReply('The share of each academy and how it was computed.', splitResultResponse),
          ...errorResponses(400, 401, 403, 404),
        },
      },
      validatorCompiler: bodyAsSent(),
    },
    async (request) => ({
      academies: await previewSplit(db, requireActor(request), request.params.id, request.body as unknown),
    }),
  );

  api.post(
    '/api/campaigns/:id/split',
    {
      schema: {
        operationId: 'commitSplit',
        tags,
        summary: 'Write the split of the envelope (draft campaigns only)',
        description: national,
        security: sessionWrite,
        params: campaignParams,
        body: splitWeightsSchema,
        response: {
          200: jsonReply('The shares written; they add up exactly to the envelope.', splitResultResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: bodyAsSent(),
    },
    async (request) => ({
      academies: await commitSplit(db, requireActor(request), request.params.id, request.body as unknown),
    }),
  );

  api.post(
    '/api/campaigns/:id/close',
    {
      schema: {
        operationId: 'closeCampaign',
        tags,
        summary: 'Close a campaign after its ordering deadline',
        description: `${national} Every unspent drawing right closes and its balance returns to the academy remainder; orders already placed keep their debits.`,
        security: sessionWrite,
        params: campaignParams,
        response: {
          200: jsonReply('The campaign is closed.', closeCampaignResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => closeCampaign(db, requireActor(request), request.params.id),
  );

  api.post(
    '/api/campaigns/:id/settle',
    {
      schema: {
        operationId: 'settleCampaign',
        tags,
        summary: 'Settle a closed campaign',
        description: `${national} With the carry-to-next-campaign policy, each academy remainder moves to the next campaign of that academy.`,
        security: sessionWrite,
        params: campaignParams,
        response: {
          200: jsonReply('The campaign is settled.', settleCampaignResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => settleCampaign(db, requireActor(request), request.params.id),
  );

  const base = '/api/campaigns/:id/academies/:academyId';
  api.get(
    `${base}/plan`,
    {
      schema: {
        operationId: 'getAcademyPlan',
        tags,
        summary: 'The allocation plan of an academy',
        description: `${academyStaff} Every establishment with its 2012 rule amount, its modulation and its pool.`,
        security: sessionRead,
        params: planParams,
        querystring: planQuery,
        response: { 200: jsonReply('The plan.', academyPlanResponse), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      presentPlan(
        await getAcademyPlan(
          db,
          requireActor(request),
          request.params.id,
          request.params.academyId,
          request.query.scale === 'true',
        ),
      ),
  );

  api.put(
    `${base}/beneficiaries`,
    {
      schema: {
        operationId: 'setBeneficiaries',
        tags,
        summary: 'Choose the beneficiary establishments of the plan',
        description: `${academyStaff} Replaces the list; refused once the plan is published.`,
        security: sessionWrite,
        params: planParams,
        body: beneficiariesSchema,
        response: { 204: z.undefined().describe('Saved.'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id, academyId } = request.params;
      await setBeneficiaries(db, actor, id, academyId, request.body.establishmentIds);
      return reply.status(204).send();
    },
  );

  api.post(
    `${base}/modulations`,
    {
      schema: {
        operationId: 'modulateAllocation',
        tags,
        summary: 'Set the amount of one establishment, with a reason',
        description: `${academyStaff} Before publication the plan keeps it; after, an adjustment moves the drawing right at once and can never take it below zero (BUDGET_EXCEEDED). The reason is audited.`,
        security: sessionWrite,
        params: planParams,
        body: modulationSchema,
        response: {
          201: jsonReply('The modulation is recorded.', modulationResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: bodyAsSent(),
    },
    async (request, reply) => {
      const { id, academyId } = request.params;
      const result = await modulateAllocation(db, requireActor(request), id, academyId, request.body);
      return reply.status(201).send(result);
    },
  );

  api.post(
    `${base}/pools`,
    {
      schema: {
        operationId: 'createPool',
        tags,
        summary: 'Group establishments into a pool sharing one drawing right',
        description: `${academyStaff} The pool's right is the sum of the allocations of its beneficiary members.`,
        security: sessionWrite,
        params: planParams,
        body: poolSchema,
        response: {
          201: jsonReply('The pool is created.', poolCreatedResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: bodyAsSent(),
    },
    async (request, reply) => {
      const { id, academyId } = request.params;
      await createPool(db, requireActor(request), id, academyId, request.body);
      return reply.status(201).send({ created: true as const });
    },
  );

  api.post(
    `${base}/publish`,
    {
      schema: {
        operationId: 'publishAllocations',
        tags,
        summary: 'Publish the plan: one drawing right per beneficiary or pool',
        description: `${academyStaff} Refused with BUDGET_EXCEEDED when the plan exceeds the academy share, unless scaleToShare. Heads are notified, and invited when they have no account. The body is optional.`,
        security: sessionWrite,
        params: planParams,
        body: publishSchema.optional(),
        response: {
          200: jsonReply('Published.', publishResultResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const { id, academyId } = request.params;
      const options = request.body ?? { scaleToShare: false };
      return publishAllocations(db, requireActor(request), id, academyId, options);
    },
  );

  api.post(
    `${base}/reallocations`,
    {
      schema: {
        operationId: 'reallocateRemainder',
        tags,
        summary: 'Give part of the academy remainder to an establishment',
        description: `${academyStaff} Moves money from the academy remainder of this closed campaign to the establishment's right in an open campaign of the same academy.`,
        security: sessionWrite,
        params: planParams,
        body: reallocationSchema,
        response: {
          201: jsonReply('The amount was moved.', reallocationResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: bodyAsSent(),
    },
    async (request, reply) => {
      const { id, academyId } = request.params;
      const result = await reallocateRemainder(db, requireActor(request), id, academyId, request.body);
      return reply.status(201).send(result);
    },
  );

  api.get(
    `${base}/dashboard`,
    {
      schema: {
        operationId: 'getAcademyDashboard',
        tags,
        summary: 'Consumption of an academy, by establishment, type and over time',
        description: academyStaff,
        security: sessionRead,
        params: planParams,
        response: {
          200: jsonReply('Figures from the ledger alone.', academyDashboardResponse),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { id, academyId } = request.params;
      const result = await academyDashboard(db, requireActor(request), id, academyId);
      return { ...result, campaign: presentCampaignRecord(result.campaign) };
    },
  );

  api.get(
    '/api/campaigns/:id/dashboard',
    {
      schema: {
        operationId: 'getNationalDashboard',
        tags,
        summary: 'National consumption of a campaign, by academy and over time',
        description: national,
        security: sessionRead,
        params: campaignParams,
        response: {
          200: jsonReply('Figures from the ledger alone.', nationalDashboardResponse),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const result = await nationalDashboard(db, requireActor(request), request.params.id);
      return {
        ...result,
        campaign: presentCampaignRecord(result.campaign),
        overTimeByAcademy: Object.fromEntries(result.overTimeByAcademy),
      };
    },
  );

  api.get(
    '/api/establishments/:uai/drawing-right',
    {
      schema: {
        operationId: 'getDrawingRight',
        tags,
        summary: 'What an establishment can still spend, per open campaign',
        description:
          'The establishment team (head, referent, librarian, teachers), its academy staff and the national administration. remaining = allocation + adjustments + reallocations + top-ups − spent − committed.',
        security: sessionRead,
        params: uaiParams,
        response: {
          200: jsonReply('One entry per open campaign.', drawingRightsResponse),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { campaigns } = await getDrawingRights(db, requireActor(request), request.params.uai);
      return { campaigns };
    },
  );

  // CSV upload: the raw file (any encoding) as the body, or a multipart form from the page.
  void app.register(async (scope) => {
    await registerCsvUploadParsers(scope);
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/academies/:academyId/establishments/import',
      {
        schema: {
          operationId: 'importEstablishments',
          tags,
          summary: 'Import the candidate establishments of an academy from a CSV file',
          description: `${academyStaff} The whole file is checked first and nothing is written unless every line is valid (errors come back in details.errors with their line numbers). UTF-8 or Windows-1252, ";" or "," separated, with a header row: uai, nom, type, secteur, eleves, departement, reseau (French or English names). 10 MB at most.`,
          security: sessionWrite,
          params: academyParams,
          consumes: ['text/csv', 'application/octet-stream'],
          body: csvFile,
          response: {
            200: jsonReply('Every line was written.', importResultResponse),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const body: unknown = request.body;
        const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : '');
        return importEstablishments(db, actor, request.params.academyId, bytes);
      },
    );
  });
}

/**
 * Body parsers for establishment CSV uploads, in the scope that needs them: the raw file (any
 * encoding) or a multipart form with one file of at most 10 MB. The funding pages use them too.
 */
export async function registerCsvUploadParsers(scope: FastifyInstance): Promise<void> {
  scope.addContentTypeParser(
    ['text/csv', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: 10 * 1_048_576 },
    (_request, body, done) => done(null, body),
  );
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 10 * 1_048_576, files: 1, fields: 10 },
  });
  treatMalformedMultipartAsBadRequest(scope);
}
