// Placing an order: idempotent, never overdrawing, never half-written. The order is decided on its
// ordering context, cached or read (order-decision.ts), then written in one statement that re-checks
// what it was decided on (insertOrders). One function writes it, whichever way (with other orders
// through the batcher, alone, or inside the cart's or renewal's transaction), and says what the
// outcome means.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { todayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import type { OrderWriteBatcher } from './order-write-batcher.js';
import { OrderingContextCache } from './ordering-context-cache.js';
import { formatEuros } from './orders.money.js';
import { presentOrder, type PresentedOrder } from './orders.presenter.js';
import {
  findOrderByKey,
  findOrderingContext,
  insertOrders,
  lineColumnsOf,
  type DrawingRightRow,
  type EstablishmentRow,
  type OrderLineRow,
  type OrderRow,
  type OrderingContext,
  type OrderWrite,
  type OrderWriteOutcome,
} from './orders.repository.js';
import type { PlaceOrderInput } from './orders.schema.js';
import { allowsCoFunding, decideOrder, type OrderDecision } from './order-decision.js';
import { presentOne } from './orders.service.js';

type Db = Kysely<Database>;

export interface PlaceOrderOptions {
  /** Calendar date used for deadlines and offer validity (tests pin it). */
  today?: string;
  /** Runs inside the order's transaction once it is written (ordering from the cart empties it). */
  onPlaced?: (trx: Transaction<Database>, orderId: number) => Promise<void>;
  /** Recently read ordering contexts (the API's hot path); without it, every order reads its own. */
  contexts?: OrderingContextCache;
  /** Writes orders arriving together in one statement (the API's hot path); without it, one each. */
  writes?: OrderWriteBatcher;
  /** The instant recorded for the order and its ledger entries: only the demo's past campaign sets it. */
  placedAt?: Date;
}

export interface PlaceOrderResult {
  order: PresentedOrder;
  /** false when the idempotency key had already placed this order: nothing new was recorded. */
  created: boolean;
}

/** Same key, other content: a client bug, not a retry. Refused rather than silently answered. */
async function replay(db: Db, establishment: EstablishmentRow, key: string, input: PlaceOrderInput) {
  const existing = await findOrderByKey(db, establishment.id, key);
  if (!existing) throw new AppError('CONFLICT', 'Une commande avec la même clé est en cours : réessayez.');
  const order = await presentOne(db, existing);
  const sameLines =
    order.lines.length === input.lines.length &&
    input.lines.every((line) =>
      order.lines.some(
        (l) => l.offer === line.offer && l.seats === line.seats && l.quantity === line.quantity,
      ),
    );
  if (!sameLines || (order.topUp?.amountCents ?? 0) !== (input.topUp?.amountCents ?? 0)) {
    throw new AppError(
      'CONFLICT',
      'Cette clé d’idempotence a déjà servi pour une autre commande : utilisez une nouvelle clé.',
      { order: existing.id },
    );
  }
  return { order, created: false };
}

/**
 * Places an order: decides it on the ordering context (cached or read), then writes the order, its
 * lines, the optional top-up, the ledger entries and the debit in one statement that re-checks the
 * facts it was decided on (insertOrders; with `writes`, shared with orders arriving at the same time).
 * If nothing is written, the balance the statement saw gives the exact shortfall (BUDGET_EXCEEDED);
 * when a fact changed instead, the order is decided again on fresh data. The idempotency key is
 * unique per establishment: a retry, even concurrent, waits for the first insert and returns it.
 */
export async function placeOrder(
  db: Db,
  actor: Actor,
  input: PlaceOrderInput,
  idempotencyKey: string,
  options: PlaceOrderOptions = {},
): Promise<PlaceOrderResult> {
  const today = options.today ?? todayInFrance();
  const offerIds = input.lines.map((line) => line.offer);
  const cache = options.contexts;
  const cacheKey = OrderingContextCache.keyOf(input.establishment, offerIds);
  const readContext = async (): Promise<OrderingContext> => {
    // Establishment, drawing rights and offers (with their versions) in one round trip.
    const context = await findOrderingContext(db, input.establishment, offerIds);
    if (!context) throw new AppError('NOT_FOUND', `Aucun établissement n’a l’UAI ${input.establishment}.`);
    cache?.set(cacheKey, context);
    return context;
  };
  const cached = cache?.get(cacheKey);
  let context = cached ?? (await readContext());
  let decision: Decision;
  try {
    decision = decideOrder(actor, context, input, today);
  } catch (error) {
    // A refusal must rest on current facts (an offer may have come back within the cache's seconds).
    if (!cached) throw error;
    context = await readContext();
    decision = decideOrder(actor, context, input, today);
  }

  const topUpCents = input.topUp?.amountCents ?? 0;
  const write = (alone: boolean) =>
    writeOrder(db, orderWriteOf(actor, input, idempotencyKey, decision, context, today, options.placedAt), {
      alone,
      decision,
      topUpCents,
      onPlaced: options.onPlaced,
      writes: options.writes,
    });

  let written: Written;
  try {
    let step = await write(false);
    // It fits, but an order before it in its statement did not: alone, only the money or a fact
    // can keep it out.
    if (step.next === 'write-alone') step = await write(true);
    if (step.next === 'decide-again') {
      // A fact it was decided on changed (campaign closed, catalogue edited): decide again on fresh
      // data. That throws the right refusal, or places it after all.
      context = await readContext(); // replaces the cached entry
      decision = decideOrder(actor, context, input, today);
      const { right } = decision;
      if (right.balanceCents + topUpCents < decision.totalCents) {
        throw refusal(
          right,
          { balanceCents: right.balanceCents, rightStatus: right.status },
          decision.totalCents,
          topUpCents,
        );
      }
      step = await write(true);
      // Refused again: another order took the money in between; the statement says how much is left.
      if (step.next !== 'done') throw refusal(right, step.outcome, decision.totalCents, topUpCents);
    }
    if (step.next !== 'done') throw new Error('placeOrder: an order neither written nor refused');
    written = step.outcome;
  } catch (error) {
    if (isUniqueViolation(error)) return replay(db, decision.establishment, idempotencyKey, input);
    throw error;
  }
  return {
    order: presentPlaced(actor, input, idempotencyKey, decision, written, context),
    created: true,
  };
}

type Decision = OrderDecision;
type Written = Extract<OrderWriteOutcome, { written: true }>;
type NotWritten = Extract<OrderWriteOutcome, { written: false }>;

/** What one write means: written; or retried alone; or decided again on fresh data. */
type WriteStep =
  { next: 'done'; outcome: Written } | { next: 'write-alone' | 'decide-again'; outcome: NotWritten };

/**
 * The one place an order is written, and its outcome read. Inside a transaction when a step must run
 * with it (ordering from the cart empties it; a renewal marks its line), else through the batcher
 * with other orders arriving at the same time, else alone. Not written although the facts it was
 * decided on still hold: the balance the statement locked is the exact reason, refused at once; if
 * it would fit, an order before it in a shared statement did not, so it goes again alone. Otherwise a
 * fact changed and the order must be decided again.
 */
async function writeOrder(
  db: Db,
  order: OrderWrite,
  how: {
    /** In its own statement, where not being written can only mean the money or a fact changed. */
    alone: boolean;
    decision: Decision;
    topUpCents: number;
    onPlaced?: PlaceOrderOptions['onPlaced'];
    writes?: OrderWriteBatcher | undefined;
  },
): Promise<WriteStep> {
  const { onPlaced, writes, alone, decision, topUpCents } = how;
  const outcome = onPlaced
    ? await db.transaction().execute(async (trx) => {
        const [outcome] = await insertOrders(trx, [order]);
        if (outcome!.written) await onPlaced(trx, outcome!.id);
        return outcome!;
      })
    : writes && !alone
      ? await writes.write(order)
      : (await insertOrders(db, [order]))[0]!;
  if (outcome.written) return { next: 'done', outcome };
  if (outcome.factsHold && outcome.rightStatus === 'active') {
    if (outcome.balanceCents + topUpCents < decision.totalCents) {
      throw refusal(decision.right, outcome, decision.totalCents, topUpCents);
    }
    if (!alone) return { next: 'write-alone', outcome };
  }
  return { next: 'decide-again', outcome };
}

function orderWriteOf(
  actor: Actor,
  input: PlaceOrderInput,
  idempotencyKey: string,
  decision: Decision,
  context: OrderingContext,
  today: string,
  placedAt: Date | undefined,
): OrderWrite {
  return {
    establishmentId: decision.establishment.id,
    drawingRightId: decision.right.id,
    totalCents: decision.totalCents,
    topUp: input.topUp,
    idempotencyKey,
    placedBy: actor.userId,
    lines: decision.lines,
    today,
    offerVersions: context.offers.map((offer) => ({ id: offer.id, version: offer.version })),
    placedAt,
  };
}

/** The reply, built from what was just written: no second read on the hot path. */
function presentPlaced(
  actor: Actor,
  input: PlaceOrderInput,
  idempotencyKey: string,
  decision: Decision,
  inserted: Written,
  context: OrderingContext,
): PresentedOrder {
  const { establishment, right, lines, totalCents } = decision;
  const topUp = input.topUp;
  const order: OrderRow = {
    id: inserted.id,
    establishment_id: establishment.id,
    drawing_right_id: right.id,
    status: 'submitted',
    total_cents: totalCents,
    top_up_cents: topUp?.amountCents ?? 0,
    idempotency_key: idempotencyKey,
    placed_by: actor.userId,
    created_at: inserted.created_at as OrderRow['created_at'],
    updated_at: inserted.updated_at as OrderRow['updated_at'],
    uai: establishment.uai,
    establishment_name: establishment.name,
    academy_id: establishment.academyId,
    campaign_id: right.campaignId,
    campaign_name: right.campaignName,
  };
  const lineRows: OrderLineRow[] = lines.map((line) => ({
    id: inserted.lineIds.get(line.offerId)!,
    order_id: inserted.id,
    ...lineColumnsOf(line),
    producer_name: line.producerName,
    resources: context.offers.find((offer) => offer.id === line.offerId)?.resources ?? [],
    status: 'pending',
    licence_key: null,
    access_url: null,
    shipment_number: null,
    rejection_reason: null,
    delivered_at: null,
    subscription_id: null,
    starts_on: null,
    ends_on: null,
  }));
  const topUpRow = topUp
    ? { funder: topUp.funder, amount_cents: topUp.amountCents, reference: topUp.reference }
    : undefined;
  return presentOrder(order, lineRows, topUpRow);
}

/**
 * Why an order was not written: the campaign closed meanwhile, the order exceeds the right, or what it
 * was decided on changed again while it was being written.
 */
function refusal(
  right: DrawingRightRow,
  current: { balanceCents: number; rightStatus: string },
  totalCents: number,
  topUpCents: number,
): AppError {
  if (current.rightStatus !== 'active') {
    return new AppError(
      'CAMPAIGN_CLOSED',
      `La campagne « ${right.campaignName} » est close : elle n’accepte plus de commandes.`,
    );
  }
  const { balanceCents } = current;
  const shortfallCents = totalCents - topUpCents - balanceCents;
  if (shortfallCents <= 0) {
    return new AppError(
      'CONFLICT',
      'Le catalogue ou la campagne a changé pendant la commande : vérifiez-la puis réessayez.',
    );
  }
  return new AppError(
    'BUDGET_EXCEEDED',
    `La commande dépasse le droit de tirage de ${formatEuros(shortfallCents)}.`,
    {
      shortfallCents,
      remainingCents: balanceCents,
      totalCents,
      topUpCents,
      coFundingAllowed: allowsCoFunding(right.rules),
    },
  );
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
