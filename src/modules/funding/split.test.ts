import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitToShare, largestRemainderSplit, splitEnvelope } from './split.js';

const weightsArb = fc
  .array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 40 })
  .filter((w) => w.some((x) => x > 0n));

describe('largest-remainder split', () => {
  it('adds up exactly to the total, never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), weightsArb, (total, weights) => {
        const shares = largestRemainderSplit(total, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(shares.every((s) => s >= 0 && Number.isInteger(s))).toBe(true);
      }),
    );
  });

  it('is monotonic: a bigger weight never gets a smaller share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), weightsArb, (total, weights) => {
        const shares = largestRemainderSplit(total, weights);
        for (let i = 0; i < weights.length; i++) {
          for (let j = 0; j < weights.length; j++) {
            if (weights[i]! > weights[j]!) expect(shares[i]!).toBeGreaterThanOrEqual(shares[j]!);
          }
        }
      }),
    );
  });

  it('stays within one cent of the exact quota', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), weightsArb, (total, weights) => {
        const sum = weights.reduce((a, b) => a + b, 0n);
        largestRemainderSplit(total, weights).forEach((share, i) => {
          const exact = (total * Number(weights[i]!)) / Number(sum);
          expect(Math.abs(share - exact)).toBeLessThan(1 + 1e-6);
        });
      }),
    );
  });

  it('breaks ties in input order', () => {
    expect(largestRemainderSplit(100, [1n, 1n, 1n])).toEqual([34, 33, 33]);
  });
});

describe('national envelope → academies', () => {
  const academies = [
    { academyId: 1, code: 'b', name: 'B', establishments: 300, pupils: 90_000 },
    { academyId: 2, code: 'a', name: 'A', establishments: 100, pupils: 10_000 },
    { academyId: 3, code: 'c', name: 'C', establishments: 0, pupils: 0 },
  ];

  it('applies the 50/50 formula and explains it', () => {
    const shares = splitEnvelope(800_000_000, academies, { establishments: 50, pupils: 50 });
    expect(shares.map((s) => s.code)).toEqual(['a', 'b', 'c']);
    // A: 50 % × 25 % + 50 % × 10 % = 17.5 % of 8 M€.
    expect(shares[0]!.shareCents).toBe(140_000_000);
    expect(shares[1]!.shareCents).toBe(660_000_000);
    expect(shares[2]!.shareCents).toBe(0);
    expect(shares[0]!.explanation).toContain('25,00 % des établissements');
  });

  it('adds up to the envelope for any counts and weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.array(
          fc.record({
            establishments: fc.integer({ min: 1, max: 5000 }),
            pupils: fc.integer({ min: 0, max: 2_000_000 }),
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.integer({ min: 0, max: 100 }),
        (envelope, counts, wE) => {
          const shares = splitEnvelope(
            envelope,
            counts.map((c, i) => ({ academyId: i, code: String(i).padStart(2, '0'), name: '', ...c })),
            { establishments: wE, pupils: 100 - wE },
          );
          expect(shares.reduce((a, s) => a + s.shareCents, 0)).toBe(envelope);
        },
      ),
    );
  });
});

describe('academy share → establishments', () => {
  it('keeps rule amounts that fit, scales exactly those that do not', () => {
    expect(fitToShare([50_000, 100_000], 200_000)).toEqual([50_000, 100_000]);
    const scaled = fitToShare([50_000, 100_000, 250_000], 300_001);
    expect(scaled.reduce((a, b) => a + b, 0)).toBe(300_001);
  });

  it('scaled amounts always add up to the share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (amounts, share) => {
          const fitted = fitToShare(amounts, share);
          const total = amounts.reduce((a, b) => a + b, 0);
          expect(fitted.reduce((a, b) => a + b, 0)).toBe(Math.min(total, share));
        },
      ),
    );
  });
});
