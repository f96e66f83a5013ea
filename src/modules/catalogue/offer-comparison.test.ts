import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEATS_PER_CLASS, compareOffers, costForNeed, type ComparableOffer } from './offer-comparison.js';

const offer = (overrides: Partial<ComparableOffer>): ComparableOffer => ({
  id: 1,
  priceCents: 1000,
  tariff: 'normal',
  licenceKind: 'single-seat',
  seats: null,
  durationMonths: 12,
  ...overrides,
});

describe('costForNeed', () => {
  it('multiplies a single-seat price by seats and subscription periods', () => {
    expect(costForNeed(offer({}), { seats: 30, months: 24, adopter: false }).totalCents).toBe(1000 * 30 * 2);
  });

  it('counts whole multi-seat packs', () => {
    const pack = offer({ licenceKind: 'multi-seat', seats: 15, priceCents: 9000, durationMonths: null });
    expect(costForNeed(pack, { seats: 31, months: 36, adopter: false }).totalCents).toBe(9000 * 3);
  });

  it('charges an establishment licence once per period whatever the seats', () => {
    const whole = offer({ licenceKind: 'establishment', priceCents: 45000, durationMonths: 12 });
    expect(costForNeed(whole, { seats: 900, months: 12, adopter: false }).totalCents).toBe(45000);
  });

  it('counts classes of the documented size', () => {
    const classLicence = offer({ licenceKind: 'class', priceCents: 5000 });
    expect(
      costForNeed(classLicence, { seats: SEATS_PER_CLASS + 1, months: 12, adopter: false }).totalCents,
    ).toBe(10000);
  });

  it('only applies adopter tariffs to adopters', () => {
    const adopter = offer({ tariff: 'adopter' });
    expect(costForNeed(adopter, { seats: 1, months: 12, adopter: false }).totalCents).toBeNull();
    expect(costForNeed(adopter, { seats: 1, months: 12, adopter: true }).totalCents).toBe(1000);
  });
});

describe('compareOffers', () => {
  it('picks the establishment licence for a large need and seats for a small one', () => {
    const offers = [
      offer({ id: 1, priceCents: 990 }),
      offer({ id: 2, licenceKind: 'establishment', priceCents: 25000 }),
    ];
    expect([...compareOffers(offers, { seats: 5, months: 12, adopter: false }).cheapest]).toEqual([1]);
    expect([...compareOffers(offers, { seats: 200, months: 12, adopter: false }).cheapest]).toEqual([2]);
  });

  it('the cheapest offer never costs more than any applicable offer', () => {
    const arbitraryOffer = fc.record({
      id: fc.nat(),
      priceCents: fc.integer({ min: 0, max: 100_000 }),
      tariff: fc.constantFrom('normal' as const, 'adopter' as const),
      licenceKind: fc.constantFrom(
        'single-seat' as const,
        'multi-seat' as const,
        'class' as const,
        'establishment' as const,
        'open' as const,
      ),
      seats: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }),
      durationMonths: fc.option(fc.integer({ min: 1, max: 48 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(arbitraryOffer, { minLength: 1, maxLength: 8 }),
        fc.record({
          seats: fc.integer({ min: 1, max: 2000 }),
          months: fc.integer({ min: 1, max: 60 }),
          adopter: fc.boolean(),
        }),
        (offers, need) => {
          const { costs, lowestCents } = compareOffers(offers, need);
          for (const cost of costs) {
            if (cost.totalCents !== null) expect(lowestCents).not.toBeNull();
            if (cost.totalCents !== null) expect(lowestCents!).toBeLessThanOrEqual(cost.totalCents);
            if (cost.totalCents !== null) expect(Number.isInteger(cost.totalCents)).toBe(true);
          }
        },
      ),
    );
  });
});
