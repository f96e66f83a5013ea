// Proposals (teachers suggest resources for their establishment) and the cart (the digital referent
// or the librarian turns them into lines: offer, seats, quantity). The cart keeps the price seen when
// a line was added: if an offer was withdrawn or its price changed since, ordering is refused with
// PRICE_CHANGED until the head confirms the new prices.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notify.js';
import { formatEuros, seatsCovered } from './orders.money.js';
import { todayInFrance } from '../../shared/clock.js';
import {
  authorizeEditCart,
  authorizePlaceOrder,
  authorizePropose,
  authorizeReadCart,
  canPlaceOrder,
  canReadEstablishmentOrders,
} from './orders.policy.js';
import { licenceLabels } from './orders.presenter.js';
import type { TopUpInput } from './orders.schema.js';
import { drawingRightView, type DrawingRightView } from './drawing-right-view.js';
import { getOrder, loadEstablishment } from './orders.service.js';
import { placeOrder, type PlaceOrderOptions, type PlaceOrderResult } from './place-order.js';
import { findDrawingRightsOf } from './orders.repository.js';

type Db = Kysely<Database>;

export async function proposeResource(
  db: Db,
  actor: Actor,
  uai: string,
  input: { resource: number; note?: string | undefined },
): Promise<{ created: boolean }> {
  const establishment = await loadEstablishment(db, uai);
  authorizePropose(actor, establishment);
  const resource = await db
    .selectFrom('resources')
    .select(['id', 'title'])
    .where('id', '=', input.resource)
    .executeTakeFirst();
  if (!resource) throw new AppError('NOT_FOUND', `La ressource n° ${input.resource} n’existe pas.`);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('proposals')
      .values({
        establishment_id: establishment.id,
        resource_id: resource.id,
        proposed_by: actor.userId,
        note: input.note ?? '',
      })
      .onConflict((oc) => oc.columns(['establishment_id', 'resource_id', 'proposed_by']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await audit(trx, {
        actorUserId: actor.userId,
        action: 'proposal.created',
        subjectType: 'establishment',
        subjectId: establishment.uai,
        details: { resource: resource.id },
      });
    }
    return { created: inserted !== undefined };
  });
}

export interface ProposalView {
  resource: { id: number; title: string; url: string };
  proposers: string[];
  notes: string[];
  offers: {
    id: number;
    label: string;
    priceCents: number;
    licence: string;
    seats: number | null;
    durationMonths: number | null;
  }[];
}

async function listProposals(db: Db, establishmentId: number, today: string): Promise<ProposalView[]> {
  const rows = await db
    .selectFrom('proposals as p')
    .innerJoin('resources as r', 'r.id', 'p.resource_id')
    .innerJoin('users as u', 'u.id', 'p.proposed_by')
    .select(['r.id', 'r.title', 'u.display_name', 'p.note', 'p.created_at'])
    .where('p.establishment_id', '=', establishmentId)
    .orderBy('p.created_at', 'desc')
    .limit(200)
    .execute();
  const byResource = new Map<number, ProposalView>();
  for (const row of rows) {
    const view = byResource.get(row.id) ?? {
      resource: { id: row.id, title: row.title, url: `/ressources/${row.id}` },
      proposers: [],
      notes: [],
      offers: [],
    };
    view.proposers.push(row.display_name);
    if (row.note) view.notes.push(row.note);
    byResource.set(row.id, view);
  }
  if (byResource.size > 0) {
    const offers = await db
      .selectFrom('offers as o')
      .innerJoin('offer_resources as link', 'link.offer_id', 'o.id')
      .select([
        'link.resource_id',
        'o.id',
        'o.label',
        'o.price_cents',
        'o.licence_kind',
        'o.seats',
        'o.duration_months',
      ])
      .where('link.resource_id', 'in', [...byResource.keys()])
      .where('o.valid_from', '<=', today)
      .where((eb) => eb.or([eb('o.valid_until', 'is', null), eb('o.valid_until', '>=', today)]))
      .where('o.price_cents', '>', 0)
      .orderBy('o.price_cents')
      .execute();
    for (const offer of offers) {
      byResource.get(offer.resource_id)!.offers.push({
        id: offer.id,
        label: offer.label,
        priceCents: offer.price_cents,
        licence: licenceLabels[offer.licence_kind] ?? offer.licence_kind,
        seats: offer.seats,
        durationMonths: offer.duration_months,
      });
    }
  }
  return [...byResource.values()];
}

export type CartLineState = 'ok' | 'price-changed' | 'withdrawn';

export interface CartView {
  establishment: { uai: string; name: string };
  lines: {
    id: number;
    offer: number;
    label: string;
    licence: string;
    seats: number;
    quantity: number;
    priceCentsWhenAdded: number;
    currentPriceCents: number | null;
    lineTotalCents: number;
    state: CartLineState;
  }[];
  /** At current prices, withdrawn offers excluded. */
  totalCents: number;
  needsConfirmation: boolean;
  proposals: ProposalView[];
  drawingRight: DrawingRightView | null;
  can: { edit: boolean; order: boolean };
}

export async function getCart(
  db: Db,
  actor: Actor,
  uai: string,
  options: { today?: string } = {},
): Promise<CartView> {
  const today = options.today ?? todayInFrance();
  const establishment = await loadEstablishment(db, uai);
  authorizeReadCart(actor, establishment);
  const rows = await db
    .selectFrom('cart_lines as c')
    .innerJoin('offers as o', 'o.id', 'c.offer_id')
    .select([
      'c.id',
      'c.offer_id',
      'c.seats',
      'c.quantity',
      'c.price_cents_when_added',
      'o.label',
      'o.licence_kind',
      'o.price_cents',
      'o.valid_from',
      'o.valid_until',
    ])
    .where('c.establishment_id', '=', establishment.id)
    .orderBy('c.id')
    .execute();
  const lines = rows.map((row) => {
    const withdrawn = row.valid_from > today || (row.valid_until !== null && row.valid_until < today);
    const state: CartLineState = withdrawn
      ? 'withdrawn'
      : row.price_cents !== row.price_cents_when_added
        ? 'price-changed'
        : 'ok';
    return {
      id: row.id,
      offer: row.offer_id,
      label: row.label,
      licence: licenceLabels[row.licence_kind] ?? row.licence_kind,
      seats: row.seats,
      quantity: row.quantity,
      priceCentsWhenAdded: row.price_cents_when_added,
      currentPriceCents: withdrawn ? null : row.price_cents,
      lineTotalCents: withdrawn ? 0 : row.price_cents * row.quantity,
      state,
    };
  });
  const rights = canReadEstablishmentOrders(actor, establishment)
    ? await findDrawingRightsOf(db, establishment.id)
    : [];
  return {
    establishment: { uai: establishment.uai, name: establishment.name },
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
    needsConfirmation: lines.some((line) => line.state !== 'ok'),
    proposals: await listProposals(db, establishment.id, today),
    drawingRight: drawingRightView(rights[0], today),
    can: { edit: canEditCartSafe(actor, establishment), order: canPlaceOrder(actor, establishment) },
  };
}

function canEditCartSafe(actor: Actor, establishment: { id: number; academyId: number }): boolean {
  try {
    authorizeEditCart(actor, establishment);
    return true;
  } catch {
    return false;
  }
}

/** Adds a line, or replaces the line of the same offer, at today's price. */
export async function addCartLine(
  db: Db,
  actor: Actor,
  uai: string,
  input: { offer: number; seats: number; quantity: number },
  options: { today?: string } = {},
): Promise<void> {
  const today = options.today ?? todayInFrance();
  const establishment = await loadEstablishment(db, uai);
  authorizeEditCart(actor, establishment);
  const offer = await db.selectFrom('offers').selectAll().where('id', '=', input.offer).executeTakeFirst();
  if (!offer || offer.valid_from > today || (offer.valid_until !== null && offer.valid_until < today)) {
    throw new AppError('CONFLICT', `L’offre n° ${input.offer} n’est pas proposée aujourd’hui.`);
  }
  const covered = seatsCovered(offer.licence_kind, offer.seats, input.quantity);
  if (input.seats > covered) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${input.quantity} licence(s) « ${offer.label} » couvrent ${covered} poste(s), pas ${input.seats}.`,
    );
  }
  await db
    .insertInto('cart_lines')
    .values({
      establishment_id: establishment.id,
      offer_id: offer.id,
      seats: input.seats,
      quantity: input.quantity,
      price_cents_when_added: offer.price_cents,
      added_by: actor.userId,
    })
    .onConflict((oc) =>
      oc.columns(['establishment_id', 'offer_id']).doUpdateSet({
        seats: input.seats,
        quantity: input.quantity,
        price_cents_when_added: offer.price_cents,
        added_by: actor.userId,
        added_at: sql`now()`,
      }),
    )
    .execute();
}

export async function removeCartLine(db: Db, actor: Actor, uai: string, lineId: number): Promise<void> {
  const establishment = await loadEstablishment(db, uai);
  authorizeEditCart(actor, establishment);
  const deleted = await db
    .deleteFrom('cart_lines')
    .where('id', '=', lineId)
    .where('establishment_id', '=', establishment.id)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0)
    throw new AppError('NOT_FOUND', 'Cette ligne n’est plus dans le panier.');
}

/** The head accepts today's prices: changed lines take the new price, withdrawn offers leave the cart. */
export async function confirmCartPrices(
  db: Db,
  actor: Actor,
  uai: string,
  options: { today?: string } = {},
): Promise<{ updated: number; removed: number }> {
  const today = options.today ?? todayInFrance();
  const establishment = await loadEstablishment(db, uai);
  authorizePlaceOrder(actor, establishment);
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('cart_lines')
      .where('establishment_id', '=', establishment.id)
      .where((eb) =>
        eb(
          'offer_id',
          'in',
          eb
            .selectFrom('offers')
            .select('id')
            .where((w) => w.or([w('valid_from', '>', today), w('valid_until', '<', today)])),
        ),
      )
      .returning('id')
      .execute();
    const updated = await sql<{ id: number }>`
      UPDATE cart_lines c SET price_cents_when_added = o.price_cents
      FROM offers o
      WHERE o.id = c.offer_id AND c.establishment_id = ${establishment.id}
        AND c.price_cents_when_added <> o.price_cents
      RETURNING c.id`.execute(trx);
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'cart.prices-confirmed',
      subjectType: 'establishment',
      subjectId: establishment.uai,
      details: { updated: updated.rows.length, removed: removed.length },
    });
    return { updated: updated.rows.length, removed: removed.length };
  });
}

/**
 * The head orders the whole cart. Refused with PRICE_CHANGED (listing the lines) if an offer was
 * withdrawn or repriced since it was added; otherwise placed like any order, and the ordered lines
 * leave the cart in the order's own transaction.
 */
export async function orderCart(
  db: Db,
  actor: Actor,
  uai: string,
  idempotencyKey: string,
  topUp: TopUpInput | undefined,
  options: PlaceOrderOptions = {},
): Promise<PlaceOrderResult> {
  const establishment = await loadEstablishment(db, uai);
  authorizePlaceOrder(actor, establishment);
  // A retry of an order already placed from this cart returns it (the cart is empty by then).
  const existing = await db
    .selectFrom('orders')
    .select('id')
    .where('establishment_id', '=', establishment.id)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  if (existing) {
    return { order: await getOrder(db, actor, existing.id), created: false };
  }
  const cart = await getCart(db, actor, uai, options);
  if (cart.lines.length === 0) throw new AppError('VALIDATION_FAILED', 'Le panier est vide.');
  const changed = cart.lines.filter((line) => line.state !== 'ok');
  if (changed.length > 0) {
    throw new AppError(
      'PRICE_CHANGED',
      changed.length === 1
        ? 'Une offre du panier a changé de prix ou a été retirée depuis son ajout : confirmez les nouveaux prix avant de commander.'
        : `${changed.length} offres du panier ont changé de prix ou ont été retirées depuis leur ajout : confirmez les nouveaux prix avant de commander.`,
      {
        lines: changed.map((line) => ({
          cartLine: line.id,
          offer: line.offer,
          label: line.label,
          priceCentsWhenAdded: line.priceCentsWhenAdded,
          currentPriceCents: line.currentPriceCents,
          withdrawn: line.state === 'withdrawn',
          message:
            line.state === 'withdrawn'
              ? `« ${line.label} » n’est plus proposée.`
              : `« ${line.label} » : ${formatEuros(line.priceCentsWhenAdded)} → ${formatEuros(line.currentPriceCents!)}.`,
        })),
      },
    );
  }
  const ids = cart.lines.map((line) => line.id);
  return placeOrder(
    db,
    actor,
    {
      establishment: establishment.uai,
      lines: cart.lines.map((line) => ({ offer: line.offer, seats: line.seats, quantity: line.quantity })),
      ...(topUp ? { topUp } : {}),
    },
    idempotencyKey,
    {
      ...options,
      onPlaced: async (trx, orderId) => {
        await trx.deleteFrom('cart_lines').where('id', 'in', ids).execute();
        await options.onPlaced?.(trx, orderId);
      },
    },
  );
}
