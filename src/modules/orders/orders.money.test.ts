import { describe, expect, it } from 'vitest';
import { addDays, addMonths, formatEuros, seatsCovered } from './orders.money.js';

describe('orders money and dates', () => {
  it('formats cents as French euros', () => {
    expect(formatEuros(12345)).toBe('123,45 €');
    expect(formatEuros(5)).toBe('0,05 €');
    expect(formatEuros(123456789)).toBe('1 234 567,89 €');
  });
  it('adds months, clamping the day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-22', 12)).toBe('2027-11-22');
    expect(addMonths('2026-12-15', 3)).toBe('2027-03-15');
    expect(addDays('2026-12-31', 30)).toBe('2027-01-30');
  });
  it('covers seats by licence kind', () => {
    expect(seatsCovered('single-seat', null, 3)).toBe(3);
    expect(seatsCovered('multi-seat', 30, 2)).toBe(60);
    expect(seatsCovered('establishment', null, 1)).toBe(Number.POSITIVE_INFINITY);
  });
});
