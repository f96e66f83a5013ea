// Renewal of a subscription by the head: a new order (placeOrder, so every drawing-right rule applies)
// for the same offer and seats, whose line records the subscription it renews in the order's own
// transaction. When the publisher delivers that line, the new subscription starts the day after the
// old one ends (fulfilment.service.ts). A subscription is renewed once: a pending or delivered
// renewal line blocks another (checked under a row lock, backed by a partial unique index).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notify.js';
import { drawingRightView, type DrawingRightView } from './drawing-right-view.js';
import { addDays, formatEuros, seatsCovered } from './orders.money.js';
import { todayInFrance } from '../../shared/clock.js';
import { authorizePlaceOrder } from './orders.policy.js';
import { licenceLabels, type PresentedOrder } from './orders.presenter.js';
import {
  findDrawingRightsOf,
  findSubscriptionOffersLike,
  type EstablishmentRow,
} from './orders.repository.js';
import {
  findActiveRenewalLines,
  findKeyedOrderLines,
  findSubscriptionOf,
  findSuccessors,
  lockSubscription,
  markOrderRenewing,
} from './subscriptions.repository.js';
import type { RenewSubscriptionInput } from './orders.schema.js';
import { getOrder, loadEstablishment } from './orders.service.js';
import { placeOrder } from './place-order.js';

type Db = Kysely<Database>;

/**
 * How long after its end a subscription may still be renewed as such (with the same offer and seats):
 * a subscription ending early in July is typically renewed at the start of the school year.
 */
export const RENEWAL_GRACE_DAYS = 90;

const ESTABLISHMENT_TYPES = ['ecole', 'college', 'lgt', 'lp', 'lpo', 'erea'];

export interface RenewalStatus {
  /** pending: the renewal order is placed, not delivered yet; renewed: the new subscription exists. */
  status: 'pending' | 'renewed';
  order: number;
  /** The new subscription, once delivered. */
  subscription: number | null;
  startsOn: string | null;
  endsOn: string | null;
}

/** Active renewals (pending or delivered lines) of these subscriptions, with their successors. */
export async function renewalsOf(
  db: Db | Transaction<Database>,
  subscriptionIds: readonly number[],
): Promise<Map<number, RenewalStatus>> {
  const renewals = new Map<number, RenewalStatus>();
  if (subscriptionIds.length === 0) return renewals;
  const [lines, successors] = await Promise.all([
    findActiveRenewalLines(db, subscriptionIds),
    findSuccessors(db, subscriptionIds),
  ]);
  for (const line of lines) {
    const successor = successors.find((row) => row.renewed_from === line.renews_subscription_id);
    renewals.set(line.renews_subscription_id!, {
      status: line.status === 'delivered' ? 'renewed' : 'pending',
      order: line.order_id,
      subscription: successor?.id ?? null,
      startsOn: successor?.starts_on ?? null,
      endsOn: successor?.ends_on ?? null,
    });
  }
  return renewals;
}

const longDates = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** '2027-09-01' → "1 septembre 2027", for messages and notifications. */
export function frenchDate(isoDate: string): string {
  return longDates.format(new Date(`${isoDate}T00:00:00Z`));
}

/** Whether a subscription may be renewed today, leaving aside renewals already placed. */
export function withinRenewalWindow(endsOn: string, today: string): boolean {
  return endsOn >= addDays(today, -RENEWAL_GRACE_DAYS);
}

/** The day the renewal would start if delivered today: no gap, no overlap with the running one. */
export function renewalStartsOn(previousEndsOn: string, deliveredOn: string): string {
  return previousEndsOn >= deliveredOn ? addDays(previousEndsOn, 1) : deliveredOn;
}

/**
 * Units of `offer` a renewal orders to cover the same seats as before. The same licence kind keeps the
 * quantity (the same number of classes, say) when it still covers the seats; otherwise the fewest
 * units that do: one per seat, one pack per N seats, one class or establishment licence.
 */
export function renewalQuantity(
  previous: { licenceKind: string; seats: number; quantity: number },
  offer: { licenceKind: string; packSeats: number | null },
): number {
  if (
    offer.licenceKind === previous.licenceKind &&
    seatsCovered(offer.licenceKind, offer.packSeats, previous.quantity) >= previous.seats
  ) {
    return previous.quantity;
  }
  if (offer.licenceKind === 'single-seat') return previous.seats;
  if (offer.licenceKind === 'multi-seat')
    return Math.ceil(previous.seats / Math.max(1, offer.packSeats ?? 1));
  return 1;
}

interface SubscriptionRow {
  id: number;
  startsOn: string;
  endsOn: string;
  order: number;
  label: string;
  offer: number;
  seats: number;
  quantity: number;
  unitPriceCents: number;
  licenceKind: string;
}

async function loadSubscription(
  db: Db,
  actor: Actor,
  uai: string,
  subscriptionId: number,
): Promise<{ establishment: EstablishmentRow; subscription: SubscriptionRow }> {
  const establishment = await loadEstablishment(db, uai);
  authorizePlaceOrder(actor, establishment);
  const row = await findSubscriptionOf(db, establishment.id, subscriptionId);
  if (!row) {
    throw new AppError(
      'NOT_FOUND',
      `L’abonnement n° ${subscriptionId} n’existe pas pour ${establishment.name}.`,
    );
  }
  return {
    establishment,
    subscription: {
      id: row.id,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      order: row.order_id,
      label: row.label,
      offer: row.offer_id,
      seats: row.seats,
      quantity: row.quantity,
      unitPriceCents: Number(row.unit_price_cents),
      licenceKind: row.licence_kind,
    },
  };
}

function alreadyRenewed(subscription: { label: string }, renewal: RenewalStatus): AppError {
  return new AppError(
    'CONFLICT',
    renewal.status === 'pending'
      ? `Un renouvellement de l’abonnement « ${subscription.label} » est déjà en cours (commande n° ${renewal.order}) : un abonnement ne se renouvelle qu’une fois.`
      : `L’abonnement « ${subscription.label} » a déjà été renouvelé (commande n° ${renewal.order}) : un abonnement ne se renouvelle qu’une fois.`,
    { order: renewal.order, renewal: renewal.status, subscription: renewal.subscription },
  );
}

/** CONFLICT unless the subscription is current or ended within the grace period, and not renewed yet. */
async function assertRenewable(db: Db, subscription: SubscriptionRow, today: string): Promise<void> {
  const renewal = (await renewalsOf(db, [subscription.id])).get(subscription.id);
  if (renewal) throw alreadyRenewed(subscription, renewal);
  if (!withinRenewalWindow(subscription.endsOn, today)) {
    throw new AppError(
      'CONFLICT',
      `L’abonnement « ${subscription.label} » s’est terminé le ${frenchDate(subscription.endsOn)}, il y a plus de ${RENEWAL_GRACE_DAYS} jours : il ne peut plus être renouvelé. Commandez la ressource à nouveau depuis le catalogue.`,
      { endsOn: subscription.endsOn, graceDays: RENEWAL_GRACE_DAYS },
    );
  }
}

export interface RenewalOffer {
  offer: number;
  label: string;
  producer: string;
  licence: { value: string; label: string };
  /** Seats of one pack, for multi-seat licences. */
  packSeats: number | null;
  durationMonths: number;
  unitPriceCents: number;
  /** What the renewal would order with this offer: units, and their total. */
  quantity: number;
  totalCents: number;
}

/**
 * Subscription offers valid today that cover a resource of `offerId` and that this establishment may
 * order (the original offer among them if it is still offered), cheapest first.
 */
async function renewalOffers(
  db: Db,
  subscription: SubscriptionRow,
  establishment: EstablishmentRow,
  today: string,
): Promise<RenewalOffer[]> {
  const rows = await findSubscriptionOffersLike(db, subscription.offer, today);
  return rows
    .filter((row) => {
      const types = row.eligibility.filter((code) => ESTABLISHMENT_TYPES.includes(code));
      return types.length === 0 || types.includes(establishment.type);
    })
    .map((row) => {
      const quantity = renewalQuantity(subscription, { licenceKind: row.licence_kind, packSeats: row.seats });
      return {
        offer: row.id,
        label: row.label,
        producer: row.producer_name,
        licence: { value: row.licence_kind, label: licenceLabels[row.licence_kind] ?? row.licence_kind },
        packSeats: row.seats,
        durationMonths: row.duration_months!,
        unitPriceCents: row.price_cents,
        quantity,
        totalCents: row.price_cents * quantity,
      };
    });
}

export interface RenewalPlan {
  establishment: { uai: string; name: string };
  subscription: {
    id: number;
    label: string;
    order: number;
    startsOn: string;
    endsOn: string;
    /** Ended before today: the renewal starts at delivery instead of continuing it. */
    ended: boolean;
    offer: number;
    seats: number;
    quantity: number;
    unitPriceCents: number;
  };
  /** The original offer today: same price, new price, or no longer offered (as a subscription). */
  originalOffer: { state: 'ok' | 'price-changed' | 'withdrawn'; currentUnitPriceCents: number | null };
  /** The offer this renewal would order: the one asked for, else the original one while offered. */
  proposal: (RenewalOffer & { seats: number }) | null;
  /** Other subscription offers of the same resource the head may choose instead. */
  alternatives: RenewalOffer[];
  /** Start of the new subscription if the publisher delivered today. */
  startsOn: string;
  drawingRight: DrawingRightView | null;
}

async function buildPlan(
  db: Db,
  establishment: EstablishmentRow,
  subscription: SubscriptionRow,
  choice: { offer?: number | undefined },
  today: string,
): Promise<RenewalPlan> {
  const offers = await renewalOffers(db, subscription, establishment, today);
  const original = offers.find((offer) => offer.offer === subscription.offer);
  let proposal: RenewalOffer | undefined = original;
  if (choice.offer !== undefined) {
    proposal = offers.find((offer) => offer.offer === choice.offer);
    if (!proposal) {
      throw new AppError(
        'VALIDATION_FAILED',
        `L’offre n° ${choice.offer} n’est pas une offre d’abonnement proposée aujourd’hui pour cette ressource.`,
        { field: 'offer', alternatives: offers.map((offer) => offer.offer) },
      );
    }
  }
  const [right] = await findDrawingRightsOf(db, establishment.id);
  return {
    establishment: { uai: establishment.uai, name: establishment.name },
    subscription: {
      id: subscription.id,
      label: subscription.label,
      order: subscription.order,
      startsOn: subscription.startsOn,
      endsOn: subscription.endsOn,
      ended: subscription.endsOn < today,
      offer: subscription.offer,
      seats: subscription.seats,
      quantity: subscription.quantity,
      unitPriceCents: subscription.unitPriceCents,
    },
    originalOffer: original
      ? {
          state: original.unitPriceCents === subscription.unitPriceCents ? 'ok' : 'price-changed',
          currentUnitPriceCents: original.unitPriceCents,
        }
      : { state: 'withdrawn', currentUnitPriceCents: null },
    proposal: proposal ? { ...proposal, seats: subscription.seats } : null,
    alternatives: offers.filter((offer) => offer.offer !== subscription.offer),
    startsOn: renewalStartsOn(subscription.endsOn, today),
    drawingRight: drawingRightView(right, today),
  };
}

/**
 * What renewing would order (the confirmation page): the offer, its price against the price paid,
 * the alternatives, the drawing right. Only the head; CONFLICT if the subscription cannot be renewed.
 */
export async function previewRenewal(
  db: Db,
  actor: Actor,
  uai: string,
  subscriptionId: number,
  choice: { offer?: number | undefined } = {},
  options: { today?: string } = {},
): Promise<RenewalPlan> {
  const today = options.today ?? todayInFrance();
  const { establishment, subscription } = await loadSubscription(db, actor, uai, subscriptionId);
  await assertRenewable(db, subscription, today);
  return buildPlan(db, establishment, subscription, choice, today);
}

function priceChanged(plan: RenewalPlan, message: string): AppError {
  return new AppError('PRICE_CHANGED', message, {
    subscription: plan.subscription.id,
    offer: plan.subscription.offer,
    withdrawn: plan.originalOffer.state === 'withdrawn',
    previousUnitPriceCents: plan.subscription.unitPriceCents,
    currentUnitPriceCents: plan.originalOffer.currentUnitPriceCents,
    proposal: plan.proposal,
    alternatives: plan.alternatives,
  });
}

export interface RenewalResult {
  order: PresentedOrder & { renews: { subscription: number; endsOn: string; startsOn: string } };
  /** false when the idempotency key had already placed this renewal: nothing new was recorded. */
  created: boolean;
}

/**
 * The head renews a subscription: one order for the same offer, seats and quantity, placed like any
 * order (campaign open, never overdrawing, optional top-up, idempotent on the key). If the offer was
 * withdrawn or repriced, PRICE_CHANGED until the head names the offer to order (the same or another
 * subscription offer of the same resource).
 */
export async function renewSubscription(
  db: Db,
  actor: Actor,
  uai: string,
  subscriptionId: number,
  input: RenewSubscriptionInput,
  idempotencyKey: string,
  options: { today?: string } = {},
): Promise<RenewalResult> {
  const today = options.today ?? todayInFrance();
  const { establishment, subscription } = await loadSubscription(db, actor, uai, subscriptionId);
  const renews = (startsOn: string) => ({
    subscription: subscription.id,
    endsOn: subscription.endsOn,
    startsOn,
  });
  // A retry of a renewal already placed returns it, even though the subscription is renewed by now.
  const keyed = await findKeyedOrderLines(db, establishment.id, idempotencyKey);
  if (keyed.length > 0) {
    if (!keyed.some((line) => line.renews_subscription_id === subscription.id)) {
      throw new AppError(
        'CONFLICT',
        'Cette clé d’idempotence a déjà servi pour une autre commande : utilisez une nouvelle clé.',
        { order: keyed[0]!.id },
      );
    }
    const order = await getOrder(db, actor, keyed[0]!.id);
    return {
      order: { ...order, renews: renews(renewalStartsOn(subscription.endsOn, today)) },
      created: false,
    };
  }

  await assertRenewable(db, subscription, today);
  const plan = await buildPlan(db, establishment, subscription, { offer: input.offer }, today);
  const proposal = plan.proposal;
  if (!proposal) {
    throw priceChanged(
      plan,
      plan.alternatives.length > 0
        ? `L’offre « ${subscription.label} » n’est plus proposée : choisissez une autre offre d’abonnement de la même ressource.`
        : `L’offre « ${subscription.label} » n’est plus proposée et aucune autre offre d’abonnement de cette ressource ne l’est aujourd’hui.`,
    );
  }
  if (input.offer === undefined && plan.originalOffer.state === 'price-changed') {
    throw priceChanged(
      plan,
      `Le prix de « ${subscription.label} » a changé : ${formatEuros(subscription.unitPriceCents)} → ${formatEuros(proposal.unitPriceCents)} l’unité. Confirmez ce prix ou choisissez une autre offre.`,
    );
  }
  if (
    input.acceptedUnitPriceCents !== undefined &&
    input.acceptedUnitPriceCents !== proposal.unitPriceCents
  ) {
    throw priceChanged(
      plan,
      `Le prix de « ${proposal.label} » est maintenant de ${formatEuros(proposal.unitPriceCents)} l’unité, et non ${formatEuros(input.acceptedUnitPriceCents)} : confirmez ce prix.`,
    );
  }

  const result = await placeOrder(
    db,
    actor,
    {
      establishment: establishment.uai,
      lines: [{ offer: proposal.offer, seats: proposal.seats, quantity: proposal.quantity }],
      ...(input.topUp ? { topUp: input.topUp } : {}),
    },
    idempotencyKey,
    {
      today,
      onPlaced: async (trx, orderId) => {
        // Concurrent renewals of this subscription queue here, whatever placeOrder locks before this
        // step; the later one then sees the first and is refused.
        await lockSubscription(trx, subscription.id);
        const renewal = (await renewalsOf(trx, [subscription.id])).get(subscription.id);
        if (renewal) throw alreadyRenewed(subscription, renewal);
        await markOrderRenewing(trx, orderId, subscription.id);
        await audit(trx, {
          actorUserId: actor.userId,
          action: 'subscription.renewal-ordered',
          subjectType: 'subscription',
          subjectId: subscription.id,
          details: {
            order: orderId,
            offer: proposal.offer,
            previousOffer: subscription.offer,
            unitPriceCents: proposal.unitPriceCents,
            previousUnitPriceCents: subscription.unitPriceCents,
          },
        });
      },
    },
  );
  return { order: { ...result.order, renews: renews(plan.startsOn) }, created: result.created };
}
