// The public statistics pages under /statistiques, with no sign-in (the notices' figures live with the
// notices pages at /statistiques/notices): orders by type, level, discipline, academy, producer and
// month; consumption per academy; best sellers; ratings; each establishment's spending when published.
// Every table also as CSV and JSON (<page>.csv, <page>.json, or the API for the orders). The national
// administration chooses at /statistiques/publication whether each establishment's spending is shown.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../modules/accounts/actor.js';
import {
  academiesForFilter,
  bestSellers,
  consumptionByAcademy,
  orderStatistics,
  periodChoices,
  publicationSetting,
  publishedEstablishmentSpending,
  ratingsDistribution,
  setPublication,
  type StatsPeriod,
} from '../../../modules/statistics/statistics.service.js';
import { canChangePublication } from '../../../modules/statistics/statistics.policy.js';
import { AppError } from '../../../shared/errors.js';
import { todayInFrance } from '../../../shared/clock.js';
import type { AppContext } from '../../../app-context.js';
import { formOf, formText, renderErrorPage, sendHtml, successMessage } from '../../page-kit.js';
import {
  bestSellersTable,
  consumptionTable,
  orderPages,
  ratingsTable,
  renderBestSellersPage,
  renderConsumptionPage,
  renderOrdersPage,
  renderPublicationPage,
  renderRatingsPage,
  renderSpendingPage,
  renderStatisticsIndex,
  spendingTable,
  STATISTICS_HOME,
  type PeriodForm,
} from './statistics-pages.js';
import { tableCsv, tableJson, type StatsTable } from './statistics-table.js';

const MONTH_OR_DAY = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

function queryText(query: unknown, name: string): string {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  const last: unknown = Array.isArray(value) ? (value as unknown[])[value.length - 1] : value;
  return typeof last === 'string' ? last.trim().slice(0, 40) : '';
}

/** from/to of a page's query: months (a day stands for its month); errors in French, per field. */
export function parsePeriod(query: unknown): { form: PeriodForm; period: StatsPeriod; valid: boolean } {
  const from = queryText(query, 'from');
  const to = queryText(query, 'to');
  const errors: PeriodForm['errors'] = {};
  const message = 'Indiquez un mois au format AAAA-MM, par exemple 2026-03.';
  if (from && !MONTH_OR_DAY.test(from)) errors.from = message;
  if (to && !MONTH_OR_DAY.test(to)) errors.to = message;
  const period = { from: from ? from.slice(0, 7) : undefined, to: to ? to.slice(0, 7) : undefined };
  if (!errors.from && !errors.to && period.from && period.to && period.from > period.to)
    errors.to = 'La fin de la période précède son début.';
  const valid = !errors.from && !errors.to;
  return { form: { from, to, errors }, period: valid ? period : {}, valid };
}

function positiveInt(query: unknown, name: string): number | undefined | null {
  const text = queryText(query, name);
  if (!text) return undefined;
  return /^[1-9]\d{0,8}$/.test(text) ? Number(text) : null;
}

function sendTable(reply: FastifyReply, table: StatsTable, name: string, format: 'csv' | 'json') {
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(tableJson(table));
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${todayInFrance()}.csv"`)
    .send(tableCsv(table));
}

function refuseBadPeriod(valid: boolean) {
  if (!valid)
    throw new AppError(
      'VALIDATION_FAILED',
      'La période est invalide : indiquez des mois AAAA-MM, dans l’ordre.',
    );
}

export function statisticsPageRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;
  type R = FastifyRequest;

  app.get(STATISTICS_HOME, async (request: R, reply) =>
    sendHtml(reply, 200, renderStatisticsIndex({ actor: request.actor, ratings: true })),
  );

  for (const page of orderPages) {
    app.get(`${STATISTICS_HOME}/commandes/${page.slug}`, async (request: R, reply) => {
      const { form, period, valid } = parsePeriod(request.query);
      const rows = valid ? await orderStatistics(db, page.by, period) : [];
      const status = valid ? 200 : 400;
      return sendHtml(
        reply,
        status,
        renderOrdersPage({
          actor: request.actor,
          page,
          rows,
          period: form,
          choices: await periodChoices(db),
          status,
        }),
      );
    });
  }

  // ---- Consumption per academy ----

  const consumption = async (request: R) => {
    const campaign = positiveInt(request.query, 'campagne');
    const view = await consumptionByAcademy(db, campaign ?? undefined);
    const found = campaign === undefined || view.campaignId === campaign;
    return { view, status: campaign === null || !found ? 400 : 200 };
  };
  app.get(`${STATISTICS_HOME}/consommation`, async (request: R, reply) => {
    const { view, status } = await consumption(request);
    return sendHtml(reply, status, renderConsumptionPage({ actor: request.actor, view, status }));
  });
  for (const format of ['csv', 'json'] as const) {
    app.get(`${STATISTICS_HOME}/consommation.${format}`, async (request: R, reply) => {
      const { view, status } = await consumption(request);
      if (status !== 200) throw new AppError('VALIDATION_FAILED', 'Cette campagne n’existe pas.');
      return sendTable(reply, consumptionTable(view), 'consommation-par-academie', format);
    });
  }

  // ---- Best sellers ----

  app.get(`${STATISTICS_HOME}/meilleures-ventes`, async (request: R, reply) => {
    const { form, period, valid } = parsePeriod(request.query);
    const figures = valid ? await bestSellers(db, period) : { byOrders: [], byEstablishments: [] };
    const status = valid ? 200 : 400;
    return sendHtml(
      reply,
      status,
      renderBestSellersPage({
        actor: request.actor,
        ...figures,
        period: form,
        choices: await periodChoices(db),
        status,
      }),
    );
  });
  for (const rank of ['commandes', 'etablissements'] as const) {
    for (const format of ['csv', 'json'] as const) {
      app.get(`${STATISTICS_HOME}/meilleures-ventes/${rank}.${format}`, async (request: R, reply) => {
        const { period, valid } = parsePeriod(request.query);
        refuseBadPeriod(valid);
        const figures = await bestSellers(db, period);
        const rows = rank === 'commandes' ? figures.byOrders : figures.byEstablishments;
        return sendTable(
          reply,
          bestSellersTable('Meilleures ventes', rows),
          `meilleures-ventes-${rank}`,
          format,
        );
      });
    }
  }

  // ---- Ratings ----

  app.get(`${STATISTICS_HOME}/notes`, async (request: R, reply) =>
    sendHtml(reply, 200, renderRatingsPage({ actor: request.actor, view: await ratingsDistribution(db) })),
  );
  for (const format of ['csv', 'json'] as const) {
    app.get(`${STATISTICS_HOME}/notes.${format}`, async (_request: R, reply) =>
      sendTable(reply, ratingsTable(await ratingsDistribution(db)), 'repartition-des-notes', format),
    );
  }

  // ---- Each establishment's spending, when published ----

  const spending = async (request: R) => {
    const { form, period, valid } = parsePeriod(request.query);
    const academy = positiveInt(request.query, 'academie');
    const page = positiveInt(request.query, 'page');
    const ok = valid && academy !== null && page !== null;
    const view = await publishedEstablishmentSpending(db, period, {
      academyId: academy ?? undefined,
      page: page ?? 1,
    });
    return { form, view, academy: academy ?? undefined, status: ok ? 200 : 400 };
  };
  app.get(`${STATISTICS_HOME}/etablissements`, async (request: R, reply) => {
    const { form, view, academy, status } = await spending(request);
    return sendHtml(
      reply,
      status,
      renderSpendingPage({
        actor: request.actor,
        view,
        academies: view.published ? await academiesForFilter(db) : [],
        academyId: academy,
        period: form,
        choices: view.published ? await periodChoices(db) : [],
        status,
      }),
    );
  });
  for (const format of ['csv', 'json'] as const) {
    app.get(`${STATISTICS_HOME}/etablissements.${format}`, async (request: R, reply) => {
      const { view, status } = await spending(request);
      if (!view.published)
        throw new AppError('NOT_FOUND', 'Les dépenses de chaque établissement ne sont pas publiées.');
      if (status !== 200)
        throw new AppError(
          'VALIDATION_FAILED',
          'Paramètres invalides : période AAAA-MM, académie et page en chiffres.',
        );
      return sendTable(reply, spendingTable(view), 'depenses-par-etablissement', format);
    });
  }

  // ---- The national administration's choice ----

  const publicationPage = async (request: R, reply: FastifyReply, status = 200, error?: string) => {
    const actor = requireActor(request);
    if (!canChangePublication(actor))
      return sendHtml(
        reply,
        403,
        renderErrorPage(403, 'Seule l’administration nationale choisit ce qui est publié.', actor),
      );
    const { publishEstablishmentSpending } = await publicationSetting(db);
    return sendHtml(
      reply,
      status,
      renderPublicationPage({
        actor,
        csrfToken: actor.csrfToken,
        publish: publishEstablishmentSpending,
        flash: { error, success: successMessage(request.query, { enregistre: 'Choix enregistré.' }) },
      }),
    );
  };
  app.get(`${STATISTICS_HOME}/publication`, (request: R, reply) => publicationPage(request, reply));
  app.post(`${STATISTICS_HOME}/publication`, async (request: R, reply) => {
    const actor = requireActor(request);
    if (!canChangePublication(actor)) return publicationPage(request, reply);
    const value = formText(formOf(request), 'publier', 10);
    if (value !== '' && value !== 'oui')
      return publicationPage(request, reply, 400, 'Cochez la case ou laissez-la vide.');
    await setPublication(db, actor, value === 'oui');
    return reply.redirect(`${STATISTICS_HOME}/publication?ok=enregistre`, 303);
  });
}
