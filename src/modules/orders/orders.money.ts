// Small pure helpers of the orders module: euros in messages, calendar dates, seat coverage.
// Today's date is the clock's (src/shared/clock.ts).

/** 12345 → "123,45 €", 123456 → "1 234,56 €" (plain spaces: the text goes to API messages too). */
export function formatEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${units},${String(abs % 100).padStart(2, '0')} €`;
}

/** '2026-01-31' + 1 month → '2026-02-28': the day is clamped to the end of a shorter month. */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

export { addDays } from '../../shared/clock.js';

/**
 * How many seats `quantity` units of an offer cover. The unit price is the price of one unit of the
 * offer: one seat for a single-seat licence, one pack of `offer.seats` seats for a multi-seat licence,
 * one class, the whole establishment, or an open licence. So a line costs unit price × quantity, and
 * `seats` (the need) must be covered: seats ≤ quantity (single-seat), seats ≤ pack × quantity
 * (multi-seat); class, establishment and open licences cover any number of seats.
 */
export function seatsCovered(licenceKind: string, packSeats: number | null, quantity: number): number {
  if (licenceKind === 'single-seat') return quantity;
  if (licenceKind === 'multi-seat') return (packSeats ?? 1) * quantity;
  return Number.POSITIVE_INFINITY;
}
