import { describe, expect, it } from 'vitest';
import { defaultRules } from '../../../modules/funding/campaign-rules.js';
import { renderNationalDashboard, sampleDays } from './dashboard-pages.js';

const campaign = {
  id: 1,
  name: 'Plan 2026, phase 1',
  status: 'open' as const,
  envelopeCents: 800_000_000,
  rules: defaultRules(),
  orderingDeadline: '2027-07-10',
  remainderPolicy: 'return-to-academy' as const,
  createdAt: new Date(),
};

describe('national dashboard page', () => {
  it('shows each academy’s rate as an accessible chart, a table, and the rates over time', () => {
    const html = renderNationalDashboard({
      campaign,
      academies: [
        { key: 'amiens', label: 'Amiens', allocatedCents: 100_000, consumedCents: 9_800, rate: 0.098 },
        { key: 'lyon', label: 'Lyon', allocatedCents: 100_000, consumedCents: 72_000, rate: 0.72 },
      ],
      overTime: [
        { day: '2027-02-15', consumedCents: 9_000 },
        { day: '2027-06-27', consumedCents: 81_800 },
      ],
      overTimeByAcademy: new Map([
        ['amiens', [{ day: '2027-06-27', consumedCents: 9_800 }]],
        [
          'lyon',
          [
            { day: '2027-02-15', consumedCents: 9_000 },
            { day: '2027-06-27', consumedCents: 72_000 },
          ],
        ],
      ]),
    });
    expect(html).toContain('de 9,8 % à 72 % selon l’académie');
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<title id="par-academie-chart-title">Consommation par académie<\/title>/);
    expect(html).toContain('Taux de consommation cumulé par académie, à chaque date');
    expect(html).not.toContain('style=');
  });

  it('samples at most six dates, keeping the first and the last', () => {
    const days = Array.from({ length: 20 }, (_, i) => `2027-01-${String(i + 1).padStart(2, '0')}`);
    const sampled = sampleDays(days);
    expect(sampled).toHaveLength(6);
    expect(sampled[0]).toBe('2027-01-01');
    expect(sampled[5]).toBe('2027-01-20');
  });
});
