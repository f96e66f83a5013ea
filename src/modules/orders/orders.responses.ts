// Response schemas of the orders API (zod): orders.presenter.ts and the services' views, declared once.
// They serialize the replies (unknown properties are dropped, a wrong shape is a 500 rather than a
// silent drift), type the handlers and become the OpenAPI document; shapes with an id are components.
import { z } from 'zod';
import { deliveryLabels, licenceLabels } from './orders.presenter.js';
import { funders } from './orders.schema.js';
import { lineStatusLabels, orderStatuses, type LineStatus } from './orders.workflow.js';

const count = z.int();
const date = z.iso.date();
const dateTime = z.iso.datetime();

/** A code with its French label: { value: 'delivered', label: 'livrée' }. */
const labelled = <T extends string>(values: readonly [T, ...T[]]) =>
  z.object({ value: z.enum(values), label: z.string() });
const keysOf = (labels: Readonly<Record<string, string>>) => Object.keys(labels) as [string, ...string[]];

// orders.presenter.ts presentLine
export const orderLineResponse = z
  .object({
    id: count,
    offer: count,
    resources: z
      .array(
        z.object({ id: count, title: z.string(), url: z.string().describe('Path of the resource page.') }),
      )
      .describe('The resources the offer covers (several for a bundle), by title.'),
    producer: z.object({ id: count, name: z.string() }),
    label: z.string(),
    unitPriceCents: count,
    licence: labelled(keysOf(licenceLabels)),
    seats: count,
    durationMonths: z.int().nullable().describe('null means perpetual.'),
    quantity: count,
    lineTotalCents: count,
    delivery: labelled(keysOf(deliveryLabels)),
    status: labelled(Object.keys(lineStatusLabels) as [LineStatus, ...LineStatus[]]),
    licenceKey: z.string().nullable(),
    accessUrl: z.string().nullable(),
    shipmentNumber: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    deliveredAt: dateTime.nullable(),
    subscription: z.object({ id: count, startsOn: date, endsOn: date }).nullable(),
  })
  .meta({ id: 'OrderLine' });

// orders.presenter.ts presentOrder
const orderShape = {
  id: count,
  establishment: z.object({ uai: z.string(), name: z.string() }),
  campaign: z.object({ id: count, name: z.string() }),
  status: labelled(orderStatuses),
  totalCents: z.int().describe('For a publisher: the total of its own lines.'),
  topUp: z
    .object({
      funder: labelled(funders),
      amountCents: count,
      reference: z.string(),
      refundedCents: z
        .int()
        .describe(
          'Given back to the funder (ledger kind top-up-refund) once cancelled or rejected lines left less of the order than the top-up: it pays the order’s last euros.',
        ),
    })
    .nullable(),
  placedAt: dateTime,
  updatedAt: dateTime,
  url: z.string().describe('Path of the order page.'),
  lines: z.array(orderLineResponse),
};

export const orderResponse = z.object(orderShape).meta({ id: 'Order' });
export const ordersResponse = z.object({ items: z.array(orderResponse) });
export const establishmentOrdersResponse = z.object({
  establishment: z.string(),
  items: z.array(orderResponse),
});

// renewal.service.ts RenewalResult's order: the order, and what it renews.
export const renewalOrderResponse = z
  .object({
    ...orderShape,
    renews: z
      .object({ subscription: count, endsOn: date, startsOn: date })
      .describe('The subscription renewed, and when the new one starts if delivered today.'),
  })
  .meta({ id: 'RenewalOrder' });

export const proposalCreatedResponse = z.object({ created: z.literal(true) });
export const proposalExistedResponse = z.object({ created: z.literal(false) });

// cart.service.ts ProposalView
export const proposalResponse = z
  .object({
    resource: z.object({ id: count, title: z.string(), url: z.string() }),
    proposers: z.array(z.string()),
    notes: z.array(z.string()),
    offers: z
      .array(
        z.object({
          id: count,
          label: z.string(),
          priceCents: count,
          licence: z.string().describe('French label of the licence kind.'),
          seats: z.int().nullable(),
          durationMonths: z.int().nullable(),
        }),
      )
      .describe('Paid offers of the resource available today, cheapest first.'),
  })
  .meta({ id: 'Proposal' });

// cart.service.ts CartView
export const cartResponse = z
  .object({
    establishment: z.object({ uai: z.string(), name: z.string() }),
    lines: z.array(
      z.object({
        id: count,
        offer: count,
        label: z.string(),
        licence: z.string().describe('French label of the licence kind.'),
        seats: count,
        quantity: count,
        priceCentsWhenAdded: count,
        currentPriceCents: z.int().nullable().describe('null when the offer was withdrawn.'),
        lineTotalCents: count,
        state: z.enum(['ok', 'price-changed', 'withdrawn']),
      }),
    ),
    totalCents: z.int().describe('At current prices, withdrawn offers excluded.'),
    needsConfirmation: z.boolean().describe('A price changed or an offer was withdrawn.'),
    proposals: z.array(proposalResponse),
    drawingRight: z
      .object({
        campaign: z.string(),
        remainingCents: count,
        deadline: date,
        coFundingAllowed: z.boolean(),
        open: z.boolean(),
      })
      .nullable()
      .describe('Shown to those who may read the establishment’s orders; null otherwise or without a right.'),
    can: z.object({ edit: z.boolean(), order: z.boolean() }),
  })
  .meta({ id: 'Cart' });

export const confirmPricesResponse = z.object({ updated: count, removed: count, cart: cartResponse });

// subscriptions.service.ts SubscriptionView
export const subscriptionResponse = z
  .object({
    id: count,
    resources: z
      .array(z.object({ id: count, title: z.string(), url: z.string() }))
      .describe('The resources the subscription gives access to (several for a bundle).'),
    label: z.string().describe('The offer subscribed to.'),
    order: count,
    offer: count,
    seats: count,
    quantity: count,
    startsOn: date,
    endsOn: date,
    state: z.enum(['upcoming', 'current', 'ended']),
    reminded: z.boolean().describe('The heads were reminded of its end.'),
    renews: z
      .object({ subscription: count, endsOn: date })
      .nullable()
      .describe('The subscription this one continues, when it is a renewal.'),
    renewal: z
      .object({
        status: z.enum(['pending', 'renewed']),
        order: count,
        subscription: z.int().nullable(),
        startsOn: date.nullable(),
        endsOn: date.nullable(),
      })
      .nullable()
      .describe('Its own renewal: ordered (pending) or delivered (renewed).'),
    renewable: z.boolean().describe('Not renewed yet, and current or ended recently enough.'),
  })
  .meta({ id: 'Subscription' });

export const subscriptionsResponse = z.object({ items: z.array(subscriptionResponse) });
