// Renewal of a subscription by the head: a new order (placeOrder, so every drawing-right rule applies)
// for the same offer and seats, whose line records the subscription it renews in the order's own
// transaction. When the publisher delivers that line, the new subscription starts the day after the
// old one ends (fulfilment.service.ts). A subscription is renewed once: a pending or delivered
// renewal line blocks another (checked under a row lock, backed by a partial unique index).
// The plan (offers, prices, start) is renewal-plan.ts; the pure rules are renewal-rules.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { todayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import { formatEuros } from './orders.money.js';
import type { PresentedOrder } from './orders.presenter.js';
import type { RenewSubscriptionInput } from './orders.schema.js';
import { getOrder } from './orders.service.js';
import { placeOrder } from './place-order.js';
import {
  alreadyRenewed,
  assertRenewable,
  buildPlan,
  loadSubscription,
  renewalsOf,
  type RenewalPlan,
} from './renewal-plan.js';
import { renewalStartsOn } from './renewal-rules.js';
import { findKeyedOrderLines, lockSubscription, markOrderRenewing } from './subscriptions.repository.js';

export type { RenewalOffer, RenewalPlan, RenewalStatus } from './renewal-plan.js';

type Db = Kysely<Database>;

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
