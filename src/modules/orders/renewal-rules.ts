// The rules of renewing a subscription, pure: how long after its end it may be renewed, the day the
// renewal starts (no gap, no overlap), the units it orders, and French dates for its messages.
import { addDays, seatsCovered } from './orders.money.js';

/**
 * How long after its end a subscription may still be renewed as such (with the same offer and seats):
 * a subscription ending early in July is typically renewed at the start of the school year.
 */
export const RENEWAL_GRACE_DAYS = 90;

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
