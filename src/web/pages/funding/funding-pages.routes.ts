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
  openCampaign,
  previewSplit,
  setCampaignAcademies,
} from '../../../modules/funding/campaign.service.js';
import { secondaryTypes } from '../../../modules/funding/campaign-rules.js';
import { academyDashboard, nationalDashboard } from '../../../modules/funding/dashboard.service.js';
import { CsvImportError, importEstablishments } from '../../../modules/funding/establishments.service.js';
import {
  canManageAcademy,
  canManageCampaigns,
  canViewAcademyDashboard,
} from '../../../modules/funding/funding.policy.js';
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
import { formRefusal, summaryTitle, type FieldMap, type FormRefusal } from './form-errors.js';
import { ACADEMY_CHOICE_FIELD, academyChoiceStatus } from './funding-parts.js';
import { renderImportPage } from './import-page.js';
import { renderOpenCampaignPage } from './open-campaign-page.js';
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
  opened:
    'La campagne est ouverte : chaque académie publie ses dotations d’établissement, puis les établissements commandent.',
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

/** 'all' or 'none' when the form was sent by its "Toutes" or "Aucune" button. */
function academyChoiceOf(form: Form | undefined): 'all' | 'none' | undefined {
  const choice = text(form, ACADEMY_CHOICE_FIELD);
  return choice === 'all' || choice === 'none' ? choice : undefined;
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
    // "Toutes" / "Aucune" without JavaScript: the form again, every academy ticked or none, nothing created.
    const choice = academyChoiceOf(request.body);
    if (choice) {
      const academies = await listAcademies(db);
      return campaignsPage(
        request,
        reply,
        200,
        {},
        {
          ...values,
          academyIds: choice === 'all' ? academies.map((a) => a.id) : [],
          academyStatus: academyChoiceStatus(choice, academies.length),
        },
      );
    }
    const parsed = campaignFormSchema.safeParse(typed);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      const refusal = { title: summaryTitle(Object.keys(errors).length), lines: fieldErrorLinks(errors) };
      return campaignsPage(request, reply, 400, {}, { ...values, errors, refusal });
    }
    try {
      const campaign = await createCampaign(db, actor, parsed.data);
      return await reply.redirect(`/financement/campagnes/${campaign.id}?ok=created#top`, 303);
    } catch (error) {
      const { status, flash } = failure(error);
      const refusal = { title: flash.error ?? '', lines: flash.details };
      return campaignsPage(request, reply, status, {}, { ...values, refusal });
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
      academyForm?: { academyIds: number[]; error?: string | undefined; status?: string | undefined };
      refusal?: FormRefusal;
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
        dashboardAcademyIds: academies
          .map((a) => a.academyId)
          .filter((academyId) => canViewAcademyDashboard(actor, academyId)),
        refusal: extra.refusal,
        flash: extra.flash ?? flashOf(request),
      }),
    );
  };
  app.get('/financement/campagnes/:id', (request: R, reply) => campaignPage(request, reply));
  app.post('/financement/campagnes/:id/repartition', async (request: R, reply) => {
    const actor = requireActor(request);
    const campaignId = id(request, 'id');
    const typed = {
      establishments: text(request.body, 'establishments'),
      pupils: text(request.body, 'pupils'),
    };
    const weights = { establishments: formInt(typed.establishments), pupils: formInt(typed.pupils) };
    try {
      if (text(request.body, 'action') === 'commit') {
        await commitSplit(db, actor, campaignId, weights);
        return reply.redirect(`/financement/campagnes/${campaignId}?ok=split#top`, 303);
      }
      const preview = await previewSplit(db, actor, campaignId, weights);
      // Accepted by the schema, so both are whole numbers.
      const accepted = { establishments: Number(weights.establishments), pupils: Number(weights.pupils) };
      return campaignPage(request, reply, { preview, weights: accepted });
    } catch (error) {
      const establishments = { id: 'wE', label: 'Poids du nombre d’établissements' };
      const pupils = { id: 'wP', label: 'Poids du nombre d’élèves' };
      // The total (a refinement of the whole, path '') is said at the first weight.
      const fields = { establishments, pupils, '': establishments };
      const refusal = formRefusal(error, 'repartition', fields, typed);
      return campaignPage(request, reply, { status: refusal.status, flash: {}, refusal });
    }
  });
  app.post('/financement/campagnes/:id/academies', async (request: R, reply) => {
    const actor = requireActor(request);
    const campaignId = id(request, 'id');
    const academyIds = list(request.body, 'academy');
    // "Toutes" / "Aucune" without JavaScript: the form again, every academy ticked or none, nothing saved.
    const choice = academyChoiceOf(request.body);
    if (choice) {
      if (!canManageCampaigns(actor))
        throw new AppError(
          'FORBIDDEN',
          'Seule l’administration nationale choisit les académies participantes.',
        );
      const all = await listAcademies(db);
      return campaignPage(request, reply, {
        academyForm: {
          academyIds: choice === 'all' ? all.map((a) => a.id) : [],
          status: academyChoiceStatus(choice, all.length),
        },
      });
    }
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
  // Opening: the campaign page states what it changes; this page confirms it (no script needed).
  const openPage = async (request: R, reply: FastifyReply, status = 200, error?: string) => {
    const actor = requireActor(request);
    if (!canManageCampaigns(actor))
      throw new AppError('FORBIDDEN', 'Seule l’administration nationale ouvre les campagnes.');
    const { campaign } = await getCampaignDetail(db, actor, id(request, 'id'));
    return html(reply, status, renderOpenCampaignPage({ actor, campaign, error }));
  };
  app.get('/financement/campagnes/:id/ouverture', (request: R, reply) => openPage(request, reply));
  app.post('/financement/campagnes/:id/ouverture', async (request: R, reply) => {
    const actor = requireActor(request);
    const campaignId = id(request, 'id');
    try {
      await openCampaign(db, actor, campaignId);
      return await reply.redirect(`/financement/campagnes/${campaignId}?ok=opened`, 303);
    } catch (error) {
      const { status, flash } = failure(error);
      if (status === 403) throw error;
      return openPage(request, reply, status, flash.error);
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
  const planPage = async (request: R, reply: FastifyReply, refusal?: FormRefusal) => {
    const actor = requireActor(request);
    const academyId = id(request, 'academyId');
    const plan = await getAcademyPlan(db, actor, id(request, 'id'), academyId);
    const remainder =
      plan.campaign.status === 'closed' || plan.campaign.status === 'settled'
        ? await getAcademyRemainder(db, plan.campaign.id, academyId)
        : undefined;
    return html(
      reply,
      refusal?.status ?? 200,
      renderPlanPage({ actor, plan, flash: refusal ? {} : flashOf(request), remainder, refusal }),
    );
  };
  app.get(planBase, (request: R, reply) => planPage(request, reply));
  /**
   * A form of the plan page: on success, back to the page's top (#top: the form's action carries its
   * own anchor, which a redirect without one would keep); refused, the page again with the refusal
   * at the form, each message next to its field (`fields`: the use case's input key → field).
   */
  const planAction = (
    path: string,
    code: string,
    run: (actor: Actor, campaignId: number, academyId: number, form: Form) => Promise<unknown>,
    fields: FieldMap = {},
    fallback?: string,
  ) => {
    app.post(`${planBase}/${path}`, async (request: R, reply) => {
      const actor = requireActor(request);
      const campaignId = id(request, 'id');
      const academyId = id(request, 'academyId');
      try {
        await run(actor, campaignId, academyId, request.body ?? {});
        return reply.redirect(
          `/financement/campagnes/${campaignId}/academies/${academyId}?ok=${code}#top`,
          303,
        );
      } catch (error) {
        const typed = Object.fromEntries(
          ['establishmentId', 'amount', 'reason', 'targetCampaignId', 'network'].map((name) => [
            name,
            text(request.body, name),
          ]),
        );
        return planPage(request, reply, formRefusal(error, path, fields, typed, fallback));
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
  planAction(
    'modulation',
    'modulated',
    (actor, c, a, form) =>
      modulateAllocation(db, actor, c, a, {
        establishmentId: formInt(text(form, 'establishmentId')),
        amountEuros: text(form, 'amount'),
        reason: text(form, 'reason'),
      }),
    {
      establishmentId: { id: 'm-establishment', label: 'Établissement' },
      amountEuros: { id: 'm-amount', label: 'Nouveau montant' },
      reason: { id: 'm-reason', label: 'Motif' },
    },
    'amountEuros',
  );
  planAction(
    'mutualisation',
    'pooled',
    async (actor, c, a, form) => {
      const network = text(form, 'network');
      const plan = await getAcademyPlan(db, actor, c, a);
      const members = plan.allocations
        .filter((x) => x.establishment.network === network)
        .map((x) => x.establishment.id);
      await createPool(db, actor, c, a, { name: network, establishmentIds: members });
    },
    {
      name: { id: 'p-network', label: 'Réseau' },
      establishmentIds: { id: 'p-network', label: 'Réseau' },
    },
  );
  planAction('publication', 'published', (actor, c, a, form) =>
    publishAllocations(db, actor, c, a, { scaleToShare: text(form, 'scale') === 'yes' }),
  );
  planAction(
    'reaffectation',
    'reallocated',
    (actor, c, a, form) =>
      reallocateRemainder(db, actor, c, a, {
        targetCampaignId: formInt(text(form, 'targetCampaignId')),
        establishmentId: formInt(text(form, 'establishmentId')),
        amountEuros: text(form, 'amount'),
        reason: text(form, 'reason'),
      }),
    {
      targetCampaignId: { id: 'r-campaign', label: 'Campagne de destination' },
      establishmentId: { id: 'r-establishment', label: 'Établissement bénéficiaire' },
      amountEuros: { id: 'r-amount', label: 'Montant' },
      reason: { id: 'r-reason', label: 'Motif' },
    },
    'amountEuros',
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
