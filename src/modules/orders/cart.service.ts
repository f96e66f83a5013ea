// The cart: the digital referent or the librarian turns proposals (proposals.service.ts) into lines
// (offer, seats, quantity), or adds an offer from the product page. The cart keeps the price seen when
// a line was added: if an offer was withdrawn or its price changed since, ordering is refused with
// PRICE_CHANGED until the head confirms the new prices.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import { formatEuros, seatsCovered } from './orders.money.js';
import { todayInFrance } from '../../shared/clock.js';
import {
  authorizeEditCart,
  authorizePlaceOrder,
  authorizeReadCart,
  canPlaceOrder,
  canReadEstablishmentOrders,
} from './orders.policy.js';
import { licenceLabels } from './orders.presenter.js';
import type { TopUpInput } from './orders.schema.js';
import { drawingRightView, type DrawingRightView } from './drawing-right-view.js';
import {
  listOpenProposals,
  listProposals,
  type OpenProposal,
  type ProposalView,
} from './proposals.service.js';
import { getOrder, loadEstablishment } from './orders.service.js';
import { placeOrder, type PlaceOrderOptions, type PlaceOrderResult } from './place-order.js';
import {
  deleteCartLine,
  deleteCartLines,
  deleteWithdrawnCartLines,
  findProposalRow,
  linkOpenProposalsOfOffer,
  linkProposalToCartLine,
  listCartLines,
  markProposalsOrdered,
  repriceCartLines,
  upsertCartLine,
} from './cart.repository.js';
import { proposalState } from './proposal-state.js';
import { findDrawingRightsOf, findOffers, findOrderByKey } from './orders.repository.js';
import { findResourcesOfOffer } from './cart.repository.js';
import { inTransaction } from '../../db/transaction.js';

type Db = Kysely<Database>;

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
  const { cart } = await readCart(db, actor, establishment, today);
  return { ...cart, proposals: await listProposals(db, establishment.id, today) };
}

/** The cart as both views share it, with the rows it was read from (they name the resources). */
async function readCart(
  db: Db,
  actor: Actor,
  establishment: Awaited<ReturnType<typeof loadEstablishment>>,
  today: string,
) {
  authorizeReadCart(actor, establishment);
  const rows = await listCartLines(db, establishment.id);
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
  const cart: Omit<CartView, 'proposals'> = {
    establishment: { uai: establishment.uai, name: establishment.name },
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
    needsConfirmation: lines.some((line) => line.state !== 'ok'),
    drawingRight: drawingRightView(rights[0], today),
    can: { edit: canEditCartSafe(actor, establishment), order: canPlaceOrder(actor, establishment) },
  };
  return { cart, rows };
}

function canEditCartSafe(actor: Actor, establishment: { id: number; academyId: number }): boolean {
  try {
    authorizeEditCart(actor, establishment);
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds a line, or replaces the line of the same offer, at today's price. Open proposals of the
 * establishment that asked for this offer are in the cart from then on.
 */
export async function addCartLine(
  db: Db,
  actor: Actor,
  uai: string,
  input: { offer: number; seats: number; quantity: number },
  options: { today?: string; proposal?: number } = {},
): Promise<{ lineId: number }> {
  const today = options.today ?? todayInFrance();
  const establishment = await loadEstablishment(db, uai);
  authorizeEditCart(actor, establishment);
  const [offer] = await findOffers(db, [input.offer]);
  if (!offer || offer.valid_from > today || (offer.valid_until !== null && offer.valid_until < today)) {
    throw new AppError('CONFLICT', `L’offre n° ${input.offer} n’est pas proposée aujourd’hui.`);
  }
  const covered = seatsCovered(offer.licence_kind, offer.seats, input.quantity);
  if (input.seats > covered) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${input.quantity} licence(s) « ${offer.label} » couvrent ${covered} poste(s), pas ${input.seats}.`,
      { issues: [{ field: 'seats', message: `${covered} poste(s) au plus pour cette quantité.` }] },
    );
  }
  return inTransaction(db, async (trx) => {
    const line = await upsertCartLine(trx, {
      establishmentId: establishment.id,
      offerId: offer.id,
      seats: input.seats,
      quantity: input.quantity,
      priceCents: offer.price_cents,
      addedBy: actor.userId,
    });
    if (options.proposal !== undefined) await linkProposalToCartLine(trx, options.proposal, line.id);
    await linkOpenProposalsOfOffer(trx, {
      establishmentId: establishment.id,
      offerId: offer.id,
      cartLineId: line.id,
    });
    return { lineId: line.id };
  });
}

/**
 * Puts an open proposal in the cart as a line of the offer, seats and quantity chosen (the form
 * suggests the proposal's own); refused when it is already in the cart, ordered or declined.
 */
export async function addProposalToCart(
  db: Db,
  actor: Actor,
  uai: string,
  proposalId: number,
  input: { offer: number; seats: number; quantity: number },
  options: { today?: string } = {},
): Promise<{ lineId: number }> {
  const establishment = await loadEstablishment(db, uai);
  authorizeEditCart(actor, establishment);
  const row = await findProposalRow(db, establishment.id, proposalId);
  if (!row)
    throw new AppError('NOT_FOUND', `La proposition n° ${proposalId} n’existe pas dans cet établissement.`);
  const state = proposalState({
    declined: row.declined_at !== null,
    inCart: row.cart_line_id !== null,
    orderLineStatus: row.order_line_status,
  });
  if (state !== 'proposed') {
    throw new AppError(
      'CONFLICT',
      state === 'in-cart'
        ? 'Cette proposition est déjà dans le panier.'
        : 'Cette proposition n’est plus ouverte : elle a été commandée ou refusée.',
    );
  }
  const [offer] = await findOffers(db, [input.offer]);
  const covers = offer && (await findResourcesOfOffer(db, offer.id)).includes(row.resource_id);
  if (!covers) {
    throw new AppError('VALIDATION_FAILED', `Offre : choisissez une offre de « ${row.title} ».`, {
      issues: [{ field: 'offer', message: 'Choisissez une des offres de la ressource.' }],
    });
  }
  return addCartLine(db, actor, uai, input, { ...options, proposal: proposalId });
}

export async function removeCartLine(db: Db, actor: Actor, uai: string, lineId: number): Promise<void> {
  const establishment = await loadEstablishment(db, uai);
  authorizeEditCart(actor, establishment);
  if (!(await deleteCartLine(db, establishment.id, lineId)))
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
    const removed = await deleteWithdrawnCartLines(trx, establishment.id, today);
    const updated = await repriceCartLines(trx, establishment.id);
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'cart.prices-confirmed',
      subjectType: 'establishment',
      subjectId: establishment.uai,
      details: { updated, removed },
    });
    return { updated, removed };
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
  const existing = await findOrderByKey(db, establishment.id, idempotencyKey);
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
        // The proposals of these lines are fulfilled by the order's lines before the lines go.
        await markProposalsOrdered(trx, ids, orderId);
        await deleteCartLines(trx, ids);
        await options.onPlaced?.(trx, orderId);
      },
    },
  );
}

/** The cart as its page shows it: each line with the resources it covers, the open proposals, and
 * how far the total goes beyond what is left on the drawing right. */
export interface CartPageView extends Omit<CartView, 'lines' | 'proposals'> {
  lines: (CartView['lines'][number] & { resources: { id: number; title: string; url: string }[] })[];
  openProposals: OpenProposal[];
  /** Cents the total exceeds the remaining right by; 0 within it, null when the right is not shown. */
  shortfallCents: number | null;
}

/** The cart page: the cart with each line's resources, and the open proposals instead of the API's list. */
export async function getCartPage(
  db: Db,
  actor: Actor,
  uai: string,
  options: { today?: string } = {},
): Promise<CartPageView> {
  const today = options.today ?? todayInFrance();
  const establishment = await loadEstablishment(db, uai);
  const { cart, rows } = await readCart(db, actor, establishment, today);
  const openProposals = await listOpenProposals(db, establishment.id, today);
  return {
    ...cart,
    lines: cart.lines.map((line, index) => ({
      ...line,
      resources: rows[index]!.resources.map((resource) => ({
        id: resource.id,
        title: resource.title,
        url: `/ressources/${resource.id}`,
      })),
    })),
    openProposals,
    shortfallCents: cart.drawingRight
      ? Math.max(0, cart.totalCents - cart.drawingRight.remainingCents)
      : null,
  };
}
