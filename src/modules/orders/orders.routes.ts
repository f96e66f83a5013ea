// API routes of the orders module (validate, call the use case, present); its pages are in
// src/web/pages/orders/. Registered by app.ts. Authorization happens in the services, through
// orders.policy.ts; CSRF is checked by the session plugin on every state-changing request.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';

import { requireActor } from '../accounts/actor.js';
import {
  addCartLine,
  confirmCartPrices,
  getCart,
  orderCart,
  proposeResource,
  removeCartLine,
} from './cart.service.js';
import { deliverLine, listPublisherOrders, rejectLine, transmitOrder } from './fulfilment.service.js';
import {
  cartLineSchema,
  deliverLineSchema,
  idempotencyKeySchema,
  idParamSchema,
  lineParamSchema,
  listOrdersQuerySchema,
  parseInput,
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

function idempotencyKey(request: FastifyRequest): string {
  const raw = request.headers['idempotency-key'];
  return parseInput(idempotencyKeySchema, Array.isArray(raw) ? raw[0] : raw);
}

type Params = Record<string, string>;

export function ordersRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  app.post('/api/orders', async (request, reply: FastifyReply) => {
    const actor = requireActor(request);
    const key = idempotencyKey(request);
    const input = parseInput(placeOrderSchema, request.body);
    const result = await placeOrder(db, actor, input, key, {
      contexts: context.orderingContexts,
      writes: context.orderWrites,
    });
    return reply.status(result.created ? 201 : 200).send(result.order);
  });

  app.get('/api/orders', async (request) => {
    const actor = requireActor(request);
    const { establishment } = parseInput(listOrdersQuerySchema, request.query);
    return { establishment, items: await listOrders(db, actor, establishment) };
  });

  app.get<{ Params: Params }>('/api/orders/:id', async (request) => {
    const actor = requireActor(request);
    const { id } = parseInput(idParamSchema, request.params);
    return getOrder(db, actor, id);
  });

  app.post<{ Params: Params }>('/api/orders/:id/cancel', async (request) => {
    const actor = requireActor(request);
    const { id } = parseInput(idParamSchema, request.params);
    return cancelOrder(db, actor, id);
  });

  app.get('/api/publisher/orders', async (request) => {
    const actor = requireActor(request);
    return { items: await listPublisherOrders(db, actor) };
  });

  app.post<{ Params: Params }>('/api/orders/:id/transmit', async (request) => {
    const actor = requireActor(request);
    const { id } = parseInput(idParamSchema, request.params);
    return transmitOrder(db, actor, id);
  });

  app.post<{ Params: Params }>('/api/orders/:id/lines/:lineId/deliver', async (request) => {
    const actor = requireActor(request);
    const { id, lineId } = parseInput(lineParamSchema, request.params);
    return deliverLine(db, actor, id, lineId, parseInput(deliverLineSchema, request.body));
  });

  app.post<{ Params: Params }>('/api/orders/:id/lines/:lineId/reject', async (request) => {
    const actor = requireActor(request);
    const { id, lineId } = parseInput(lineParamSchema, request.params);
    const { reason } = parseInput(rejectLineSchema, request.body);
    return rejectLine(db, actor, id, lineId, reason);
  });

  app.post<{ Params: Params }>('/api/establishments/:uai/proposals', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const input = parseInput(proposalSchema, request.body);
    const result = await proposeResource(db, actor, uai, input);
    return reply.status(result.created ? 201 : 200).send(result);
  });

  app.get<{ Params: Params }>('/api/establishments/:uai/cart', async (request) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    return getCart(db, actor, uai);
  });

  app.post<{ Params: Params }>('/api/establishments/:uai/cart/lines', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    await addCartLine(db, actor, uai, parseInput(cartLineSchema, request.body));
    return reply.status(201).send(await getCart(db, actor, uai));
  });

  app.delete<{ Params: Params }>('/api/establishments/:uai/cart/lines/:lineId', async (request) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const { id } = parseInput(idParamSchema, { id: request.params.lineId });
    await removeCartLine(db, actor, uai, id);
    return getCart(db, actor, uai);
  });

  app.post<{ Params: Params }>('/api/establishments/:uai/cart/confirm-prices', async (request) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const result = await confirmCartPrices(db, actor, uai);
    return { ...result, cart: await getCart(db, actor, uai) };
  });

  app.post<{ Params: Params }>('/api/establishments/:uai/cart/order', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const key = idempotencyKey(request);
    const body = (request.body ?? {}) as { topUp?: unknown };
    const topUp = body.topUp === undefined ? undefined : parseInput(topUpSchema, body.topUp);
    const result = await orderCart(db, actor, uai, key, topUp);
    return reply.status(result.created ? 201 : 200).send(result.order);
  });

  app.get<{ Params: Params }>('/api/establishments/:uai/subscriptions', async (request) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    return { items: await listSubscriptions(db, actor, uai) };
  });

  app.post<{ Params: Params }>('/api/establishments/:uai/subscriptions/:id/renew', async (request, reply) => {
    const actor = requireActor(request);
    const { uai, id } = parseInput(subscriptionParamSchema, request.params);
    const key = idempotencyKey(request);
    const input = parseInput(renewSubscriptionSchema, request.body);
    const result = await renewSubscription(db, actor, uai, id, input, key);
    return reply.status(result.created ? 201 : 200).send(result.order);
  });

}
