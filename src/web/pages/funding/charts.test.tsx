import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import { formatDate, formatMoney } from '../../format.js';
import { LineChart, distinctDays, timeTicks, type Point } from './charts.js';

const chart = (points: Point[]) =>
  renderToString(
    <LineChart id="t" title="Consommation" points={points} format={formatMoney} formatDay={formatDate} />,
  );

describe('time chart', () => {
  it('says it in a sentence and a single bar, never a lone dot, with fewer than two distinct days', () => {
    expect(chart([])).toContain('Aucune commande pour le moment.');
    const one = chart([
      { day: '2026-06-12', y: 10_000 },
      { day: '2026-06-12', y: 25_000 },
    ]);
    expect(one).not.toContain('<polyline');
    expect(one).not.toContain('<circle');
    expect(one.match(/<rect/g)).toHaveLength(1);
    expect(one).toContain('Toutes les commandes datent du');
    expect(one).toContain('role="img"');
    expect(one).toContain(formatMoney(25_000));
  });

  it('draws a curve placed by date, with one tick per label', () => {
    const html = chart([
      { day: '2026-02-03', y: 1_000 },
      { day: '2026-06-20', y: 90_000 },
      { day: '2026-07-09', y: 100_000 },
    ]);
    expect(html).toContain('<svg');
    expect(html).toContain('<polyline');
    expect(html).not.toContain('<circle');
    expect(html).not.toContain('style=');
    const labels = [...html.matchAll(/text-anchor="middle"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(labels).toEqual(['mars', 'avril', 'mai', 'juin', 'juillet']);
  });

  it('keeps one point per day, in date order', () => {
    expect(
      distinctDays([
        { day: '2026-03-02', y: 5 },
        { day: '2026-03-01', y: 1 },
        { day: '2026-03-02', y: 7 },
      ]),
    ).toEqual([
      { day: '2026-03-01', y: 1 },
      { day: '2026-03-02', y: 7 },
    ]);
  });

  it('never repeats a tick, over a day, days, weeks, months or years', () => {
    const spans: [string, string][] = [
      ['2026-06-12', '2026-06-12'],
      ['2026-06-12', '2026-06-13'],
      ['2026-06-01', '2026-06-05'],
      ['2026-06-01', '2026-06-30'],
      ['2026-05-20', '2026-07-21'],
      ['2026-02-01', '2026-07-10'],
      ['2025-09-01', '2027-07-10'],
      ['2020-01-01', '2026-12-31'],
    ];
    for (const [first, last] of spans) {
      const ticks = timeTicks(first, last);
      expect(ticks.length, `${first}..${last}`).toBeGreaterThan(0);
      expect(ticks.length, `${first}..${last}`).toBeLessThanOrEqual(6);
      expect(new Set(ticks.map((t) => t.label)).size, `${first}..${last}`).toBe(ticks.length);
      expect(new Set(ticks.map((t) => t.day)).size).toBe(ticks.length);
      for (const tick of ticks) {
        expect(tick.day >= first && tick.day <= last, `${tick.day} in ${first}..${last}`).toBe(true);
      }
    }
  });

  it('labels a long span by month and year', () => {
    const ticks = timeTicks('2025-09-01', '2027-07-10');
    expect(ticks[0]).toEqual({ day: '2025-09-01', label: 'sept. 2025' });
    expect(ticks.every((t) => t.day.endsWith('-01'))).toBe(true);
    expect(timeTicks('2026-06-01', '2026-06-05').map((t) => t.label)).toEqual([
      '1 juin',
      '2 juin',
      '3 juin',
      '4 juin',
      '5 juin',
    ]);
  });
});
