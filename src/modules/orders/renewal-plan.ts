// What renewing a subscription would order (renewal.service.ts uses it to preview and to renew): the
// subscription as it was ordered, whether it may be renewed today, and the subscription offers of the
// same resource with the units and total each would order.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { drawingRightView, type DrawingRightView } from './drawing-right-view.js';
import { authorizePlaceOrder } from './orders.policy.js';
import { licenceLabels, presentResources, type PresentedResource } from './orders.presenter.js';
import {
  findDrawingRightsOf,
  findSubscriptionOffersLike,
  type EstablishmentRow,
} from './orders.repository.js';
import { loadEstablishment } from './orders.service.js';
import {
  frenchDate,
  RENEWAL_GRACE_DAYS,
  renewalQuantity,
  renewalStartsOn,
  withinRenewalWindow,
} from './renewal-rules.js';
import { findActiveRenewalLines, findSubscriptionOf, findSuccessors } from './subscriptions.repository.js';

type Db = Kysely<Database>;

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

export interface SubscriptionRow {
  id: number;
  startsOn: string;
  endsOn: string;
  order: number;
  label: string;
  /** The resources of the offer subscribed to, named before it. */
  resources: PresentedResource[];
  offer: number;
  seats: number;
  quantity: number;
  unitPriceCents: number;
  licenceKind: string;
}

export async function loadSubscription(
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
      resources: presentResources(row.resources),
      offer: row.offer_id,
      seats: row.seats,
      quantity: row.quantity,
      unitPriceCents: Number(row.unit_price_cents),
      licenceKind: row.licence_kind,
    },
  };
}

export function alreadyRenewed(subscription: { label: string }, renewal: RenewalStatus): AppError {
  return new AppError(
    'CONFLICT',
    renewal.status === 'pending'
      ? `Un renouvellement de l’abonnement « ${subscription.label} » est déjà en cours (commande n° ${renewal.order}) : un abonnement ne se renouvelle qu’une fois.`
      : `L’abonnement « ${subscription.label} » a déjà été renouvelé (commande n° ${renewal.order}) : un abonnement ne se renouvelle qu’une fois.`,
    { order: renewal.order, renewal: renewal.status, subscription: renewal.subscription },
  );
}

/** CONFLICT unless the subscription is current or ended within the grace period, and not renewed yet. */
export async function assertRenewable(db: Db, subscription: SubscriptionRow, today: string): Promise<void> {
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
    resources: PresentedResource[];
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

export async function buildPlan(
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
      resources: subscription.resources,
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
