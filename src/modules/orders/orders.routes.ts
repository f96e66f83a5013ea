// API routes of the orders module; its pages are in src/web/pages/orders/. Registered by app.ts. Each
// route declares its schemas once (orders.schema.ts for requests, orders.responses.ts for replies):
// they validate with this module's French messages, type the handler and make the OpenAPI document.
// Authorization happens in the services, through orders.policy.ts; CSRF is checked by the session
// plugin on every state-changing request.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { errorResponses, jsonReply, sessionRead, sessionWrite, zodValidator } from '../../shared/openapi.js';
import { requireActor } from '../accounts/actor.js';
import { addCartLine, confirmCartPrices, getCart, orderCart, removeCartLine } from './cart.service.js';
import { proposeResource } from './proposals.service.js';
import { deliverLine, listPublisherOrders, rejectLine, transmitOrder } from './fulfilment.service.js';
import {
  cartResponse,
  confirmPricesResponse,
  establishmentOrdersResponse,
  orderResponse,
  ordersResponse,
  proposalCreatedResponse,
  proposalExistedResponse,
  renewalOrderResponse,
  subscriptionsResponse,
} from './orders.responses.js';
import {
  cartLineSchema,
  deliverLineSchema,
  idempotencyKeySchema,
  idParamSchema,
  lineParamSchema,
  listOrdersQuerySchema,
  ordersValidationError,
  placeOrderSchema,
  proposalSchema,
  rejectLineSchema,
  renewSubscriptionSchema,
  subscriptionParamSchema,
  topUpSchema,
  uaiParamSchema,
} from './orders.schema.js';
import { cancelOrder, getOrder, listOrders } from './orders.service.js';
import { placeOrder } from './place-order.js';
import { renewSubscription } from './renewal.service.js';
import { listSubscriptions } from './subscriptions.service.js';

const uai = uaiParamSchema.shape.uai.describe(
  'UAI of the establishment: 7 digits and a check letter (lower case is accepted).',
);
const uaiParams = z.object({ uai });
const orderParams = z.object({ id: idParamSchema.shape.id.describe('Order number.') });
const orderLineParams = z.object({
  id: lineParamSchema.shape.id.describe('Order number.'),
  lineId: lineParamSchema.shape.lineId.describe('Line id.'),
});
// The cart line id is checked as an id ("Identifiant : …").
const cartLineParams = z.object({ uai, lineId: idParamSchema.shape.id.describe('Cart line id.') });
const subscriptionParams = z.object({
  uai: subscriptionParamSchema.shape.uai.describe('UAI of the establishment.'),
  id: subscriptionParamSchema.shape.id.describe('Subscription id.'),
});
const listOrdersQuery = z.object({
  establishment: listOrdersQuerySchema.shape.establishment.describe('UAI of the establishment.'),
});
/** Other headers pass through untouched (Fastify merges the parsed ones over the raw headers). */
const idempotencyHeaders = z.object({ 'idempotency-key': idempotencyKeySchema });

/** This module's messages and details ({field, message}, "Champ inconnu : …") on every route. */
const validatorCompiler = <T>() => zodValidator<T>(ordersValidationError);

const tags = ['orders'];
const establishmentTeam = 'The establishment team: teachers, digital referent, librarian, head.';
const cartEditors = 'The digital referent, the librarian or the head of the establishment.';
const head = 'The head of the establishment only.';
const publisher = 'A publisher or distribution platform, on its own lines only.';
const orderReaders =
  'The head and digital referent of the establishment, its academy staff, the national administration.';

const replayed = 'The order already placed with this Idempotency-Key (nothing new recorded).';

export function ordersRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/orders',
    {
      schema: {
        operationId: 'placeOrder',
        tags,
        summary: 'Place an order on the drawing right',
        description: `${head} The order, its lines (prices snapshotted), its top-up and its debit commit together or not at all. The same Idempotency-Key with the same content returns the same order; with other content, 409 CONFLICT.`,
        security: sessionWrite,
        headers: idempotencyHeaders,
        body: placeOrderSchema,
        response: {
          201: jsonReply('The order, placed.', orderResponse),
          200: jsonReply(replayed, orderResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await placeOrder(db, actor, request.body, request.headers['idempotency-key'], {
        contexts: context.orderingContexts,
        writes: context.orderWrites,
      });
      return reply.status(result.created ? 201 : 200).send(result.order);
    },
  );

  api.get(
    '/api/orders',
    {
      schema: {
        operationId: 'listOrders',
        tags,
        summary: 'Orders of an establishment',
        description: orderReaders,
        security: sessionRead,
        querystring: listOrdersQuery,
        response: {
          200: jsonReply('The orders, newest first.', establishmentOrdersResponse),
          ...errorResponses(400, 401, 403, 404),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request) => {
      const actor = requireActor(request);
      const { establishment } = request.query;
      return { establishment, items: await listOrders(db, actor, establishment) };
    },
  );

  api.get(
    '/api/orders/:id',
    {
      schema: {
        operationId: 'getOrder',
        tags,
        summary: 'One order',
        description:
          'Readers of the establishment see it whole; a publisher sees only its own lines, their total and no top-up. Anyone else gets 404, as for an unknown number.',
        security: sessionRead,
        params: orderParams,
        response: { 200: jsonReply('The order.', orderResponse), ...errorResponses(400, 401, 404) },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request) => getOrder(db, requireActor(request), request.params.id),
  );

  api.post(
    '/api/orders/:id/cancel',
    {
      schema: {
        operationId: 'cancelOrder',
        tags,
        summary: 'Cancel an order before anything of it was delivered',
        description: `${head} The debit goes back to the drawing right (or to the academy remainder once the campaign is closed).`,
        security: sessionWrite,
        params: orderParams,
        response: {
          200: jsonReply('The cancelled order.', orderResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request) => cancelOrder(db, requireActor(request), request.params.id),
  );

  api.get(
    '/api/publisher/orders',
    {
      schema: {
        operationId: 'listPublisherOrders',
        tags,
        summary: 'Orders with lines of the signed-in publisher',
        description: publisher,
        security: sessionRead,
        response: {
          200: jsonReply('The orders, each with the publisher’s own lines only.', ordersResponse),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => ({ items: await listPublisherOrders(db, requireActor(request)) }),
  );

  api.post(
    '/api/orders/:id/transmit',
    {
      schema: {
        operationId: 'transmitOrder',
        tags,
        summary: 'Acknowledge a submitted order (publisher)',
        description: `${publisher} Idempotent: an order already transmitted is returned as it is.`,
        security: sessionWrite,
        params: orderParams,
        response: {
          200: jsonReply('The order, as the publisher sees it.', orderResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request) => transmitOrder(db, requireActor(request), request.params.id),
  );

  api.post(
    '/api/orders/:id/lines/:lineId/deliver',
    {
      schema: {
        operationId: 'deliverOrderLine',
        tags,
        summary: 'Deliver one line (publisher)',
        description: `${publisher} Give what the line's delivery mode needs: an access URL, a licence key or a shipment number. A line with a duration starts its subscription.`,
        security: sessionWrite,
        params: orderLineParams,
        body: deliverLineSchema,
        response: {
          200: jsonReply('The order, as the publisher sees it.', orderResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request) => {
      const { id, lineId } = request.params;
      return deliverLine(db, requireActor(request), id, lineId, request.body);
    },
  );

  api.post(
    '/api/orders/:id/lines/:lineId/reject',
    {
      schema: {
        operationId: 'rejectOrderLine',
        tags,
        summary: 'Reject one line, with a reason (publisher)',
        description: `${publisher} The line's amount goes back to the drawing right.`,
        security: sessionWrite,
        params: orderLineParams,
        body: rejectLineSchema,
        response: {
          200: jsonReply('The order, as the publisher sees it.', orderResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request) => {
      const { id, lineId } = request.params;
      return rejectLine(db, requireActor(request), id, lineId, request.body.reason);
    },
  );

  api.post(
    '/api/establishments/:uai/proposals',
    {
      schema: {
        operationId: 'proposeResource',
        tags,
        summary: 'Propose a resource to the establishment',
        description: `${establishmentTeam} Proposing the same resource twice records it once.`,
        security: sessionWrite,
        params: uaiParams,
        body: proposalSchema,
        response: {
          201: jsonReply('Proposed.', proposalCreatedResponse),
          200: jsonReply('Already proposed by this person.', proposalExistedResponse),
          ...errorResponses(400, 401, 403, 404),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request, reply) => {
      const result = await proposeResource(db, requireActor(request), request.params.uai, request.body);
      return result.created
        ? reply.status(201).send({ created: true })
        : reply.status(200).send({ created: false });
    },
  );

  api.get(
    '/api/establishments/:uai/cart',
    {
      schema: {
        operationId: 'getCart',
        tags,
        summary: 'The cart of the establishment, with its proposals and drawing right',
        description: establishmentTeam,
        security: sessionRead,
        params: uaiParams,
        response: { 200: jsonReply('The cart.', cartResponse), ...errorResponses(400, 401, 403, 404) },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request) => getCart(db, requireActor(request), request.params.uai),
  );

  api.post(
    '/api/establishments/:uai/cart/lines',
    {
      schema: {
        operationId: 'addCartLine',
        tags,
        summary: 'Add an offer to the cart',
        description: `${cartEditors} The price of the day is kept, so a later change shows up before ordering.`,
        security: sessionWrite,
        params: uaiParams,
        body: cartLineSchema,
        response: {
          201: jsonReply('The cart with the new line.', cartResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await addCartLine(db, actor, request.params.uai, request.body);
      return reply.status(201).send(await getCart(db, actor, request.params.uai));
    },
  );

  api.delete(
    '/api/establishments/:uai/cart/lines/:lineId',
    {
      schema: {
        operationId: 'removeCartLine',
        tags,
        summary: 'Remove a line from the cart',
        description: cartEditors,
        security: sessionWrite,
        params: cartLineParams,
        response: {
          200: jsonReply('The cart without the line.', cartResponse),
          ...errorResponses(400, 401, 403, 404),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request) => {
      const actor = requireActor(request);
      const { uai, lineId } = request.params;
      await removeCartLine(db, actor, uai, lineId);
      return getCart(db, actor, uai);
    },
  );

  api.post(
    '/api/establishments/:uai/cart/confirm-prices',
    {
      schema: {
        operationId: 'confirmCartPrices',
        tags,
        summary: 'Accept the current prices and drop withdrawn offers',
        description: head,
        security: sessionWrite,
        params: uaiParams,
        response: {
          200: jsonReply('What changed, and the cart.', confirmPricesResponse),
          ...errorResponses(400, 401, 403, 404),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request) => {
      const actor = requireActor(request);
      const result = await confirmCartPrices(db, actor, request.params.uai);
      return { ...result, cart: await getCart(db, actor, request.params.uai) };
    },
  );

  api.post(
    '/api/establishments/:uai/cart/order',
    {
      schema: {
        operationId: 'orderCart',
        tags,
        summary: 'Order the whole cart',
        description: `${head} Refused with PRICE_CHANGED while a line's price changed or its offer was withdrawn (confirm the prices first). Idempotent like POST /api/orders. The body is optional: a top-up from another funder, when the campaign allows co-funding.`,
        security: sessionWrite,
        params: uaiParams,
        headers: idempotencyHeaders,
        body: z.strictObject({ topUp: topUpSchema.optional() }).optional(),
        response: {
          201: jsonReply('The order, placed; the cart is emptied.', orderResponse),
          200: jsonReply(replayed, orderResponse),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const key = request.headers['idempotency-key'];
      const result = await orderCart(db, actor, request.params.uai, key, request.body?.topUp);
      return reply.status(result.created ? 201 : 200).send(result.order);
    },
  );

  api.get(
    '/api/establishments/:uai/subscriptions',
    {
      schema: {
        operationId: 'listSubscriptions',
        tags,
        summary: 'Subscriptions of the establishment, by end date',
        description: orderReaders,
        security: sessionRead,
        params: uaiParams,
        response: {
          200: jsonReply('The subscriptions.', subscriptionsResponse),
          ...errorResponses(400, 401, 403, 404),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request) => ({ items: await listSubscriptions(db, requireActor(request), request.params.uai) }),
  );

  api.post(
    '/api/establishments/:uai/subscriptions/:id/renew',
    {
      schema: {
        operationId: 'renewSubscription',
        tags,
        summary: 'Renew a subscription: one order for the same offer and seats',
        description: `${head} Placed like any order (campaign open, never overdrawn, optional top-up, idempotent on the key); the new subscription starts the day after the old one ends. A subscription is renewed once, while current or ended recently (409 CONFLICT otherwise). If the offer was withdrawn or repriced: 409 PRICE_CHANGED, with the proposal and alternatives in details, until the body names the offer to order. The body is optional: without offer, the same offer at the price paid last time.`,
        security: sessionWrite,
        params: subscriptionParams,
        headers: idempotencyHeaders,
        body: renewSubscriptionSchema.optional(),
        response: {
          201: jsonReply('The renewal order, placed.', renewalOrderResponse),
          200: jsonReply(
            'The renewal already placed with this Idempotency-Key (nothing new recorded).',
            renewalOrderResponse,
          ),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
      validatorCompiler: validatorCompiler(),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { uai, id } = request.params;
      const key = request.headers['idempotency-key'];
      const result = await renewSubscription(db, actor, uai, id, request.body ?? {}, key);
      return reply.status(result.created ? 201 : 200).send(result.order);
    },
  );
}
