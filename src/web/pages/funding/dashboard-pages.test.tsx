import { describe, expect, it } from 'vitest';
import { defaultRules } from '../../../modules/funding/campaign-rules.js';
import {
  academyDashboardTables,
  dashboardCsv,
  nationalDashboardTables,
  renderAcademyDashboard,
  renderNationalDashboard,
  sampleDays,
  type NationalDashboardData,
} from './dashboard-pages.js';

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

const national: NationalDashboardData = {
  campaign,
  academies: [
    {
      key: 'amiens',
      label: 'Amiens',
      shareCents: 120_000,
      allocatedCents: 100_000,
      consumedCents: 9_800,
      rate: 0.098,
    },
    {
      key: 'lyon',
      label: 'Lyon',
      shareCents: 100_000,
      allocatedCents: 100_000,
      consumedCents: 72_000,
      rate: 0.72,
    },
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
};

describe('national dashboard page', () => {
  it('shows each academy’s rate as an accessible chart, a table, and the rates over time', () => {
    const html = renderNationalDashboard(national);
    expect(html).toContain('de 9,8 % à 72 % selon l’académie');
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<title id="par-academie-chart-title">Consommation par académie<\/title>/);
    expect(html).toContain('Taux de consommation cumulé par académie, à chaque date');
    expect(html).not.toContain('style=');
    // One word per sum: the academy's dotation and the establishments' ones, defined once on the page.
    expect(html).toContain('<th scope="col">Dotation de l’académie</th>');
    expect(html).toContain('<th scope="col">Dotations d’établissement</th>');
    expect(html).toContain('est sa part de l’enveloppe nationale');
    expect(html).not.toMatch(/<th scope="col">Part/);
    // A CSV link under each of the three tables.
    for (const slug of ['par-academie', 'dans-le-temps', 'taux-dans-le-temps'])
      expect(html).toContain(`href="/financement/campagnes/1/tableau-de-bord/${slug}.csv"`);
  });

  it('writes each table as CSV: amounts in euros, rates in percent, ISO dates', () => {
    const [byAcademy, overTime, rates] = nationalDashboardTables(national);
    expect(dashboardCsv(byAcademy!)).toBe(
      '\uFEFFAcadémie;Dotation de l’académie (euros);Dotations d’établissement (euros);Consommé (euros);Taux (%)\r\n' +
        'Amiens;1200;1000;98;9,80\r\nLyon;1000;1000;720;72\r\n',
    );
    expect(dashboardCsv(overTime!)).toBe(
      '\uFEFFJour;Consommation cumulée (euros)\r\n2027-02-15;90\r\n2027-06-27;818\r\n',
    );
    expect(dashboardCsv(rates!).split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFAcadémie;2027-02-15 (%);2027-06-27 (%)',
      'Amiens;0;9,80',
      'Lyon;9;72',
    ]);
  });
});

describe('academy dashboard page', () => {
  const data = {
    campaign,
    academy: { id: 5, code: 'rennes', name: 'Rennes' },
    shareCents: 300_000,
    establishments: [
      {
        key: '0350001A',
        label: 'Collège A (0350001A)',
        allocatedCents: 150_000,
        consumedCents: 50_000,
        rate: 1 / 3,
      },
    ],
    types: [
      { key: 'college', label: 'college', allocatedCents: 150_000, consumedCents: 50_000, rate: 1 / 3 },
    ],
    overTime: [{ day: '2027-03-01', consumedCents: 50_000 }],
    remainder: { receivedCents: 100_000, movedOutCents: 0, availableCents: 100_000 },
  };

  it('gives the academy staff the plan and the remainder links, the inspection none', () => {
    const staff = renderAcademyDashboard({ ...data, canManage: true });
    expect(staff).toContain('href="/financement/campagnes/1/academies/5"');
    expect(staff).toContain('Réaffecter le reliquat');
    const inspection = renderAcademyDashboard({ ...data, canManage: false });
    expect(inspection).not.toContain('href="/financement/campagnes/1/academies/5"');
    expect(inspection).not.toContain('href="/financement/campagnes/1/academies/5#reliquat"');
    expect(inspection).not.toContain('<form');
    // The figures and the downloads stay.
    expect(inspection.replace(/[\u00a0\u202f]/g, ' ')).toContain('Dotation de l’académie : 3 000,00 €');
    for (const slug of ['par-type', 'dans-le-temps', 'par-etablissement', 'reliquat'])
      expect(inspection).toContain(`href="/financement/campagnes/1/academies/5/tableau-de-bord/${slug}.csv"`);
  });

  it('names the types in the CSV as on the page', () => {
    const [types] = academyDashboardTables(data);
    expect(dashboardCsv(types!)).toContain('collège;1500;500;33,30');
  });
});

describe('rates over time', () => {
  it('samples at most six dates, keeping the first and the last', () => {
    const days = Array.from({ length: 20 }, (_, i) => `2027-01-${String(i + 1).padStart(2, '0')}`);
    const sampled = sampleDays(days);
    expect(sampled).toHaveLength(6);
    expect(sampled[0]).toBe('2027-01-01');
    expect(sampled[5]).toBe('2027-01-20');
  });
});
