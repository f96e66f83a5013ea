// Page routes of the publisher's orders: the lines to deliver, delivered or refused. Plain HTML forms
// (POST, then 303 redirect); a refused action re-renders the list with its message.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor } from '../../../modules/accounts/actor.js';
import { deliverLine, listPublisherOrders, rejectLine } from '../../../modules/orders/fulfilment.service.js';
import {
  deliverLineSchema,
  lineParamSchema,
  parseInput,
  rejectLineSchema,
} from '../../../modules/orders/orders.schema.js';
import { AppError, httpStatusByCode } from '../../../shared/errors.js';
import { pickFormFields } from '../../form-numbers.js';
import { sendHtml, successMessage } from '../../page-kit.js';
import { orderNotices, type Params } from './order-forms.js';
import { renderPublisherOrdersPage } from './orders-pages.js';

export function publisherPageRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  app.get('/editeur/commandes', async (request, reply) => {
    const actor = requireActor(request);
    const orders = await listPublisherOrders(db, actor);
    return sendHtml(
      reply,
      200,
      renderPublisherOrdersPage({
        actor: request.actor,
        orders,
        csrfToken: actor.csrfToken,
        notice: successMessage(request.query, orderNotices),
      }),
    );
  });

  for (const action of ['livrer', 'rejeter'] as const) {
    app.post<{ Params: Params }>(
      `/editeur/commandes/:id/lignes/:lineId/${action}`,
      async (request, reply) => {
        const actor = requireActor(request);
        const { id, lineId } = parseInput(lineParamSchema, request.params);
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
          return await reply.redirect(
            `/editeur/commandes?ok=${action === 'livrer' ? 'livree' : 'refusee'}#commande-${id}`,
            303,
          );
        } catch (error) {
          if (
            !(error instanceof AppError) ||
            !['VALIDATION_FAILED', 'INVALID_TRANSITION'].includes(error.code)
          )
            throw error;
          const orders = await listPublisherOrders(db, actor);
          return sendHtml(
            reply,
            httpStatusByCode[error.code],
            renderPublisherOrdersPage({
              actor: request.actor,
              orders,
              csrfToken: actor.csrfToken,
              error: error.message,
            }),
          );
        }
      },
    );
  }
}
