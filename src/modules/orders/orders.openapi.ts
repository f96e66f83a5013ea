// The orders part of the OpenAPI document (assembled by src/openapi.ts): orders, fulfilment by
// publishers, proposals, the cart and subscriptions. Request bodies, parameters and the
// Idempotency-Key header are the zod schemas orders.schema.ts validates with; responses describe
// orders.presenter.ts and the services' views once, as components.
import {
  errors,
  fromZod,
  jsonBody,
  jsonResponse,
  object,
  operationsTagged,
  parametersOf,
  pathParameter,
  schemaRef,
  sessionWrite,
  zodProperty,
  type OpenApiPart,
  type ParameterObject,
  type Ref,
  type SchemaObject,
} from '../../shared/openapi.js';
import { deliveryLabels, licenceLabels } from './orders.presenter.js';
import {
  cartLineSchema,
  deliverLineSchema,
  funders,
  idempotencyKeySchema,
  idParamSchema,
  lineParamSchema,
  listOrdersQuerySchema,
  placeOrderSchema,
  proposalSchema,
  rejectLineSchema,
  renewSubscriptionSchema,
  subscriptionParamSchema,
  topUpSchema,
  uaiParamSchema,
} from './orders.schema.js';
import { lineStatusLabels, orderStatuses } from './orders.workflow.js';

const integer = { type: 'integer' } as const;
const text = { type: 'string' } as const;
const date = { type: 'string', format: 'date' } as const;
const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });

const labelled = (values: readonly string[]) =>
  object({ value: { type: 'string', enum: [...values] }, label: text });

const operation = operationsTagged('orders');

const uai = parametersOf(uaiParamSchema, 'path', {
  uai: 'UAI of the establishment: 7 digits and a check letter (lower case is accepted).',
});
const orderId = parametersOf(idParamSchema, 'path', { id: 'Order number.' });
const orderLine = parametersOf(lineParamSchema, 'path', { id: 'Order number.', lineId: 'Line id.' });
// The cart line id is validated with idParamSchema's id (orders.routes.ts).
const cartLineId = pathParameter('lineId', zodProperty(idParamSchema, 'id'), 'Cart line id.');
const idempotencyKey: Ref = { $ref: '#/components/parameters/IdempotencyKey' };

const orderResponses = (created: string) => ({
  '201': jsonResponse(created, schemaRef('Order')),
  '200': jsonResponse(
    'The order already placed with this Idempotency-Key (nothing new recorded).',
    schemaRef('Order'),
  ),
});

const establishmentTeam = 'The establishment team: teachers, digital referent, librarian, head.';
const cartEditors = 'The digital referent, the librarian or the head of the establishment.';
const head = 'The head of the establishment only.';
const publisher = 'A publisher or distribution platform, on its own lines only.';

// orders.presenter.ts presentOrder
const orderProperties = {
  id: integer,
  establishment: object({ uai: text, name: text }),
  campaign: object({ id: integer, name: text }),
  status: labelled(orderStatuses),
  totalCents: { type: 'integer', description: 'For a publisher: the total of its own lines.' },
  topUp: nullable(
    object({
      funder: labelled(funders),
      amountCents: integer,
      reference: text,
      refundedCents: {
        type: 'integer',
        description:
          'Given back to the funder (ledger kind top-up-refund) once cancelled or rejected lines left less of the order than the top-up: it pays the order’s last euros.',
      },
    }),
  ),
  placedAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
  url: { type: 'string', description: 'Path of the order page.' },
  lines: { type: 'array', items: schemaRef('OrderLine') },
};

const subscriptionState = ['upcoming', 'current', 'ended'];

export const ordersOpenApi: OpenApiPart = {
  tag: {
    name: 'orders',
    description:
      'Proposals, the cart, orders on the drawing right (idempotent, never overdrawn, optional top-up from another funder), fulfilment by publishers, subscriptions. Money is in integer cents.',
  },
  paths: {
    '/api/orders': {
      post: operation({
        operationId: 'placeOrder',
        summary: 'Place an order on the drawing right',
        description: `${head} The order, its lines (prices snapshotted), its top-up and its debit commit together or not at all. The same Idempotency-Key with the same content returns the same order; with other content, 409 CONFLICT.`,
        security: sessionWrite,
        parameters: [idempotencyKey],
        requestBody: jsonBody(schemaRef('PlaceOrderRequest')),
        responses: { ...orderResponses('The order, placed.'), ...errors(400, 401, 403, 404, 409) },
      }),
      get: operation({
        operationId: 'listOrders',
        summary: 'Orders of an establishment',
        description:
          'The head and digital referent of the establishment, its academy staff, the national administration.',
        parameters: parametersOf(listOrdersQuerySchema, 'query', {
          establishment: 'UAI of the establishment.',
        }),
        responses: {
          '200': jsonResponse(
            'The orders, newest first.',
            object({ establishment: text, items: { type: 'array', items: schemaRef('Order') } }),
          ),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/orders/{id}': {
      get: operation({
        operationId: 'getOrder',
        summary: 'One order',
        description:
          'Readers of the establishment see it whole; a publisher sees only its own lines, their total and no top-up. Anyone else gets 404, as for an unknown number.',
        parameters: orderId,
        responses: { '200': jsonResponse('The order.', schemaRef('Order')), ...errors(400, 401, 404) },
      }),
    },
    '/api/orders/{id}/cancel': {
      post: operation({
        operationId: 'cancelOrder',
        summary: 'Cancel an order before anything of it was delivered',
        description: `${head} The debit goes back to the drawing right (or to the academy remainder once the campaign is closed).`,
        security: sessionWrite,
        parameters: orderId,
        responses: {
          '200': jsonResponse('The cancelled order.', schemaRef('Order')),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/orders/{id}/transmit': {
      post: operation({
        operationId: 'transmitOrder',
        summary: 'Acknowledge a submitted order (publisher)',
        description: `${publisher} Idempotent: an order already transmitted is returned as it is.`,
        security: sessionWrite,
        parameters: orderId,
        responses: {
          '200': jsonResponse('The order, as the publisher sees it.', schemaRef('Order')),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/orders/{id}/lines/{lineId}/deliver': {
      post: operation({
        operationId: 'deliverOrderLine',
        summary: 'Deliver one line (publisher)',
        description: `${publisher} Give what the line's delivery mode needs: an access URL, a licence key or a shipment number. A line with a duration starts its subscription.`,
        security: sessionWrite,
        parameters: orderLine,
        requestBody: jsonBody(fromZod(deliverLineSchema)),
        responses: {
          '200': jsonResponse('The order, as the publisher sees it.', schemaRef('Order')),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/orders/{id}/lines/{lineId}/reject': {
      post: operation({
        operationId: 'rejectOrderLine',
        summary: 'Reject one line, with a reason (publisher)',
        description: `${publisher} The line's amount goes back to the drawing right.`,
        security: sessionWrite,
        parameters: orderLine,
        requestBody: jsonBody(fromZod(rejectLineSchema)),
        responses: {
          '200': jsonResponse('The order, as the publisher sees it.', schemaRef('Order')),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/publisher/orders': {
      get: operation({
        operationId: 'listPublisherOrders',
        summary: 'Orders with lines of the signed-in publisher',
        description: publisher,
        responses: {
          '200': jsonResponse(
            'The orders, each with the publisher’s own lines only.',
            object({ items: { type: 'array', items: schemaRef('Order') } }),
          ),
          ...errors(401, 403),
        },
      }),
    },
    '/api/establishments/{uai}/proposals': {
      post: operation({
        operationId: 'proposeResource',
        summary: 'Propose a resource to the establishment',
        description: `${establishmentTeam} Proposing the same resource twice records it once.`,
        security: sessionWrite,
        parameters: uai,
        requestBody: jsonBody(fromZod(proposalSchema)),
        responses: {
          '201': jsonResponse('Proposed.', object({ created: { type: 'boolean', enum: [true] } })),
          '200': jsonResponse(
            'Already proposed by this person.',
            object({ created: { type: 'boolean', enum: [false] } }),
          ),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/establishments/{uai}/cart': {
      get: operation({
        operationId: 'getCart',
        summary: 'The cart of the establishment, with its proposals and drawing right',
        description: establishmentTeam,
        parameters: uai,
        responses: { '200': jsonResponse('The cart.', schemaRef('Cart')), ...errors(400, 401, 403, 404) },
      }),
    },
    '/api/establishments/{uai}/cart/lines': {
      post: operation({
        operationId: 'addCartLine',
        summary: 'Add an offer to the cart',
        description: `${cartEditors} The price of the day is kept, so a later change shows up before ordering.`,
        security: sessionWrite,
        parameters: uai,
        requestBody: jsonBody(fromZod(cartLineSchema)),
        responses: {
          '201': jsonResponse('The cart with the new line.', schemaRef('Cart')),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/establishments/{uai}/cart/lines/{lineId}': {
      delete: operation({
        operationId: 'removeCartLine',
        summary: 'Remove a line from the cart',
        description: cartEditors,
        security: sessionWrite,
        parameters: [...uai, cartLineId],
        responses: {
          '200': jsonResponse('The cart without the line.', schemaRef('Cart')),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/establishments/{uai}/cart/confirm-prices': {
      post: operation({
        operationId: 'confirmCartPrices',
        summary: 'Accept the current prices and drop withdrawn offers',
        description: head,
        security: sessionWrite,
        parameters: uai,
        responses: {
          '200': jsonResponse(
            'What changed, and the cart.',
            object({ updated: integer, removed: integer, cart: schemaRef('Cart') }),
          ),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/establishments/{uai}/cart/order': {
      post: operation({
        operationId: 'orderCart',
        summary: 'Order the whole cart',
        description: `${head} Refused with PRICE_CHANGED while a line's price changed or its offer was withdrawn (confirm the prices first). Idempotent like POST /api/orders.`,
        security: sessionWrite,
        parameters: [...uai, idempotencyKey],
        requestBody: jsonBody(
          {
            type: 'object',
            additionalProperties: false,
            properties: { topUp: schemaRef('TopUp') },
          },
          'Optional: a top-up from another funder, when the campaign allows co-funding.',
          false,
        ),
        responses: {
          ...orderResponses('The order, placed; the cart is emptied.'),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/establishments/{uai}/subscriptions': {
      get: operation({
        operationId: 'listSubscriptions',
        summary: 'Subscriptions of the establishment, by end date',
        description:
          'The head and digital referent of the establishment, its academy staff, the national administration.',
        parameters: uai,
        responses: {
          '200': jsonResponse(
            'The subscriptions.',
            object({ items: { type: 'array', items: schemaRef('Subscription') } }),
          ),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/establishments/{uai}/subscriptions/{id}/renew': {
      post: operation({
        operationId: 'renewSubscription',
        summary: 'Renew a subscription: one order for the same offer and seats',
        description: `${head} Placed like any order (campaign open, never overdrawn, optional top-up, idempotent on the key); the new subscription starts the day after the old one ends. A subscription is renewed once, while current or ended recently (409 CONFLICT otherwise). If the offer was withdrawn or repriced: 409 PRICE_CHANGED, with the proposal and alternatives in details, until the body names the offer to order.`,
        security: sessionWrite,
        parameters: [
          ...parametersOf(subscriptionParamSchema, 'path', {
            uai: 'UAI of the establishment.',
            id: 'Subscription id.',
          }),
          idempotencyKey,
        ],
        requestBody: jsonBody(
          fromZod(renewSubscriptionSchema),
          'Optional: without offer, the same offer at the price paid last time.',
          false,
        ),
        responses: {
          '201': jsonResponse('The renewal order, placed.', schemaRef('RenewalOrder')),
          '200': jsonResponse(
            'The renewal already placed with this Idempotency-Key (nothing new recorded).',
            schemaRef('RenewalOrder'),
          ),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
  },
  parameters: {
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description:
        'Chosen by the client, one per order it means to place (per establishment). Sending the same request again with the same key returns the same order, recorded once.',
      schema: fromZod(idempotencyKeySchema),
    } satisfies ParameterObject,
  },
  schemas: {
    PlaceOrderRequest: fromZod(placeOrderSchema),
    TopUp: {
      ...fromZod(topUpSchema),
      description: 'Money from another funder, added to the drawing right for this order only.',
    },
    // orders.presenter.ts presentLine
    OrderLine: object({
      id: integer,
      offer: integer,
      producer: object({ id: integer, name: text }),
      label: text,
      unitPriceCents: integer,
      licence: labelled(Object.keys(licenceLabels)),
      seats: integer,
      durationMonths: nullable({ type: 'integer', description: 'null means perpetual.' }),
      quantity: integer,
      lineTotalCents: integer,
      delivery: labelled(Object.keys(deliveryLabels)),
      status: labelled(Object.keys(lineStatusLabels)),
      licenceKey: nullable(text),
      accessUrl: nullable(text),
      shipmentNumber: nullable(text),
      rejectionReason: nullable(text),
      deliveredAt: nullable({ type: 'string', format: 'date-time' }),
      subscription: nullable(object({ id: integer, startsOn: date, endsOn: date })),
    }),
    // orders.presenter.ts presentOrder
    Order: object(orderProperties),
    // renewal.service.ts RenewalResult's order: the order, and what it renews.
    RenewalOrder: object({
      ...orderProperties,
      renews: {
        ...object({ subscription: integer, endsOn: date, startsOn: date }),
        description: 'The subscription renewed, and when the new one starts if delivered today.',
      },
    }),
    // cart.service.ts ProposalView
    Proposal: object({
      resource: object({ id: integer, title: text, url: text }),
      proposers: { type: 'array', items: text },
      notes: { type: 'array', items: text },
      offers: {
        type: 'array',
        description: 'Paid offers of the resource available today, cheapest first.',
        items: object({
          id: integer,
          label: text,
          priceCents: integer,
          licence: { type: 'string', description: 'French label of the licence kind.' },
          seats: nullable(integer),
          durationMonths: nullable(integer),
        }),
      },
    }),
    // cart.service.ts CartView
    Cart: object({
      establishment: object({ uai: text, name: text }),
      lines: {
        type: 'array',
        items: object({
          id: integer,
          offer: integer,
          label: text,
          licence: { type: 'string', description: 'French label of the licence kind.' },
          seats: integer,
          quantity: integer,
          priceCentsWhenAdded: integer,
          currentPriceCents: nullable({ type: 'integer', description: 'null when the offer was withdrawn.' }),
          lineTotalCents: integer,
          state: { type: 'string', enum: ['ok', 'price-changed', 'withdrawn'] },
        }),
      },
      totalCents: { type: 'integer', description: 'At current prices, withdrawn offers excluded.' },
      needsConfirmation: { type: 'boolean', description: 'A price changed or an offer was withdrawn.' },
      proposals: { type: 'array', items: schemaRef('Proposal') },
      drawingRight: nullable({
        ...object({
          campaign: text,
          remainingCents: integer,
          deadline: date,
          coFundingAllowed: { type: 'boolean' },
          open: { type: 'boolean' },
        }),
        description:
          'Shown to those who may read the establishment’s orders; null otherwise or without a right.',
      }),
      can: object({ edit: { type: 'boolean' }, order: { type: 'boolean' } }),
    }),
    // subscriptions.service.ts SubscriptionView
    Subscription: object({
      id: integer,
      label: text,
      order: integer,
      offer: integer,
      seats: integer,
      quantity: integer,
      startsOn: date,
      endsOn: date,
      state: { type: 'string', enum: subscriptionState },
      reminded: { type: 'boolean', description: 'The heads were reminded of its end.' },
      renews: nullable({
        ...object({ subscription: integer, endsOn: date }),
        description: 'The subscription this one continues, when it is a renewal.',
      }),
      renewal: nullable({
        ...object({
          status: { type: 'string', enum: ['pending', 'renewed'] },
          order: integer,
          subscription: nullable(integer),
          startsOn: nullable(date),
          endsOn: nullable(date),
        }),
        description: 'Its own renewal: ordered (pending) or delivered (renewed).',
      }),
      renewable: { type: 'boolean', description: 'Not renewed yet, and current or ended recently enough.' },
    }),
  },
};
