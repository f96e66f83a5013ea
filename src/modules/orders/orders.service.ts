// Order use cases: read, list, cancel (placing an order is place-order.ts), and the establishments
// the pages offer. Each one authorizes, loads, checks the transition, persists and audits atomically.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { creditTargetOf } from '../funding/funding.repository.js';
import { postLedgerEntry } from '../funding/ledger.repository.js';
import { audit } from '../notifications/notifications.repository.js';
import {
  authorizePlaceOrder,
  authorizeReadOrders,
  canPlaceOrder,
  canReadCart,
  canReadEstablishmentOrders,
  defaultOrdersEstablishmentId,
  producerIdsOf,
  proposingEstablishmentIds,
} from './orders.policy.js';
import { presentOrder, type PresentedOrder } from './orders.presenter.js';
import {
  cancelPendingLines,
  findEstablishmentById,
  findEstablishmentByUai,
  findOrder,
  findOrderLines,
  findTopUps,
  listEstablishmentNames,
  listOrdersOfEstablishment,
  lockOrder,
  updateOrderStatus,
  type EstablishmentRow,
  type OrderRow,
} from './orders.repository.js';
import { assertOrderTransition } from './orders.workflow.js';
import { refundTopUpBeyondRemaining } from './top-up-refund.js';

type Db = Kysely<Database>;

export async function loadEstablishment(db: Db, uai: string): Promise<EstablishmentRow> {
  const establishment = await findEstablishmentByUai(db, uai);
  if (!establishment) throw new AppError('NOT_FOUND', `Aucun établissement n’a l’UAI ${uai}.`);
  return establishment;
}

/** Establishments (UAI, name) where the actor may propose a resource for purchase, by name. */
export async function listProposingEstablishments(
  db: Db,
  actor: Actor,
): Promise<{ uai: string; name: string }[]> {
  return listEstablishmentNames(db, proposingEstablishmentIds(actor));
}

/** What the actor may open in one establishment they belong to (their home page's links). */
export interface EstablishmentWork {
  uai: string;
  name: string;
  /** Proposals and the cart (every school role). */
  cart: boolean;
  /** Orders and subscriptions (head, referent, librarian). */
  orders: boolean;
  /** Spending the drawing right: ordering, renewing (the head). */
  placeOrders: boolean;
}

/** The establishments the actor works in, by name, each with what the policies let them open. */
export async function listMyEstablishmentsWork(db: Db, actor: Actor): Promise<EstablishmentWork[]> {
  const work: EstablishmentWork[] = [];
  for (const id of proposingEstablishmentIds(actor)) {
    const establishment = await findEstablishmentById(db, id);
    if (!establishment) continue;
    work.push({
      uai: establishment.uai,
      name: establishment.name,
      cart: canReadCart(actor, establishment),
      orders: canReadEstablishmentOrders(actor, establishment),
      placeOrders: canPlaceOrder(actor, establishment),
    });
  }
  return work.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** The UAI of the establishment whose orders the actor follows when the page names none. */
export async function defaultOrdersEstablishmentUai(db: Db, actor: Actor): Promise<string> {
  const id = defaultOrdersEstablishmentId(actor);
  const establishment = id === undefined ? undefined : await findEstablishmentById(db, id);
  if (!establishment)
    throw new AppError('NOT_FOUND', 'Indiquez l’établissement dont vous suivez les commandes.');
  return establishment.uai;
}

/** An order with its lines and top-up, as its reader sees it (a publisher: only their own lines). */
export async function presentOne(
  db: Db,
  order: OrderRow,
  producerIds?: readonly number[],
): Promise<PresentedOrder> {
  const [lines, topUps] = await Promise.all([findOrderLines(db, [order.id]), findTopUps(db, [order.id])]);
  return presentOrder(order, lines, topUps[0], producerIds ? { producerIds } : {});
}

const orderNotFound = (id: number) =>
  new AppError('NOT_FOUND', `La commande n° ${id} n’existe pas ou ne vous est pas accessible.`);

/** The order as `actor` may see it, or undefined when they may not see it at all. */
async function visibleOrder(db: Db, actor: Actor, order: OrderRow): Promise<PresentedOrder | undefined> {
  if (canReadEstablishmentOrders(actor, { id: order.establishment_id, academyId: order.academy_id })) {
    return presentOne(db, order);
  }
  const producers = producerIdsOf(actor);
  if (producers.length > 0) {
    const presented = await presentOne(db, order, producers);
    if (presented.lines.length > 0 && order.status !== 'draft') return presented;
  }
  return undefined;
}

/** An order as its reader may see it; NOT_FOUND for anyone else (no leak of which ids exist). */
export async function getOrder(db: Db, actor: Actor, id: number): Promise<PresentedOrder> {
  const order = await findOrder(db, id);
  const presented = order && (await visibleOrder(db, actor, order));
  if (!presented) throw orderNotFound(id);
  return presented;
}

/** Orders at most listed on a page; the CSV export holds up to ORDERS_EXPORT_MAX. */
export const ORDERS_LIST_MAX = 200;
export const ORDERS_EXPORT_MAX = 5_000;

export async function listOrders(
  db: Db,
  actor: Actor,
  uai: string,
  options: { limit?: number } = {},
): Promise<PresentedOrder[]> {
  const establishment = await loadEstablishment(db, uai);
  authorizeReadOrders(actor, establishment);
  const orders = await listOrdersOfEstablishment(db, establishment.id, options.limit ?? ORDERS_LIST_MAX);
  return presentMany(db, orders);
}

export async function presentMany(
  db: Db,
  orders: readonly OrderRow[],
  producerIds?: readonly number[],
): Promise<PresentedOrder[]> {
  const ids = orders.map((order) => order.id);
  const [lines, topUps] = await Promise.all([findOrderLines(db, ids), findTopUps(db, ids)]);
  return orders.map((order) =>
    presentOrder(
      order,
      lines.filter((line) => line.order_id === order.id),
      topUps.find((topUp) => topUp.order_id === order.id),
      producerIds ? { producerIds } : {},
    ),
  );
}

/** What cancelling an order would do, for the head's confirmation page (nothing is written). */
export interface CancellationPreview {
  order: PresentedOrder;
  /** Lines still pending: they are cancelled. */
  pendingLines: number;
  /** Back to the drawing right: the pending lines' totals, less the co-funder's share (0 for a draft). */
  toDrawingRightCents: number;
  /** Back to the co-funder: what its top-up still holds (nothing remains of the order). */
  toCoFunderCents: number;
}

/**
 * The confirmation of a cancellation: the head only (the others as in cancelOrder: NOT_FOUND if they
 * may not see the order, FORBIDDEN if they may), INVALID_TRANSITION once it can no longer be cancelled.
 */
export async function previewCancellation(db: Db, actor: Actor, id: number): Promise<CancellationPreview> {
  const row = await findOrder(db, id);
  if (!row) throw orderNotFound(id);
  const scope = { id: row.establishment_id, academyId: row.academy_id };
  if (!canPlaceOrder(actor, scope) && !(await visibleOrder(db, actor, row))) throw orderNotFound(id);
  authorizePlaceOrder(actor, scope);
  assertOrderTransition(row.status, 'cancelled');
  const order = await presentOne(db, row);
  const pending = order.lines.filter((line) => line.status.value === 'pending');
  const pendingCents = pending.reduce((sum, line) => sum + line.lineTotalCents, 0);
  // A draft was never debited; otherwise the top-up, paying the last euros, goes back to its funder
  // since nothing of the order remains (top-up-refund.ts).
  const debited = row.status !== 'draft' && pendingCents > 0;
  const heldCents = order.topUp ? order.topUp.amountCents - order.topUp.refundedCents : 0;
  const toCoFunderCents = debited ? Math.min(Math.max(heldCents, 0), pendingCents) : 0;
  return {
    order,
    pendingLines: pending.length,
    toDrawingRightCents: debited ? pendingCents - toCoFunderCents : 0,
    toCoFunderCents,
  };
}

/**
 * The head cancels before any delivery: every pending line is cancelled and credited back in full,
 * then the co-funder's top-up, if any, goes back to it.
 */
export async function cancelOrder(db: Db, actor: Actor, id: number): Promise<PresentedOrder> {
  const order = await findOrder(db, id);
  // Whatever the verb, an order the actor may not see answers as a missing one (ids reveal nothing);
  // who sees it but may not cancel it (the referent, the academy, a publisher) gets 403.
  if (!order) throw orderNotFound(id);
  const scope = { id: order.establishment_id, academyId: order.academy_id };
  if (!canPlaceOrder(actor, scope) && !(await visibleOrder(db, actor, order))) throw orderNotFound(id);
  authorizePlaceOrder(actor, scope);
  await db.transaction().execute(async (trx) => {
    const locked = await lockOrder(trx, id);
    assertOrderTransition(locked!.status, 'cancelled');
    const cancelled = await cancelPendingLines(trx, id);
    const creditCents = cancelled.reduce((sum, line) => sum + Number(line.line_total_cents), 0);
    let topUpRefundCents = 0;
    // A draft was never debited: nothing to credit.
    if (creditCents > 0 && locked!.status !== 'draft') {
      const drawingRightId = await creditTargetOf(trx, locked!.drawing_right_id);
      const reason = 'Commande annulée par le chef d’établissement';
      await postLedgerEntry(trx, {
        drawingRightId,
        kind: 'cancellation-credit',
        amountCents: creditCents,
        orderId: id,
        actorUserId: actor.userId,
        reason,
      });
      // The credit is the full line totals; the co-funder's share then leaves the same right again,
      // so only the state-funded part stays on the drawing right (top-up-refund.ts).
      const refund = await refundTopUpBeyondRemaining(trx, {
        orderId: id,
        drawingRightId,
        actorUserId: actor.userId,
        reason,
      });
      topUpRefundCents = refund.refundedCents;
    }
    await updateOrderStatus(trx, id, 'cancelled');
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'order.cancelled',
      subjectType: 'order',
      subjectId: id,
      details: { from: locked!.status, creditCents, topUpRefundCents },
    });
  });
  return presentOne(db, (await findOrder(db, id))!);
}
