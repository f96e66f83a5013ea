// Rows → API shapes. A publisher gets only its own lines, and no figures of the rest of the order.
import { funderLabels } from './orders.schema.js';
import { lineStatusLabels, orderStatusLabels } from './orders.workflow.js';
import type { LineResource, OrderLineRow, OrderRow, ProducerLineRow } from './orders.repository.js';

export const licenceLabels: Record<string, string> = {
  'single-seat': 'monoposte',
  'multi-seat': 'multiposte',
  class: 'licence classe',
  establishment: 'licence établissement',
  open: 'licence libre',
};
export const deliveryLabels: Record<string, string> = {
  'access-url': 'adresse d’accès',
  'licence-key': 'clé de licence',
  shipment: 'envoi d’un support physique',
};

/** The catalogue page of a resource. */
export function resourceUrl(id: number): string {
  return `/ressources/${id}`;
}

/** The resources an offer covers, with their pages: the resource is named first, then the offer. */
export function presentResources(resources: readonly LineResource[]) {
  return resources.map((resource) => ({
    id: resource.id,
    title: resource.title,
    url: resourceUrl(resource.id),
  }));
}
export type PresentedResource = ReturnType<typeof presentResources>[number];

/**
 * How notifications, emails and exports name a line: its resource(s), then the offer —
 * « Atlas de géographie — Licence élève 3 ans ». Without resources, the offer alone.
 */
export function lineTitle(resources: readonly { title: string }[] | undefined, offerLabel: string): string {
  if (!resources || resources.length === 0) return offerLabel;
  return `${resources.map((resource) => resource.title).join(', ')} — ${offerLabel}`;
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

export function presentLine(line: OrderLineRow) {
  return {
    id: line.id,
    offer: line.offer_id,
    resources: presentResources(line.resources),
    producer: { id: line.producer_id, name: line.producer_name },
    label: line.label,
    unitPriceCents: Number(line.unit_price_cents),
    licence: { value: line.licence_kind, label: licenceLabels[line.licence_kind] ?? line.licence_kind },
    seats: line.seats,
    durationMonths: line.duration_months,
    quantity: line.quantity,
    lineTotalCents: Number(line.line_total_cents),
    delivery: { value: line.delivery, label: deliveryLabels[line.delivery] ?? line.delivery },
    status: { value: line.status, label: lineStatusLabels[line.status] },
    licenceKey: line.licence_key,
    accessUrl: line.access_url,
    shipmentNumber: line.shipment_number,
    rejectionReason: line.rejection_reason,
    deliveredAt: line.delivered_at ? iso(line.delivered_at) : null,
    subscription:
      line.subscription_id !== null && line.starts_on && line.ends_on
        ? { id: line.subscription_id, startsOn: line.starts_on, endsOn: line.ends_on }
        : null,
  };
}
export type PresentedLine = ReturnType<typeof presentLine>;

export interface TopUpRow {
  funder: 'establishment' | 'local-authority' | 'academy';
  amount_cents: number;
  reference: string;
  /** Given back to the funder after cancellations or rejections; absent on a new order (0). */
  refunded_cents?: number;
}

export function presentOrder(
  order: OrderRow,
  lines: readonly OrderLineRow[],
  topUp: TopUpRow | undefined,
  view: { producerIds?: readonly number[] } = {},
) {
  const visible = view.producerIds
    ? lines.filter((line) => view.producerIds!.includes(line.producer_id))
    : lines;
  const publisherView = view.producerIds !== undefined;
  return {
    id: order.id,
    establishment: { uai: order.uai, name: order.establishment_name },
    campaign: { id: order.campaign_id, name: order.campaign_name },
    status: { value: order.status, label: orderStatusLabels[order.status] },
    // A publisher sees the total of its own lines only.
    totalCents: publisherView
      ? visible.reduce((sum, line) => sum + Number(line.line_total_cents), 0)
      : Number(order.total_cents),
    topUp:
      !publisherView && topUp
        ? {
            funder: { value: topUp.funder, label: funderLabels[topUp.funder] },
            amountCents: Number(topUp.amount_cents),
            reference: topUp.reference,
            refundedCents: Number(topUp.refunded_cents ?? 0),
          }
        : null,
    placedAt: iso(order.created_at),
    updatedAt: iso(order.updated_at),
    url: `/commandes/${order.id}`,
    lines: visible.map(presentLine),
  };
}
export type PresentedOrder = ReturnType<typeof presentOrder>;

/**
 * A line of the publisher's list: the line as in an order, with its order (number, date, state) and
 * the establishment it is delivered to and invoiced (address and contact, when known).
 */
export function presentProducerLine(row: ProducerLineRow) {
  return {
    ...presentLine({
      ...row,
      subscription_id: null,
      starts_on: null,
      ends_on: null,
    }),
    resources: presentResources(row.resources),
    order: {
      id: row.order_id,
      status: { value: row.order_status, label: orderStatusLabels[row.order_status] },
      placedAt: iso(row.order_created_at),
      url: `/commandes/${row.order_id}`,
    },
    establishment: {
      uai: row.uai,
      name: row.establishment_name,
      address: row.address,
      contactEmail: row.contact_email,
      contactPhone: row.contact_phone,
    },
  };
}
export type PresentedProducerLine = ReturnType<typeof presentProducerLine>;
