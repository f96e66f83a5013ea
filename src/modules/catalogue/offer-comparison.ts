// Which offer costs least for a given need (seats and duration)? The 2011 catalogue listed each offer
// as a separate notice; the product page compares them side by side with this rule.

export interface ComparableOffer {
  id: number;
  priceCents: number;
  tariff: 'normal' | 'adopter';
  licenceKind: 'single-seat' | 'multi-seat' | 'class' | 'establishment' | 'open';
  seats: number | null;
  durationMonths: number | null;
}

export interface Need {
  /** Pupils or teachers who need access. */
  seats: number;
  /** How long the access is needed, in months. */
  months: number;
  /** The establishment uses the paper textbook, so adopter tariffs apply. */
  adopter: boolean;
}

/** A class licence covers one class; we count a class as 35 pupils, the usual upper bound. */
export const SEATS_PER_CLASS = 35;

export interface OfferCost {
  offerId: number;
  /** Total price for the need, in cents, or null when the offer cannot serve it. */
  totalCents: number | null;
  /** How many licences and periods the total counts, for the explanation shown to the user. */
  licences: number;
  periods: number;
}

export function costForNeed(offer: ComparableOffer, need: Need): OfferCost {
  const periods = offer.durationMonths === null ? 1 : Math.ceil(need.months / offer.durationMonths);
  const licences = (() => {
    switch (offer.licenceKind) {
      case 'single-seat':
        return need.seats;
      case 'multi-seat':
        return Math.ceil(need.seats / (offer.seats ?? 1));
      case 'class':
        return Math.ceil(need.seats / SEATS_PER_CLASS);
      case 'establishment':
      case 'open':
        return 1;
    }
  })();
  const applicable = offer.tariff === 'normal' || need.adopter;
  return {
    offerId: offer.id,
    totalCents: applicable ? offer.priceCents * licences * periods : null,
    licences,
    periods,
  };
}

/** Costs of every offer for the need, and the ids of the cheapest ones (ties included). */
export function compareOffers(offers: readonly ComparableOffer[], need: Need) {
  const costs = offers.map((offer) => costForNeed(offer, need));
  const totals = costs.flatMap((cost) => (cost.totalCents === null ? [] : [cost.totalCents]));
  const lowest = totals.length > 0 ? Math.min(...totals) : null;
  const cheapest = new Set(
    costs.filter((cost) => cost.totalCents !== null && cost.totalCents === lowest).map((c) => c.offerId),
  );
  return { costs, cheapest, lowestCents: lowest };
}
