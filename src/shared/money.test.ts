import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEurosToCents } from './money.js';

describe('euros typed by people → cents', () => {
  it.each([
    ['2500', 250_000],
    ['1 000,50', 100_050],
    ['1000.5', 100_050],
    ['0,07', 7],
    ['21 000 €', 2_100_000],
    ['8\u202f000\u202f000', 800_000_000],
  ])('%s → %d cents', (text, cents) => {
    expect(parseEurosToCents(text)).toBe(cents);
  });

  it('rejects three decimals with a clear message', () => {
    expect(() => parseEurosToCents('10,005')).toThrow(/plus de deux décimales/);
  });

  it.each(['-5', 'abc', '1,2,3', '', '1e5'])('rejects %j', (text) => {
    expect(() => parseEurosToCents(text)).toThrow();
  });

  it('round-trips every amount of cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (cents) => {
        const text = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
        expect(parseEurosToCents(text)).toBe(cents);
      }),
    );
  });
});
