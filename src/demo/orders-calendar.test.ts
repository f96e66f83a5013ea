import { describe, expect, it } from 'vitest';
import { demoCampaignInstants } from './orders.js';

describe('the demo campaign’s calendar', () => {
  const instants = demoCampaignInstants('2026-12-05', 900);
  const days = instants.map((at) => at.toISOString().slice(0, 10));

  it('spreads the orders from February to the 10 July deadline of the last season, in order', () => {
    expect(instants).toHaveLength(900);
    expect(days[0]! >= '2026-02-01').toBe(true);
    expect(days[days.length - 1]! <= '2026-07-10').toBe(true);
    expect([...days].sort()).toEqual(days);
    const months = new Set(days.map((day) => day.slice(5, 7)));
    expect([...months].sort()).toEqual(['02', '03', '04', '05', '06', '07']);
    expect(new Set(days).size).toBeGreaterThan(100);
  });

  it('peaks in June, as in 2012', () => {
    const byMonth = new Map<string, number>();
    for (const day of days) byMonth.set(day.slice(5, 7), (byMonth.get(day.slice(5, 7)) ?? 0) + 1);
    const june = byMonth.get('06')!;
    for (const [month, count] of byMonth) if (month !== '06') expect(june, month).toBeGreaterThan(2 * count);
    expect(june / days.length).toBeGreaterThan(0.45);
  });

  it('is deterministic, and always in the past', () => {
    expect(demoCampaignInstants('2026-12-05', 900)).toEqual(instants);
    // Before 10 July the season is last year's.
    const early = demoCampaignInstants('2027-03-01', 50).map((at) => at.toISOString().slice(0, 10));
    expect(early.every((day) => day >= '2026-02-01' && day <= '2026-07-10')).toBe(true);
    const july = demoCampaignInstants('2026-07-11', 50);
    expect(july.every((at) => at.toISOString() < '2026-07-11')).toBe(true);
  });
});
