// Deciding an order, before any write: who may place it, the drawing right it spends (open campaign,
// deadline not past on the French day), its lines snapshotted from the offers valid today, its total
// and top-up checked. Pure but for the read of snapshotLines: placeOrder decides on a cached ordering
// context, and again on fresh data when the write refused.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import type { CampaignRules } from '../funding/campaign-rules.js';
import { formatEuros, seatsCovered } from './orders.money.js';
import { authorizePlaceOrder } from './orders.policy.js';
import {
  findOffers,
  type DrawingRightRow,
  type EstablishmentRow,
  type OfferRow,
  type OrderLineSnapshot,
  type OrderingContext,
} from './orders.repository.js';
import { MAX_AMOUNT_CENTS, type PlaceOrderInput } from './orders.schema.js';

type Db = Kysely<Database>;

/** Campaign rules are JSON written by the funding module (CampaignRules); only co-funding matters here. */
export function allowsCoFunding(rules: unknown): boolean {
  return (
    typeof rules === 'object' &&
    rules !== null &&
    (rules as Partial<Pick<CampaignRules, 'coFundingAllowed'>>).coFundingAllowed === true
  );
}

/**
 * The drawing right an order of this establishment spends: the establishment's own, or its pool's, in
 * the open campaign whose deadline has not passed.
 */
function pickOrderingRight(
  establishment: EstablishmentRow,
  rights: readonly DrawingRightRow[],
  today: string,
): DrawingRightRow {
  const open = rights.find((right) => right.campaignStatus === 'open' && right.status === 'active');
  if (!open) {
    if (rights.length > 0) {
      throw new AppError(
        'CAMPAIGN_CLOSED',
        `La campagne « ${rights[0]!.campaignName} » est close : elle n’accepte plus de commandes.`,
      );
    }
    throw new AppError(
      'NOT_FOUND',
      `${establishment.name} n’a pas de droit de tirage dans une campagne ouverte.`,
    );
  }
  if (open.orderingDeadline < today) {
    throw new AppError(
      'CAMPAIGN_CLOSED',
      `La date limite de commande de la campagne « ${open.campaignName} » est passée (${open.orderingDeadline}).`,
      { deadline: open.orderingDeadline },
    );
  }
  return open;
}

/** Snapshots the offers at order time, refusing unknown, not yet valid or withdrawn offers. */
export async function snapshotLines(
  db: Db,
  lines: PlaceOrderInput['lines'],
  establishment: EstablishmentRow,
  today: string,
): Promise<OrderLineSnapshot[]> {
  return snapshotOffers(
    await findOffers(
      db,
      lines.map((line) => line.offer),
    ),
    lines,
    establishment,
    today,
  );
}

function snapshotOffers(
  rows: readonly OfferRow[],
  lines: PlaceOrderInput['lines'],
  establishment: EstablishmentRow,
  today: string,
): OrderLineSnapshot[] {
  const offers = new Map(rows.map((offer) => [offer.id, offer]));
  const unavailable: number[] = [];
  const snapshots: OrderLineSnapshot[] = [];
  for (const line of lines) {
    const offer = offers.get(line.offer);
    if (!offer || offer.valid_from > today || (offer.valid_until !== null && offer.valid_until < today)) {
      unavailable.push(line.offer);
      continue;
    }
    const types = offer.eligibility.filter((code) =>
      ['ecole', 'college', 'lgt', 'lp', 'lpo', 'erea'].includes(code),
    );
    if (types.length > 0 && !types.includes(establishment.type)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `L’offre « ${offer.label} » est réservée à d’autres types d’établissement.`,
        {
          offer: offer.id,
        },
      );
    }
    const covered = seatsCovered(offer.licence_kind, offer.seats, line.quantity);
    if (line.seats > covered) {
      throw new AppError(
        'VALIDATION_FAILED',
        `L’offre « ${offer.label} » : ${line.quantity} licence(s) couvrent ${covered} poste(s), pas ${line.seats}.`,
        { offer: offer.id, seats: line.seats, covered },
      );
    }
    snapshots.push({
      offerId: offer.id,
      producerId: offer.producer_id,
      producerName: offer.producer_name,
      label: offer.label,
      unitPriceCents: offer.price_cents,
      licenceKind: offer.licence_kind,
      seats: line.seats,
      durationMonths: offer.duration_months,
      quantity: line.quantity,
      lineTotalCents: offer.price_cents * line.quantity,
      delivery: offer.delivery,
    });
  }
  if (unavailable.length > 0) {
    throw new AppError(
      'CONFLICT',
      unavailable.length === 1
        ? `L’offre n° ${unavailable[0]} n’est pas proposée aujourd’hui.`
        : `Les offres n° ${unavailable.join(', ')} ne sont pas proposées aujourd’hui.`,
      { unavailableOffers: unavailable },
    );
  }
  return snapshots;
}

/**
 * What an order would be on this context: authorized, the right it spends, its snapshot lines and
 * total. Pure: placeOrder runs it on a cached context, and again on fresh data when the write refused.
 */
export function decideOrder(actor: Actor, context: OrderingContext, input: PlaceOrderInput, today: string) {
  const { establishment } = context;
  authorizePlaceOrder(actor, establishment);
  const right = pickOrderingRight(establishment, context.rights, today);
  const lines = snapshotOffers(context.offers, input.lines, establishment, today);
  const totalCents = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
  if (totalCents > MAX_AMOUNT_CENTS) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Une commande ne peut dépasser ${formatEuros(MAX_AMOUNT_CENTS)}.`,
    );
  }
  const topUp = input.topUp;
  if (topUp && !allowsCoFunding(right.rules)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `La campagne « ${right.campaignName} » n’autorise pas le cofinancement : retirez le complément.`,
      { field: 'topUp' },
    );
  }
  if (topUp && topUp.amountCents > totalCents) {
    throw new AppError('VALIDATION_FAILED', 'Le complément ne peut pas dépasser le total de la commande.', {
      field: 'topUp.amountCents',
    });
  }
  return { establishment, right, lines, totalCents };
}

export type OrderDecision = ReturnType<typeof decideOrder>;
