import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { clock, dayInFrance, isCalendarDay, todayInFrance } from './clock.js';

afterEach(() => clock.reset());

describe('clock', () => {
  it('gives the date in France', () => {
    expect(todayInFrance(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
    // Kept per second, so the change of day at midnight in Paris (23:00 UTC in winter) is exact.
    expect(todayInFrance(new Date('2026-11-22T22:59:59.100Z'))).toBe('2026-11-22');
    expect(todayInFrance(new Date('2026-11-22T22:59:59.900Z'))).toBe('2026-11-22');
    expect(todayInFrance(new Date('2026-11-22T23:00:00.000Z'))).toBe('2026-11-23');
    expect(todayInFrance(new Date('2026-07-01T21:59:59.000Z'))).toBe('2026-07-01');
    expect(todayInFrance(new Date('2026-07-01T22:00:00.000Z'))).toBe('2026-07-02');
    expect(dayInFrance(new Date('2026-06-14T22:30:00Z'))).toBe('2026-06-15');
  });

  it('runs on the real time unless set', () => {
    const before = Date.now();
    const now = clock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
    expect(clock.today()).toBe(dayInFrance(new Date()));
  });

  it('stops at the instant a test sets, in France, until reset', () => {
    clock.set('2026-06-14T22:30:00Z'); // 00:30 on the 15th in Paris (summer time)
    expect(clock.now().toISOString()).toBe('2026-06-14T22:30:00.000Z');
    expect(clock.today()).toBe('2026-06-15');
    expect(todayInFrance()).toBe('2026-06-15');
    clock.set(new Date('2026-12-31T23:30:00Z')); // 00:30 on New Year's Day in Paris (winter time)
    expect(clock.today()).toBe('2027-01-01');
    clock.reset();
    expect(clock.today()).toBe(dayInFrance(new Date()));
  });

  it('hands out copies: a caller changing its Date does not move the clock', () => {
    clock.set('2026-06-14T22:30:00Z');
    clock.now().setUTCFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-06-14T22:30:00.000Z');
  });

  it('refuses what is not a date', () => {
    expect(() => clock.set('tomorrow')).toThrow(/not a date/);
  });
});

describe('isCalendarDay', () => {
  // What the proleptic Gregorian calendar of Date says: the day exists when its ISO text comes back.
  const byDate = (day: string) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  it('says what Date says of any year, month and day', () => {
    fc.assert(
      fc.property(fc.nat(9999), fc.nat(99), fc.nat(99), (year, month, date) => {
        const day = `${pad(year, 4)}-${pad(month, 2)}-${pad(date, 2)}`;
        expect(isCalendarDay(day)).toBe(byDate(day));
      }),
      { numRuns: 5000 },
    );
  });

  it('knows leap years and refuses what is not a day', () => {
    expect(['2024-02-29', '2000-02-29', '2026-04-30', '2026-12-31'].map(isCalendarDay)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-1', ' 2026-01-01'].map(
        isCalendarDay,
      ),
    ).toEqual([false, false, false, false, false, false, false]);
  });
});
