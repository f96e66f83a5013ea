import { describe, expect, it } from 'vitest';
import { allocationFor, bandIssues, campaignRulesSchema, defaultRules } from './campaign-rules.js';
import { assertCampaignTransition, canMoveCampaign } from './campaign.workflow.js';

const rules = defaultRules();

describe('2012 allocation rules', () => {
  it('gives 500 € to an école whatever its size', () => {
    expect(allocationFor(rules, { id: 1, type: 'ecole', sector: 'public', pupils: 30 }).amountCents).toBe(
      50_000,
    );
    expect(allocationFor(rules, { id: 1, type: 'ecole', sector: 'public', pupils: 900 }).amountCents).toBe(
      50_000,
    );
  });

  it.each([
    ['college', 350, 100_000],
    ['college', 401, 150_000],
    ['college', 1200, 200_000],
    ['lgt', 700, 150_000],
    ['lpo', 1500, 200_000],
    ['lgt', 2200, 250_000],
    ['lp', 300, 100_000],
    ['erea', 120, 100_000],
  ] as const)('%s with %d pupils → %d cents', (type, pupils, cents) => {
    expect(allocationFor(rules, { id: 1, type, sector: 'public', pupils }).amountCents).toBe(cents);
  });

  it('excludes private schools under contract when the campaign says so', () => {
    const excluded = allocationFor(defaultRules({ includePrivateContract: false }), {
      id: 1,
      type: 'college',
      sector: 'private-contract',
      pupils: 500,
    });
    expect(excluded).toMatchObject({ eligible: false, amountCents: 0 });
  });

  it('rejects bands outside 1,000–2,500 € or off the 500 € steps', () => {
    const bad = campaignRulesSchema.safeParse({
      ...rules,
      bands: [
        { types: ['college'], upToPupils: null, amountCents: 120_000 },
        { types: ['lgt'], upToPupils: null, amountCents: 300_000 },
      ],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message.replace(/[\u00a0\u202f]/g, ' '))).toEqual([
      'Tranche 1 : le montant doit être un multiple de 500 €.',
      'Tranche 2 : le montant doit être compris entre le minimum (1 000 €) et le maximum (2 500 €).',
    ]);
    expect(bad.error!.issues.map((i) => i.path)).toEqual([
      ['bands', 0, 'amountCents'],
      ['bands', 1, 'amountCents'],
    ]);
  });

  it('accepts the 2012 bands', () => {
    expect(bandIssues(rules.bands, rules)).toEqual([]);
    expect(campaignRulesSchema.safeParse(rules).success).toBe(true);
  });

  it('wants each type’s bands increasing: limits up, open-ended last, amounts never down', () => {
    const issues = bandIssues(
      [
        { types: ['college'], upToPupils: 400, amountCents: 150_000 },
        { types: ['lgt'], upToPupils: null, amountCents: 200_000 },
        { types: ['college'], upToPupils: 400, amountCents: 100_000 },
        { types: ['lgt'], upToPupils: 900, amountCents: 250_000 },
        { types: ['college', 'lp'], upToPupils: 900, amountCents: 200_000 },
      ],
      rules,
    );
    expect(
      issues.map(({ index, field, message }) => [index, field, message.replace(/[\u00a0\u202f]/g, ' ')]),
    ).toEqual([
      [1, 'upToPupils', 'Seule la dernière tranche peut être sans limite (« et au-delà »).'],
      [2, 'upToPupils', 'Les tranches vont en croissant : indiquez plus de 400 élèves.'],
      [2, 'amountCents', 'Le montant ne peut pas être inférieur à celui de la tranche précédente (1 500 €).'],
    ]);
  });

  it('wants the minimum and maximum in 500 € steps, the minimum under the maximum', () => {
    const messages = (overrides: object) =>
      campaignRulesSchema.safeParse({ ...rules, ...overrides }).error?.issues.map((i) => i.message) ?? [];
    expect(messages({ secondaryMinCents: 120_000 })).toEqual([
      'Le minimum par EPLE doit être un multiple de 500 €.',
    ]);
    expect(messages({ secondaryMinCents: 300_000 })).toEqual(['Le minimum dépasse le maximum.']);
  });
});

describe('campaign workflow', () => {
  it('only moves forward, one step at a time', () => {
    expect(canMoveCampaign('draft', 'open')).toBe(true);
    expect(canMoveCampaign('open', 'closed')).toBe(true);
    expect(canMoveCampaign('closed', 'settled')).toBe(true);
    expect(canMoveCampaign('draft', 'closed')).toBe(false);
    expect(canMoveCampaign('settled', 'open')).toBe(false);
    expect(() => assertCampaignTransition('closed', 'open')).toThrow(
      'Impossible de passer de l’état « clôturée » à l’état « ouverte ».',
    );
  });
});
