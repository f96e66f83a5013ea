import { describe, expect, it } from 'vitest';
import {
  frenchDate,
  RENEWAL_GRACE_DAYS,
  renewalQuantity,
  renewalStartsOn,
  withinRenewalWindow,
} from './renewal-rules.js';

describe('subscription renewal rules', () => {
  it('starts the day after the old end while it runs (also on its last day), else at delivery', () => {
    expect(renewalStartsOn('2027-06-30', '2027-05-02')).toBe('2027-07-01');
    expect(renewalStartsOn('2027-06-30', '2027-06-30')).toBe('2027-07-01');
    expect(renewalStartsOn('2027-12-31', '2027-12-01')).toBe('2028-01-01');
    expect(renewalStartsOn('2027-06-30', '2027-07-01')).toBe('2027-07-01');
    expect(renewalStartsOn('2027-06-30', '2027-09-03')).toBe('2027-09-03');
  });

  it('renews until the grace period after the end, not a day more', () => {
    expect(RENEWAL_GRACE_DAYS).toBe(90);
    expect(withinRenewalWindow('2028-06-30', '2027-07-01')).toBe(true);
    expect(withinRenewalWindow('2027-07-01', '2027-09-29')).toBe(true);
    expect(withinRenewalWindow('2027-07-01', '2027-09-30')).toBe(false);
  });

  it('orders the units that cover the same seats', () => {
    const pack30 = { licenceKind: 'multi-seat', seats: 60, quantity: 2 };
    // Same offer kind and pack: same quantity.
    expect(renewalQuantity(pack30, { licenceKind: 'multi-seat', packSeats: 30 })).toBe(2);
    // Smaller packs: enough of them; single seats: one per seat; class or establishment: one.
    expect(renewalQuantity(pack30, { licenceKind: 'multi-seat', packSeats: 25 })).toBe(3);
    expect(renewalQuantity(pack30, { licenceKind: 'single-seat', packSeats: null })).toBe(60);
    expect(renewalQuantity(pack30, { licenceKind: 'class', packSeats: null })).toBe(1);
    // Three class licences stay three class licences.
    expect(
      renewalQuantity(
        { licenceKind: 'class', seats: 90, quantity: 3 },
        { licenceKind: 'class', packSeats: null },
      ),
    ).toBe(3);
    expect(
      renewalQuantity(
        { licenceKind: 'single-seat', seats: 12, quantity: 12 },
        { licenceKind: 'establishment', packSeats: null },
      ),
    ).toBe(1);
  });

  it('writes dates the French way in messages', () => {
    expect(frenchDate('2027-09-01')).toBe('1 septembre 2027');
  });
});
