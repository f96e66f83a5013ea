// Publisher / distribution platform side: its orders (only its lines), transmission, delivery of a
// line (licence key, access URL or shipment number), rejection with a refund to the drawing right.
// Subscriptions start when a line with a duration is delivered; a renewal starts the day after the
// subscription it renews ends, unless that one has ended already.
import { creditTargetOf } from '../funding/funding.repository.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database, OrderStatus } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { postLedgerEntry } from '../funding/ledger.repository.js';
import { audit, notifyUser } from '../notifications/notifications.repository.js';
import { addMonths, formatEuros } from './orders.money.js';
import { clock, todayInFrance } from '../../shared/clock.js';
import { authorizePublisher } from './orders.policy.js';
import {
  lineTitle,
  presentProducerLine,
  type PresentedOrder,
  type PresentedProducerLine,
} from './orders.presenter.js';
import { headsOf } from '../funding/funding.repository.js';
import {
  findLineOfProducers,
  findLineStatuses,
  findOrderLine,
  findOrderLines,
  listOrdersOfProducers,
  listProducerLines,
  summarizeProducerLines,
  type LineResource,
  type ProducerLinesFilter,
  lockOrder,
  markLineDelivered,
  markLineRejected,
  updateOrderStatus,
} from './orders.repository.js';
import { findSubscriptionEnd, insertSubscription } from './subscriptions.repository.js';
import type { DeliverLineInput } from './orders.schema.js';
import { refundPhrase, refundTopUpBeyondRemaining, type TopUpRefund } from './top-up-refund.js';
import { getOrder, presentMany } from './orders.service.js';
import { frenchDate, renewalStartsOn } from './renewal-rules.js';
import {
  assertOrderTransition,
  orderStatusLabels,
  statusFromLines,
  type LineStatus,
} from './orders.workflow.js';

type Db = Kysely<Database>;

export async function listPublisherOrders(db: Db, actor: Actor): Promise<PresentedOrder[]> {
  const producers = authorizePublisher(actor);
  return presentMany(db, await listOrdersOfProducers(db, producers), producers);
}

export type { LineState, ProducerLinesFilter } from './orders.repository.js';

/** One page of lines, at most this many (the page's forms stay light). */
export const PUBLISHER_LINES_PAGE_SIZE = 50;
/** An export holds at most this many lines: narrow the dates beyond. */
export const PUBLISHER_EXPORT_MAX_LINES = 10_000;

export interface PublisherLines {
  lines: PresentedProducerLine[];
  /** Over every line matching the filter, not only this page. */
  summary: {
    lines: number;
    delivered: number;
    /** What to invoice: the delivered lines' amounts. */
    deliveredCents: number;
    pending: number;
    pendingCents: number;
  };
  page: number;
  pageSize: number;
}

/**
 * The publisher's order lines (only its own producers'), filtered by state and by the day the order was
 * placed, newest first, one page at a time, with the totals of the whole filter (delivered: to invoice).
 */
export async function listPublisherLines(
  db: Db,
  actor: Actor,
  filter: ProducerLinesFilter,
  options: { page?: number; pageSize?: number } = {},
): Promise<PublisherLines> {
  const producers = authorizePublisher(actor);
  const pageSize = options.pageSize ?? PUBLISHER_LINES_PAGE_SIZE;
  const page = Math.max(1, options.page ?? 1);
  const [rows, summary] = await Promise.all([
    listProducerLines(db, producers, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
    summarizeProducerLines(db, producers, filter),
  ]);
  return { lines: rows.map(presentProducerLine), summary, page, pageSize };
}

/** Every line of the filter for the publisher's export (capped at PUBLISHER_EXPORT_MAX_LINES). */
export async function exportPublisherLines(
  db: Db,
  actor: Actor,
  filter: ProducerLinesFilter,
): Promise<PresentedProducerLine[]> {
  const producers = authorizePublisher(actor);
  const rows = await listProducerLines(db, producers, filter, {
    limit: PUBLISHER_EXPORT_MAX_LINES,
    offset: 0,
  });
  return rows.map(presentProducerLine);
}

/** « A — offre, B — offre et 2 autres »: the lines of an order a notification names, briefly. */
function linesSummary(lines: readonly { label: string; resources?: LineResource[] }[]): string {
  const named = lines.slice(0, 2).map((line) => lineTitle(line.resources, line.label));
  const more = lines.length - named.length;
  return more > 0 ? `${named.join(' ; ')} et ${more} autre${more > 1 ? 's' : ''}` : named.join(' ; ');
}

interface LockedLine {
  orderStatus: OrderStatus;
  establishmentId: number;
  drawingRightId: number;
  line: {
    id: number;
    status: LineStatus;
    delivery: string;
    label: string;
    line_total_cents: number;
    duration_months: number | null;
    renews_subscription_id: number | null;
    resources: LineResource[];
  };
}

/** Locks the order and finds the line; NOT_FOUND unless the line is one of the actor's producers'. */
async function lockLine(
  trx: Transaction<Database>,
  actor: Actor,
  orderId: number,
  lineId: number,
): Promise<LockedLine> {
  const producers = authorizePublisher(actor);
  const order = await lockOrder(trx, orderId);
  const line = await findOrderLine(trx, orderId, lineId);
  if (!order || !line || !producers.includes(line.producer_id) || order.status === 'draft') {
    throw new AppError(
      'NOT_FOUND',
      `La ligne n° ${lineId} de la commande n° ${orderId} n’existe pas ou ne vous concerne pas.`,
    );
  }
  if (line.status !== 'pending') {
    throw new AppError(
      'INVALID_TRANSITION',
      `Cette ligne est déjà ${line.status === 'delivered' ? 'livrée' : line.status === 'rejected' ? 'refusée' : 'annulée'}.`,
    );
  }
  return {
    orderStatus: order.status,
    establishmentId: order.establishment_id,
    drawingRightId: order.drawing_right_id,
    line: { ...line, status: line.status, line_total_cents: Number(line.line_total_cents) },
  };
}

/** The publisher acknowledges the order: submitted → transmitted (also implied by its first action). */
async function ensureTransmitted(
  trx: Transaction<Database>,
  actor: Actor,
  orderId: number,
  status: OrderStatus,
) {
  if (status !== 'submitted') return status;
  assertOrderTransition(status, 'transmitted');
  await updateOrderStatus(trx, orderId, 'transmitted');
  await audit(trx, {
    actorUserId: actor.userId,
    action: 'order.transmitted',
    subjectType: 'order',
    subjectId: orderId,
  });
  return 'transmitted' as const;
}

/** Moves the order to the status its lines imply, through the transition table, and tells the heads. */
async function settleStatus(
  trx: Transaction<Database>,
  actor: Actor,
  orderId: number,
  establishmentId: number,
  from: OrderStatus,
) {
  const lines = await findLineStatuses(trx, orderId);
  const to = statusFromLines(lines.map((line) => line.status));
  if (to === from) return;
  assertOrderTransition(from, to);
  await updateOrderStatus(trx, orderId, to);
  await audit(trx, {
    actorUserId: actor.userId,
    action: `order.${to}`,
    subjectType: 'order',
    subjectId: orderId,
    details: { from },
  });
  const named = linesSummary(await findOrderLines(trx, [orderId]));
  for (const head of await headsOf(trx, [establishmentId])) {
    await notifyUser(trx, head.user_id, {
      kind: 'order-status',
      title: `Commande n° ${orderId} : ${orderStatusLabels[to]}`,
      body: `Votre commande n° ${orderId} (${named}) est maintenant « ${orderStatusLabels[to]} ».`,
      link: `/commandes/${orderId}`,
    });
  }
}

export async function transmitOrder(db: Db, actor: Actor, orderId: number): Promise<PresentedOrder> {
  const producers = authorizePublisher(actor);
  await db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, orderId);
    const mine = await findLineOfProducers(trx, orderId, producers);
    if (!order || !mine || order.status === 'draft') {
      throw new AppError('NOT_FOUND', `La commande n° ${orderId} n’existe pas ou ne vous concerne pas.`);
    }
    if (order.status !== 'submitted') return;
    await ensureTransmitted(trx, actor, orderId, order.status);
  });
  return getOrder(db, actor, orderId);
}

export async function deliverLine(
  db: Db,
  actor: Actor,
  orderId: number,
  lineId: number,
  input: DeliverLineInput,
  options: { today?: string } = {},
): Promise<PresentedOrder> {
  const today = options.today ?? todayInFrance();
  await db.transaction().execute(async (trx) => {
    const locked = await lockLine(trx, actor, orderId, lineId);
    const needed: Record<string, [keyof DeliverLineInput, string]> = {
      'licence-key': ['licenceKey', 'la clé de licence'],
      'access-url': ['accessUrl', 'l’adresse d’accès'],
      shipment: ['shipmentNumber', 'le numéro d’envoi'],
    };
    const [field, what] = needed[locked.line.delivery] ?? ['accessUrl', 'l’adresse d’accès'];
    if (!input[field]) {
      throw new AppError('VALIDATION_FAILED', `Pour livrer « ${locked.line.label} », indiquez ${what}.`, {
        field,
      });
    }
    const status = await ensureTransmitted(trx, actor, orderId, locked.orderStatus);
    if (status !== 'transmitted' && status !== 'partly-delivered') assertOrderTransition(status, 'delivered');
    await markLineDelivered(trx, lineId, {
      licenceKey: input.licenceKey ?? null,
      accessUrl: input.accessUrl ?? null,
      shipmentNumber: input.shipmentNumber ?? null,
      deliveredAt: clock.now(),
    });
    if (locked.line.duration_months !== null && locked.line.duration_months > 0) {
      const previous =
        locked.line.renews_subscription_id === null
          ? undefined
          : await findSubscriptionEnd(trx, locked.line.renews_subscription_id);
      // No gap, no overlap: a renewal delivered before the end continues the running subscription.
      const startsOn = previous ? renewalStartsOn(previous.ends_on, today) : today;
      const endsOn = addMonths(startsOn, locked.line.duration_months);
      await insertSubscription(trx, {
        orderLineId: lineId,
        establishmentId: locked.establishmentId,
        startsOn,
        endsOn,
        renewedFrom: previous?.id ?? null,
      });
      if (previous) {
        for (const head of await headsOf(trx, [locked.establishmentId])) {
          await notifyUser(trx, head.user_id, {
            kind: 'subscription-renewed',
            title: `Abonnement renouvelé : ${lineTitle(locked.line.resources, locked.line.label)}`,
            body: `Le nouvel abonnement « ${lineTitle(locked.line.resources, locked.line.label)} » court du ${frenchDate(startsOn)} au ${frenchDate(endsOn)}, à la suite du précédent.`,
            link: `/commandes/${orderId}`,
          });
        }
      }
    }
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'order-line.delivered',
      subjectType: 'order',
      subjectId: orderId,
      details: { lineId },
    });
    await settleStatus(trx, actor, orderId, locked.establishmentId, status);
  });
  return getOrder(db, actor, orderId);
}

/**
 * Rejects one line with a reason: its amount goes back to the drawing right ('rejection-credit'), less
 * what the co-funder's top-up then holds beyond the rest of the order ('top-up-refund').
 */
export async function rejectLine(
  db: Db,
  actor: Actor,
  orderId: number,
  lineId: number,
  reason: string,
): Promise<PresentedOrder> {
  await db.transaction().execute(async (trx) => {
    const locked = await lockLine(trx, actor, orderId, lineId);
    const status = await ensureTransmitted(trx, actor, orderId, locked.orderStatus);
    if (status !== 'transmitted' && status !== 'partly-delivered') assertOrderTransition(status, 'rejected');
    await markLineRejected(trx, lineId, reason);
    let refund: TopUpRefund = { refundedCents: 0, funder: null };
    if (locked.line.line_total_cents > 0) {
      const drawingRightId = await creditTargetOf(trx, locked.drawingRightId);
      await postLedgerEntry(trx, {
        drawingRightId,
        kind: 'rejection-credit',
        amountCents: locked.line.line_total_cents,
        orderId,
        reason,
        actorUserId: actor.userId,
      });
      // The top-up pays the order's last euros: once the rest of the order is smaller than what the
      // co-funder still holds, the excess goes back to it from the same right (top-up-refund.ts).
      refund = await refundTopUpBeyondRemaining(trx, {
        orderId,
        drawingRightId,
        actorUserId: actor.userId,
        reason,
      });
    }
    const backToRight = locked.line.line_total_cents - refund.refundedCents;
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'order-line.rejected',
      subjectType: 'order',
      subjectId: orderId,
      details: {
        lineId,
        reason,
        creditCents: locked.line.line_total_cents,
        topUpRefundCents: refund.refundedCents,
      },
    });
    const refundNote = refund.refundedCents > 0 ? ` ; ${refundPhrase(refund, formatEuros)}` : '';
    for (const head of await headsOf(trx, [locked.establishmentId])) {
      await notifyUser(trx, head.user_id, {
        kind: 'order-line-rejected',
        title: `Commande n° ${orderId} : une ligne refusée`,
        body: `« ${lineTitle(locked.line.resources, locked.line.label)} » a été refusée (${reason}). ${formatEuros(backToRight)} reviennent à votre droit de tirage${refundNote}.`,
        link: `/commandes/${orderId}`,
      });
    }
    await settleStatus(trx, actor, orderId, locked.establishmentId, status);
  });
  return getOrder(db, actor, orderId);
}
