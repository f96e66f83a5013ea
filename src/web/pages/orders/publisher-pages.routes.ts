// Page routes of the publisher's orders: its lines filtered by state and dates (GET form), their CSV
// export, and the deliver and reject forms. Plain HTML forms (POST, then 303 redirect back to the same
// filter); a refused action re-renders the list with its message.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor, type Actor } from '../../../modules/accounts/actor.js';
import {
  deliverLine,
  exportPublisherLines,
  listPublisherLines,
  rejectLine,
} from '../../../modules/orders/fulfilment.service.js';
import type { PresentedProducerLine } from '../../../modules/orders/orders.presenter.js';
import {
  deliverLineSchema,
  lineParamSchema,
  parseInput,
  rejectLineSchema,
} from '../../../modules/orders/orders.schema.js';
import { todayInFrance } from '../../../shared/clock.js';
import { AppError, httpStatusByCode } from '../../../shared/errors.js';
import { pickFormFields } from '../../form-numbers.js';
import { sendHtml, successMessage } from '../../page-kit.js';
import { attachment, csvDate, csvDocument, csvEuros } from './csv.js';
import { orderNotices, type Params } from './order-forms.js';
import { parsePublisherFilter, publisherQuery, type ParsedPublisherFilter } from './publisher-filter.js';
import { PUBLISHER_LINES_PATH, renderPublisherOrdersPage } from './publisher-orders-page.js';

const publisherCsvHeader = [
  'Date de commande',
  'N° de commande',
  'État de la commande',
  'N° de ligne',
  'État de la ligne',
  'Date de livraison',
  'Ressource',
  'Offre',
  'Licence',
  'Durée (mois)',
  'Postes',
  'Quantité',
  'Prix unitaire (€)',
  'Montant (€)',
  'Établissement',
  'UAI',
  'Adresse',
  'Courriel',
  'Téléphone',
  'Clé, adresse d’accès ou n° d’envoi',
  'Motif du refus',
];

function publisherCsvRow(line: PresentedProducerLine) {
  return [
    csvDate(line.order.placedAt),
    line.order.id,
    line.order.status.label,
    line.id,
    line.status.label,
    csvDate(line.deliveredAt),
    line.resources.map((resource) => resource.title).join(', '),
    line.label,
    line.licence.label,
    line.durationMonths,
    line.seats,
    line.quantity,
    csvEuros(line.unitPriceCents),
    csvEuros(line.lineTotalCents),
    line.establishment.name,
    line.establishment.uai,
    line.establishment.address,
    line.establishment.contactEmail,
    line.establishment.contactPhone,
    line.licenceKey ?? line.accessUrl ?? line.shipmentNumber,
    line.rejectionReason,
  ];
}

export function publisherPageRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  async function renderLines(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    parsed: ParsedPublisherFilter,
    message: { notice?: string | undefined; error?: AppError } = {},
  ): Promise<FastifyReply> {
    const data = await listPublisherLines(db, actor, parsed.filter, { page: parsed.page });
    const invalid = Object.keys(parsed.errors).length > 0;
    const status = message.error ? httpStatusByCode[message.error.code] : invalid ? 400 : 200;
    return sendHtml(
      reply,
      status,
      renderPublisherOrdersPage({
        actor: request.actor,
        data,
        parsed,
        csrfToken: actor.csrfToken,
        notice: message.notice,
        error: message.error?.message,
      }),
    );
  }

  app.get(PUBLISHER_LINES_PATH, async (request, reply) => {
    const actor = requireActor(request);
    return renderLines(request, reply, actor, parsePublisherFilter(request.query), {
      notice: successMessage(request.query, orderNotices),
    });
  });

  app.get(`${PUBLISHER_LINES_PATH}.csv`, async (request, reply) => {
    const actor = requireActor(request);
    const parsed = parsePublisherFilter(request.query);
    const problems = Object.values(parsed.errors);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems.join(' '));
    const lines = await exportPublisherLines(db, actor, parsed.filter);
    const range = [parsed.form.du, parsed.form.au].filter(Boolean).join('_au_');
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        attachment(`lignes-${parsed.form.etat || 'toutes'}-${range || todayInFrance()}.csv`),
      )
      .send(csvDocument(publisherCsvHeader, lines.map(publisherCsvRow)));
  });

  for (const action of ['livrer', 'rejeter'] as const) {
    app.post<{ Params: Params }>(
      `${PUBLISHER_LINES_PATH}/:id/lignes/:lineId/${action}`,
      async (request, reply) => {
        const actor = requireActor(request);
        const { id, lineId } = parseInput(lineParamSchema, request.params);
        // The filter the publisher was looking at rides along as hidden fields; a bad one is dropped.
        const kept = parsePublisherFilter(
          pickFormFields(request.body, { texts: ['etat', 'du', 'au', 'page'] }),
        );
        const back = Object.keys(kept.errors).length > 0 ? parsePublisherFilter({}) : kept;
        try {
          if (action === 'livrer') {
            await deliverLine(
              db,
              actor,
              id,
              lineId,
              parseInput(
                deliverLineSchema,
                pickFormFields(request.body, { texts: ['licenceKey', 'accessUrl', 'shipmentNumber'] }),
              ),
            );
          } else {
            await rejectLine(
              db,
              actor,
              id,
              lineId,
              parseInput(rejectLineSchema, pickFormFields(request.body, { texts: ['reason'] })).reason,
            );
          }
          const query = publisherQuery(back.form, back.page);
          const ok = `ok=${action === 'livrer' ? 'livree' : 'refusee'}`;
          return await reply.redirect(
            `${PUBLISHER_LINES_PATH}${query ? `${query}&${ok}` : `?${ok}`}#commande-${id}`,
            303,
          );
        } catch (error) {
          if (
            !(error instanceof AppError) ||
            !['VALIDATION_FAILED', 'INVALID_TRANSITION'].includes(error.code)
          )
            throw error;
          return renderLines(request, reply, actor, back, { error });
        }
      },
    );
  }
}
