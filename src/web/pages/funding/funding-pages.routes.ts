// Server-rendered pages of the funding module (national administration and academy staff). Forms post
// here, call the same use cases as the API, then redirect (303) on success or show the French message
// next to the form on failure. In their own scope, which parses the multipart CSV upload.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor, type Actor } from '../../../modules/accounts/actor.js';
import {
  createPool,
  getAcademyPlan,
  modulateAllocation,
  setBeneficiaries,
} from '../../../modules/funding/allocation.service.js';
import { publishAllocations } from '../../../modules/funding/publication.service.js';
import { closeCampaign, settleCampaign } from '../../../modules/funding/campaign-closing.js';
import {
  commitSplit,
  createCampaign,
  getCampaignDetail,
  getCampaigns,
  previewSplit,
  setCampaignAcademies,
} from '../../../modules/funding/campaign.service.js';
import { secondaryTypes } from '../../../modules/funding/campaign-rules.js';
import { academyDashboard, nationalDashboard } from '../../../modules/funding/dashboard.service.js';
import { CsvImportError, importEstablishments } from '../../../modules/funding/establishments.service.js';
import { canManageAcademy, canManageCampaigns } from '../../../modules/funding/funding.policy.js';
import {
  findAcademy,
  getAcademyRemainder,
  listAcademies,
  reallocateRemainder,
} from '../../../modules/funding/academies.service.js';
import { registerCsvUploadParsers } from '../../../modules/funding/funding.routes.js';
import {
  bandFieldName,
  campaignFormSchema,
  idSchema,
  MAX_BAND_ROWS,
  parseOrThrow,
  type CampaignFormInput,
} from '../../../modules/funding/funding.schema.js';
import { AppError } from '../../../shared/errors.js';
import { formInt } from '../../form-numbers.js';
import {
  formList,
  formText,
  refusalFlash,
  sendHtml,
  successMessage,
  type Flash,
  type Form,
} from '../../page-kit.js';
import { renderCampaignPage } from './campaign-page.js';
import { fieldErrorLinks, renderCampaignsPage, type CampaignFormValues } from './campaigns-page.js';
import {
  academyDashboardTables,
  dashboardCsv,
  nationalDashboardTables,
  renderAcademyDashboard,
  renderNationalDashboard,
  type DashboardTable,
} from './dashboard-pages.js';
import { renderImportPage } from './import-page.js';
import { renderPlanPage } from './plan-page.js';

type R = FastifyRequest<{ Params: Record<string, string>; Body: Form; Querystring: Record<string, string> }>;

const text = formText;
const list = formList;

/** Funding pages need a session, so they are never cached (the session plugin's Cache-Control). */
function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return sendHtml(reply, status, body);
}

/** Success messages, by the code the redirect carries (?ok=). */
const messages: Record<string, string> = {
  created: 'La campagne a été créée.',
  split: 'La répartition a été enregistrée.',
  closed: 'La campagne a été clôturée : les reliquats sont rendus aux académies.',
  settled: 'La campagne a été soldée.',
  imported: 'Les établissements ont été importés.',
  beneficiaries: 'Les bénéficiaires ont été enregistrés.',
  modulated: 'La dotation a été modulée ; le motif est conservé dans le journal.',
  pooled: 'Le réseau partage désormais un droit de tirage.',
  published: 'Les dotations sont publiées : les chefs d’établissement sont prévenus.',
  reallocated: 'Le reliquat a été réaffecté.',
  academies:
    'Les académies participantes sont enregistrées. La répartition de l’enveloppe est à valider de nouveau.',
  'academies-same': 'Les académies participantes sont inchangées.',
};

function flashOf(request: R): Flash {
  const success = successMessage(request.query, messages);
  return success ? { success } : {};
}

/** A refused action's status and flash; anything but an AppError is the error handler's. */
function failure(error: unknown): { status: number; flash: Flash } {
  if (error instanceof AppError) return refusalFlash(error);
  throw error;
}

/** The campaign form as posted: text fields, ticked boxes, and band rows when the form had any. */
function campaignFormOf(form: Form | undefined): CampaignFormInput {
  const hasBands = Object.keys(form ?? {}).some((name) => name.startsWith('band-'));
  return {
    name: text(form, 'name'),
    envelope: text(form, 'envelope'),
    deadline: text(form, 'deadline'),
    policy: text(form, 'policy'),
    primary: text(form, 'primary'),
    secondaryMin: text(form, 'secondaryMin'),
    secondaryMax: text(form, 'secondaryMax'),
    includePrivateContract: text(form, 'private') === 'yes',
    coFundingAllowed: text(form, 'cofunding') === 'yes',
    academyIds: list(form, 'academy'),
    bands: hasBands
      ? Object.fromEntries(
          secondaryTypes.map((type) => [
            type,
            Array.from({ length: MAX_BAND_ROWS }, (_, row) => ({
              upTo: text(form, bandFieldName(type, row, 'upto')),
              amount: text(form, bandFieldName(type, row, 'amount')),
            })),
          ]),
        )
      : undefined,
  };
}

/** One dashboard table as a CSV download, by its file name (`par-type.csv`); 404 for any other. */
function sendCsv(reply: FastifyReply, tables: DashboardTable[], file: string | undefined, prefix: string) {
  const table = tables.find((candidate) => `${candidate.slug}.csv` === file);
  if (!table) throw new AppError('NOT_FOUND', 'Ce tableau n’existe pas.');
  return reply
    .status(200)
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${prefix}-${table.slug}.csv"`)
    .send(dashboardCsv(table));
}

function manageableAcademies(actor: Actor, academyIds: number[]): number[] {
  return academyIds.filter((id) => canManageAcademy(actor, id));
}

export function fundingPageRoutes(app: FastifyInstance, context: AppContext): void {
  void app.register(async (scope) => {
    await registerCsvUploadParsers(scope);
    fundingPagesInScope(scope, context);
  });
}

function fundingPagesInScope(app: FastifyInstance, context: AppContext): void {
  const db = context.db;
  const id = (request: R, name: string) => parseOrThrow(idSchema, request.params[name]);

  app.get('/financement', (_request, reply) => reply.redirect('/financement/campagnes', 303));

  const campaignsPage = async (
    request: R,
    reply: FastifyReply,
    status = 200,
    flash?: Flash,
    values?: CampaignFormValues,
  ) => {
    const actor = requireActor(request);
    const campaigns = await getCampaigns(db, actor);
    return html(
      reply,
      status,
      renderCampaignsPage({
        actor,
        campaigns,
        academies: await listAcademies(db),
        canCreate: canManageCampaigns(actor),
        flash: flash ?? flashOf(request),
        values,
      }),
    );
  };
  app.get('/financement/campagnes', (request: R, reply) => campaignsPage(request, reply));
  app.post('/financement/campagnes', async (request: R, reply) => {
    const actor = requireActor(request);
    if (!canManageCampaigns(actor))
      throw new AppError('FORBIDDEN', 'Seule l’administration nationale crée les campagnes.');
    const typed = campaignFormOf(request.body);
    const values: CampaignFormValues = {
      ...typed,
      academyIds: typed.academyIds.map(Number).filter(Number.isInteger),
      bands: typed.bands,
    };
    const parsed = campaignFormSchema.safeParse(typed);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      const count = Object.keys(errors).length;
      return campaignsPage(
        request,
        reply,
        400,
        {
          error:
            count === 1
              ? 'Le formulaire contient une erreur : corrigez le champ signalé.'
              : `Le formulaire contient ${count} erreurs : corrigez les champs signalés.`,
          details: fieldErrorLinks(errors),
        },
        { ...values, errors },
      );
    }
    try {
      const campaign = await createCampaign(db, actor, parsed.data);
      return await reply.redirect(`/financement/campagnes/${campaign.id}?ok=created`, 303);
    } catch (error) {
      const { status, flash } = failure(error);
      return campaignsPage(request, reply, status, flash, values);
    }
  });

  const campaignPage = async (
    request: R,
    reply: FastifyReply,
    extra: {
      status?: number;
      flash?: Flash;
      preview?: Awaited<ReturnType<typeof previewSplit>>;
      weights?: { establishments: number; pupils: number };
      academyForm?: { academyIds: number[]; error?: string | undefined };
    } = {},
  ) => {
    const actor = requireActor(request);
    const { campaign, academies } = await getCampaignDetail(db, actor, id(request, 'id'));
    const canManage = canManageCampaigns(actor);
    return html(
      reply,
      extra.status ?? 200,
      renderCampaignPage({
        actor,
        campaign,
        academies,
        preview: extra.preview,
        weights: extra.weights ??
          academies[0]?.explanation.split?.weights ?? { establishments: 50, pupils: 50 },
        canManage,
        allAcademies: canManage && campaign.status === 'draft' ? await listAcademies(db) : undefined,
        academyForm: extra.academyForm,
        manageableAcademyIds: manageableAcademies(
          actor,
          academies.map((a) => a.academyId),
        ),
        flash: extra.flash ?? flashOf(request),
      }),
    );
  };
  app.get('/financement/campagnes/:id', (request: R, reply) => campaignPage(request, reply));
  app.post('/financement/campagnes/:id/repartition', async (request: R, reply) => {
    const actor = requireActor(request);
    const campaignId = id(request, 'id');
    const weights = {
      establishments: Number(text(request.body, 'establishments')),
      pupils: Number(text(request.body, 'pupils')),
    };
    try {
      if (text(request.body, 'action') === 'commit') {
        await commitSplit(db, actor, campaignId, weights);
        return reply.redirect(`/financement/campagnes/${campaignId}?ok=split`, 303);
      }
      const preview = await previewSplit(db, actor, campaignId, weights);
      return campaignPage(request, reply, { preview, weights });
    } catch (error) {
      const { status, flash } = failure(error);
      return campaignPage(request, reply, { status, flash, weights });
    }
  });
  app.post('/financement/campagnes/:id/academies', async (request: R, reply) => {
    const actor = requireActor(request);
    const campaignId = id(request, 'id');
    const academyIds = list(request.body, 'academy');
    try {
      const result = await setCampaignAcademies(db, actor, campaignId, {
        academyIds: academyIds.map(formInt),
      });
      return await reply.redirect(
        `/financement/campagnes/${campaignId}?ok=${result.changed ? 'academies' : 'academies-same'}#academies-participantes`,
        303,
      );
    } catch (error) {
      const { status, flash } = failure(error);
      return campaignPage(request, reply, {
        status,
        flash,
        academyForm: { academyIds: academyIds.map(Number).filter(Number.isInteger), error: flash.error },
      });
    }
  });
  for (const [path, action, code] of [
    ['cloture', closeCampaign, 'closed'],
    ['solde', settleCampaign, 'settled'],
  ] as const) {
    app.post(`/financement/campagnes/:id/${path}`, async (request: R, reply) => {
      const actor = requireActor(request);
      const campaignId = id(request, 'id');
      try {
        await action(db, actor, campaignId);
        return reply.redirect(`/financement/campagnes/${campaignId}?ok=${code}`, 303);
      } catch (error) {
        const { status, flash } = failure(error);
        return campaignPage(request, reply, { status, flash });
      }
    });
  }
  app.get('/financement/campagnes/:id/tableau-de-bord', async (request: R, reply) => {
    const actor = requireActor(request);
    const result = await nationalDashboard(db, actor, id(request, 'id'));
    // The header shows who is signed in only when the page is given the actor.
    return html(reply, 200, renderNationalDashboard({ ...result, actor }));
  });
  // Each table of the dashboard as CSV: the same use case, so the same authorization.
  app.get('/financement/campagnes/:id/tableau-de-bord/:file', async (request: R, reply) => {
    const actor = requireActor(request);
    const campaignId = id(request, 'id');
    const result = await nationalDashboard(db, actor, campaignId);
    return sendCsv(reply, nationalDashboardTables(result), request.params.file, `campagne-${campaignId}`);
  });

  // Establishments import.
  const importPage = async (
    request: R,
    reply: FastifyReply,
    status = 200,
    flash?: Flash,
    errors?: { line: number; message: string }[],
  ) => {
    const actor = requireActor(request);
    const academyId = id(request, 'academyId');
    if (!canManageAcademy(actor, academyId))
      throw new AppError('FORBIDDEN', 'Vous ne gérez pas cette académie.');
    const academy = await findAcademy(db, academyId);
    if (!academy) throw new AppError('NOT_FOUND', 'Cette académie n’existe pas.');
    return html(
      reply,
      status,
      renderImportPage({ actor, academy, flash: flash ?? flashOf(request), errors }),
    );
  };
  app.get('/financement/academies/:academyId/etablissements', (request: R, reply) =>
    importPage(request, reply),
  );
  app.post('/financement/academies/:academyId/etablissements', async (request: R, reply) => {
    const actor = requireActor(request);
    const academyId = id(request, 'academyId');
    const file = request.body?.file;
    const bytes =
      Buffer.isBuffer(file) && file.length > 0 ? file : Buffer.from(text(request.body, 'text'), 'utf8');
    try {
      const result = await importEstablishments(db, actor, academyId, bytes);
      return importPage(request, reply, 200, {
        success: `${result.created} établissement(s) créé(s), ${result.updated} mis à jour (encodage détecté : ${result.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252 / Latin-1'}).`,
      });
    } catch (error) {
      if (error instanceof CsvImportError)
        return importPage(request, reply, 400, { error: error.message }, error.errors);
      const { status, flash } = failure(error);
      return importPage(request, reply, status, flash);
    }
  });

  // Academy plan.
  const planBase = '/financement/campagnes/:id/academies/:academyId';
  const planPage = async (request: R, reply: FastifyReply, status = 200, flash?: Flash) => {
    const actor = requireActor(request);
    const academyId = id(request, 'academyId');
    const plan = await getAcademyPlan(db, actor, id(request, 'id'), academyId);
    const remainder =
      plan.campaign.status === 'closed' || plan.campaign.status === 'settled'
        ? await getAcademyRemainder(db, plan.campaign.id, academyId)
        : undefined;
    return html(reply, status, renderPlanPage({ actor, plan, flash: flash ?? flashOf(request), remainder }));
  };
  app.get(planBase, (request: R, reply) => planPage(request, reply));
  const planAction = (
    path: string,
    code: string,
    run: (actor: Actor, campaignId: number, academyId: number, form: Form) => Promise<unknown>,
  ) => {
    app.post(`${planBase}/${path}`, async (request: R, reply) => {
      const actor = requireActor(request);
      const campaignId = id(request, 'id');
      const academyId = id(request, 'academyId');
      try {
        await run(actor, campaignId, academyId, request.body ?? {});
        return reply.redirect(`/financement/campagnes/${campaignId}/academies/${academyId}?ok=${code}`, 303);
      } catch (error) {
        const { status, flash } = failure(error);
        return planPage(request, reply, status, flash);
      }
    });
  };
  planAction('beneficiaires', 'beneficiaries', (actor, c, a, form) =>
    setBeneficiaries(
      db,
      actor,
      c,
      a,
      list(form, 'establishment').map((v) => parseOrThrow(idSchema, v)),
    ),
  );
  planAction('modulation', 'modulated', (actor, c, a, form) =>
    modulateAllocation(db, actor, c, a, {
      establishmentId: formInt(text(form, 'establishmentId')),
      amountEuros: text(form, 'amount'),
      reason: text(form, 'reason'),
    }),
  );
  planAction('mutualisation', 'pooled', async (actor, c, a, form) => {
    const network = text(form, 'network');
    const plan = await getAcademyPlan(db, actor, c, a);
    const members = plan.allocations
      .filter((x) => x.establishment.network === network)
      .map((x) => x.establishment.id);
    await createPool(db, actor, c, a, { name: network, establishmentIds: members });
  });
  planAction('publication', 'published', (actor, c, a, form) =>
    publishAllocations(db, actor, c, a, { scaleToShare: text(form, 'scale') === 'yes' }),
  );
  planAction('reaffectation', 'reallocated', (actor, c, a, form) =>
    reallocateRemainder(db, actor, c, a, {
      targetCampaignId: formInt(text(form, 'targetCampaignId')),
      establishmentId: formInt(text(form, 'establishmentId')),
      amountEuros: text(form, 'amount'),
      reason: text(form, 'reason'),
    }),
  );
  const academyDashboardData = async (request: R, actor: Actor) => {
    const academyId = id(request, 'academyId');
    const result = await academyDashboard(db, actor, id(request, 'id'), academyId);
    const academy = await findAcademy(db, academyId);
    if (!academy) throw new AppError('NOT_FOUND', 'Cette académie n’existe pas.');
    return { ...result, academy };
  };
  app.get(`${planBase}/tableau-de-bord`, async (request: R, reply) => {
    const actor = requireActor(request);
    const data = await academyDashboardData(request, actor);
    // The inspection reads the same figures, without the links to act on them.
    const canManage = canManageAcademy(actor, data.academy.id);
    return html(reply, 200, renderAcademyDashboard({ actor, ...data, canManage }));
  });
  app.get(`${planBase}/tableau-de-bord/:file`, async (request: R, reply) => {
    const actor = requireActor(request);
    const data = await academyDashboardData(request, actor);
    return sendCsv(
      reply,
      academyDashboardTables(data),
      request.params.file,
      `campagne-${data.campaign.id}-${data.academy.code}`,
    );
  });
}
