// API routes of the funding module. Registered by app.ts; its pages are in src/web/pages/funding/. Handlers validate, call one use
// case and present; authorization happens in the use cases through funding.policy.ts.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { requireActor } from '../accounts/actor.js';
import {
  createPool,
  getAcademyPlan,
  modulateAllocation,
  publishAllocations,
  reallocateRemainder,
  setBeneficiaries,
  type AcademyPlanView,
} from './allocation.service.js';
import {
  closeCampaign,
  commitSplit,
  createCampaign,
  getCampaignDetail,
  getCampaigns,
  previewSplit,
  setCampaignAcademies,
  settleCampaign,
} from './campaign.service.js';
import { academyDashboard, nationalDashboard } from './dashboard.service.js';
import { getDrawingRights } from './drawing-right.service.js';
import { importEstablishments } from './establishments.service.js';
import { listAcademies, type CampaignRow } from './funding.repository.js';
import {
  beneficiariesSchema,
  idSchema,
  parseOrThrow,
  publishSchema,
  uaiParamSchema,
} from './funding.schema.js';

export function presentCampaign(campaign: CampaignRow) {
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

type P = { Params: Record<string, string>; Body: unknown; Querystring: Record<string, string> };

export function fundingRoutes(app: FastifyInstance, context: AppContext): void {
  const db = context.db;
  const param = (request: { params: Record<string, string> }, name: string) =>
    parseOrThrow(idSchema, request.params[name]);

  app.get('/api/academies', async () => ({ items: await listAcademies(db) }));

  app.get('/api/campaigns', async (request) => {
    const campaigns = await getCampaigns(db, requireActor(request));
    return { items: campaigns.map(presentCampaign) };
  });
  app.post<P>('/api/campaigns', async (request, reply) => {
    const campaign = await createCampaign(db, requireActor(request), request.body);
    return reply.status(201).send(presentCampaign(campaign));
  });
  const campaignDetail = async (request: FastifyRequest<P>) => {
    const { campaign, academies } = await getCampaignDetail(db, requireActor(request), param(request, 'id'));
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
  app.get<P>('/api/campaigns/:id', campaignDetail);
  // Draft campaigns only; any change voids the split, which must be committed again.
  app.put<P>('/api/campaigns/:id/academies', async (request) => {
    await setCampaignAcademies(db, requireActor(request), param(request, 'id'), request.body);
    return campaignDetail(request);
  });
  app.post<P>('/api/campaigns/:id/split/preview', async (request) => ({
    academies: await previewSplit(db, requireActor(request), param(request, 'id'), request.body),
  }));
  app.post<P>('/api/campaigns/:id/split', async (request) => ({
    academies: await commitSplit(db, requireActor(request), param(request, 'id'), request.body),
  }));
  app.post<P>('/api/campaigns/:id/close', async (request) =>
    closeCampaign(db, requireActor(request), param(request, 'id')),
  );
  app.post<P>('/api/campaigns/:id/settle', async (request) =>
    settleCampaign(db, requireActor(request), param(request, 'id')),
  );

  const base = '/api/campaigns/:id/academies/:academyId';
  app.get<P>(`${base}/plan`, async (request) =>
    presentPlan(
      await getAcademyPlan(
        db,
        requireActor(request),
        param(request, 'id'),
        param(request, 'academyId'),
        request.query.scale === 'true',
      ),
    ),
  );
  app.put<P>(`${base}/beneficiaries`, async (request, reply) => {
    const actor = requireActor(request);
    const { establishmentIds } = parseOrThrow(beneficiariesSchema, request.body);
    await setBeneficiaries(db, actor, param(request, 'id'), param(request, 'academyId'), establishmentIds);
    return reply.status(204).send();
  });
  app.post<P>(`${base}/modulations`, async (request, reply) => {
    const result = await modulateAllocation(
      db,
      requireActor(request),
      param(request, 'id'),
      param(request, 'academyId'),
      request.body,
    );
    return reply.status(201).send(result);
  });
  app.post<P>(`${base}/pools`, async (request, reply) => {
    await createPool(
      db,
      requireActor(request),
      param(request, 'id'),
      param(request, 'academyId'),
      request.body,
    );
    return reply.status(201).send({ created: true });
  });
  app.post<P>(`${base}/publish`, async (request) => {
    const actor = requireActor(request);
    const options = parseOrThrow(publishSchema, request.body ?? {});
    return publishAllocations(db, actor, param(request, 'id'), param(request, 'academyId'), options);
  });
  app.post<P>(`${base}/reallocations`, async (request, reply) => {
    const result = await reallocateRemainder(
      db,
      requireActor(request),
      param(request, 'id'),
      param(request, 'academyId'),
      request.body,
    );
    return reply.status(201).send(result);
  });
  app.get<P>(`${base}/dashboard`, async (request) =>
    academyDashboard(db, requireActor(request), param(request, 'id'), param(request, 'academyId')),
  );
  app.get<P>('/api/campaigns/:id/dashboard', async (request) => {
    const result = await nationalDashboard(db, requireActor(request), param(request, 'id'));
    return { ...result, overTimeByAcademy: Object.fromEntries(result.overTimeByAcademy) };
  });

  app.get<P>('/api/establishments/:uai/drawing-right', async (request) => {
    const actor = requireActor(request);
    const { uai } = parseOrThrow(uaiParamSchema, request.params);
    const { campaigns } = await getDrawingRights(db, actor, uai);
    return { campaigns };
  });

  // CSV upload: the raw file (any encoding) as the body, or a multipart form from the page.
  void app.register(async (scope) => {
    await registerCsvUploadParsers(scope);
    scope.post<P>('/api/academies/:academyId/establishments/import', async (request) => {
      const actor = requireActor(request);
      const bytes = Buffer.isBuffer(request.body)
        ? request.body
        : Buffer.from(typeof request.body === 'string' ? request.body : '');
      return importEstablishments(db, actor, param(request, 'academyId'), bytes);
    });
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
}
