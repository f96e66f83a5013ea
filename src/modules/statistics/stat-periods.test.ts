import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calendarYearRange,
  periodChoices,
  precomputedPeriod,
  schoolYearKey,
  schoolYearRange,
  yearKey,
} from './stat-periods.js';

describe('period keys', () => {
  it('puts September to August in one school year', () => {
    expect(schoolYearKey('2025-08')).toBe('school-2024-2025');
    expect(schoolYearKey('2025-09')).toBe('school-2025-2026');
    expect(schoolYearKey('2026-01')).toBe('school-2025-2026');
    expect(schoolYearKey('2026-08')).toBe('school-2025-2026');
    expect(schoolYearKey('2026-12')).toBe('school-2026-2027');
    expect(schoolYearRange(2025)).toEqual({ from: '2025-09', to: '2026-08' });
    expect(yearKey('2026-03')).toBe('year-2026');
    expect(calendarYearRange(2026)).toEqual({ from: '2026-01', to: '2026-12' });
  });

  it('never falls inside a range of months', () => {
    for (const key of ['all', yearKey('2026-01'), schoolYearKey('2026-01')]) {
      expect(key > '9999-99').toBe(true);
    }
  });
});

describe('precomputedPeriod', () => {
  const extent = { first: '2025-01', last: '2026-12' };

  it('reads the whole history, a month, a calendar year and a school year as kept', () => {
    expect(precomputedPeriod({}, extent)).toBe('all');
    expect(precomputedPeriod({ from: '2020-01' }, extent)).toBe('all');
    expect(precomputedPeriod({ from: '2025-01', to: '2030-12' }, extent)).toBe('all');
    expect(precomputedPeriod({ from: '2026-03', to: '2026-03' }, extent)).toBe('2026-03');
    expect(precomputedPeriod({ from: '2026-01', to: '2026-12' }, extent)).toBe('year-2026');
    expect(precomputedPeriod({ from: '2025-01', to: '2025-12' }, extent)).toBe('year-2025');
    expect(precomputedPeriod({ from: '2025-09', to: '2026-08' }, extent)).toBe('school-2025-2026');
  });

  it('counts from the months any other range', () => {
    expect(precomputedPeriod({ from: '2025-03', to: '2025-10' }, extent)).toBeNull();
    expect(precomputedPeriod({ from: '2026-02', to: '2026-12' }, extent)).toBeNull();
    expect(precomputedPeriod({ from: '2025-09', to: '2026-07' }, extent)).toBeNull();
    expect(precomputedPeriod({ from: '2025-12', to: '2026-01' }, extent)).toBeNull();
    expect(precomputedPeriod({ to: '2025-06' }, extent)).toBeNull();
    expect(precomputedPeriod({ from: '2027-01' }, extent)).toBeNull(); // nothing there
  });

  it('clips the range to the months with live lines', () => {
    // Asked in December 2026: the school year 2026-2027 so far, the current calendar year.
    const now = { first: '2024-10', last: '2026-12' };
    expect(precomputedPeriod({ from: '2026-09', to: '2027-08' }, now)).toBe('school-2026-2027');
    expect(precomputedPeriod({ from: '2026-09' }, now)).toBe('school-2026-2027');
    expect(precomputedPeriod({ from: '2024-01', to: '2024-12' }, now)).toBe('year-2024');
    expect(precomputedPeriod({ from: '2024-09', to: '2025-08' }, now)).toBe('school-2024-2025');
    expect(precomputedPeriod({ to: '2024-12' }, now)).toBe('year-2024');
    expect(precomputedPeriod({ from: '2026-12', to: '2027-06' }, now)).toBe('2026-12');
    expect(precomputedPeriod({ from: '2025-01', to: '2025-06' }, now)).toBeNull();
  });

  it('with no live line anywhere, reads the whole history (empty)', () => {
    expect(precomputedPeriod({ from: '2026-01', to: '2026-03' }, null)).toBe('all');
  });

  // What "exactly" means: the key covers the same months with live lines as the range.
  it('only ever picks a key whose live months are the range’s (property)', () => {
    const month = fc
      .record({ year: fc.integer({ min: 2023, max: 2028 }), month: fc.integer({ min: 1, max: 12 }) })
      .map(({ year, month: m }) => `${year}-${String(m).padStart(2, '0')}`);
    const monthsOfKey = (key: string, all: string[]): string[] => {
      if (key === 'all') return all;
      if (key.startsWith('year-')) return all.filter((m) => yearKey(m) === key);
      if (key.startsWith('school-')) return all.filter((m) => schoolYearKey(m) === key);
      return all.filter((m) => m === key);
    };
    fc.assert(
      fc.property(
        fc.tuple(month, month),
        fc.option(month, { nil: undefined }),
        fc.option(month, { nil: undefined }),
        ([a, b], from, to) => {
          const extent = { first: a < b ? a : b, last: a < b ? b : a };
          const live: string[] = [];
          for (let y = 2023; y <= 2028; y++)
            for (let m = 1; m <= 12; m++) {
              const text = `${y}-${String(m).padStart(2, '0')}`;
              if (text >= extent.first && text <= extent.last) live.push(text);
            }
          const key = precomputedPeriod({ from, to }, extent);
          if (key === null) return;
          const inRange = live.filter((m) => (!from || m >= from) && (!to || m <= to));
          expect(monthsOfKey(key, live)).toEqual(inRange);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('periodChoices', () => {
  it('offers the whole history, then school years and calendar years with orders, newest first', () => {
    expect(periodChoices({ first: '2025-01', last: '2026-12' })).toEqual([
      { label: 'Depuis le début' },
      { label: 'Année scolaire 2026-2027', from: '2026-09', to: '2027-08' },
      { label: 'Année scolaire 2025-2026', from: '2025-09', to: '2026-08' },
      { label: 'Année scolaire 2024-2025', from: '2024-09', to: '2025-08' },
      { label: 'Année civile 2026', from: '2026-01', to: '2026-12' },
      { label: 'Année civile 2025', from: '2025-01', to: '2025-12' },
    ]);
    expect(periodChoices(null)).toEqual([{ label: 'Depuis le début' }]);
    expect(periodChoices({ first: '2015-03', last: '2026-02' }, 2).map((c) => c.label)).toEqual([
      'Depuis le début',
      'Année scolaire 2025-2026',
      'Année scolaire 2024-2025',
      'Année civile 2026',
      'Année civile 2025',
    ]);
  });

  it('offers only periods read as kept', () => {
    const extent = { first: '2023-11', last: '2026-12' };
    for (const choice of periodChoices(extent, 10))
      expect(precomputedPeriod(choice, extent), choice.label).not.toBeNull();
  });
});
