// Allocation rules of a campaign (stored in campaigns.rules) and the pure function that applies them.
// 2012 rules: 500 € per école; 1,000 to 2,500 € per secondary establishment (EPLE) in 500 € steps, by
// type and pupil band. The first band matching the type and the pupil count gives the amount.
import { z } from 'zod';

export const establishmentTypes = ['ecole', 'college', 'lgt', 'lp', 'lpo', 'erea'] as const;
export type EstablishmentType = (typeof establishmentTypes)[number];
export const secondaryTypes = ['college', 'lgt', 'lp', 'lpo', 'erea'] as const;

export const establishmentTypeLabels: Record<EstablishmentType, string> = {
  ecole: 'école',
  college: 'collège',
  lgt: 'lycée général et technologique',
  lp: 'lycée professionnel',
  lpo: 'lycée polyvalent',
  erea: 'EREA',
};

export const STEP_CENTS = 50_000;

const cents = z
  .number()
  .int('Montant en centimes entiers.')
  .nonnegative('Le montant ne peut pas être négatif.');

export const bandSchema = z.strictObject({
  types: z.array(z.enum(secondaryTypes)).min(1, 'Chaque tranche vise au moins un type d’établissement.'),
  /** Inclusive upper bound of pupils; null for "and above". */
  upToPupils: z.number().int().positive().nullable(),
  amountCents: cents,
});
export type PupilBand = z.infer<typeof bandSchema>;

const euros = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
/** 150000 → "1 500 €" (messages only; pages use web/format.ts). */
function eurosText(cents: number): string {
  return `${euros.format(cents / 100)}\u00a0€`;
}

export interface BandIssue {
  /** Index of the band in the list checked. */
  index: number;
  field: 'upToPupils' | 'amountCents';
  /** French, without the band's number: the API prefixes it, the form shows it next to the field. */
  message: string;
}

/**
 * What is wrong with these bands under a minimum and a maximum: amounts in 500 € steps within
 * [min, max]; for each type, in list order (the first match wins), pupil limits strictly increasing,
 * only the last band open-ended ("et au-delà"), and amounts never decreasing (bigger gets more). A
 * later band that could never match would silently do nothing, hence the ordering checks.
 */
export function bandIssues(
  bands: readonly PupilBand[],
  limits: { secondaryMinCents: number; secondaryMaxCents: number },
): BandIssue[] {
  const issues: BandIssue[] = [];
  const add = (issue: BandIssue) => {
    if (!issues.some((known) => known.index === issue.index && known.field === issue.field))
      issues.push(issue);
  };
  bands.forEach((band, index) => {
    if (band.amountCents % STEP_CENTS !== 0) {
      add({ index, field: 'amountCents', message: 'Le montant doit être un multiple de 500 €.' });
    } else if (band.amountCents < limits.secondaryMinCents || band.amountCents > limits.secondaryMaxCents) {
      add({
        index,
        field: 'amountCents',
        message: `Le montant doit être compris entre le minimum (${eurosText(limits.secondaryMinCents)}) et le maximum (${eurosText(limits.secondaryMaxCents)}).`,
      });
    }
  });
  for (const type of secondaryTypes) {
    let previous: { index: number; band: PupilBand } | undefined;
    bands.forEach((band, index) => {
      if (!band.types.includes(type)) return;
      if (previous) {
        const limit = previous.band.upToPupils;
        if (limit === null) {
          add({
            index: previous.index,
            field: 'upToPupils',
            message: 'Seule la dernière tranche peut être sans limite (« et au-delà »).',
          });
        } else if (band.upToPupils !== null && band.upToPupils <= limit) {
          add({
            index,
            field: 'upToPupils',
            message: `Les tranches vont en croissant : indiquez plus de ${limit} élèves.`,
          });
        }
        if (band.amountCents < previous.band.amountCents) {
          add({
            index,
            field: 'amountCents',
            message: `Le montant ne peut pas être inférieur à celui de la tranche précédente (${eurosText(previous.band.amountCents)}).`,
          });
        }
      }
      previous = { index, band };
    });
  }
  return issues.sort((a, b) => a.index - b.index || (a.field === 'upToPupils' ? -1 : 1));
}

export const campaignRulesSchema = z
  .object({
    primaryAmountCents: cents.default(50_000),
    secondaryMinCents: cents.default(100_000),
    secondaryMaxCents: cents.default(250_000),
    bands: z.array(bandSchema),
    includePrivateContract: z.boolean(),
    coFundingAllowed: z.boolean(),
  })
  .superRefine((rules, ctx) => {
    let limitsValid = true;
    for (const [field, label] of [
      ['secondaryMinCents', 'Le minimum par EPLE'],
      ['secondaryMaxCents', 'Le maximum par EPLE'],
    ] as const) {
      if (rules[field] % STEP_CENTS !== 0) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${label} doit être un multiple de 500 €.` });
        limitsValid = false;
      }
    }
    if (rules.secondaryMinCents > rules.secondaryMaxCents) {
      ctx.addIssue({
        code: 'custom',
        path: ['secondaryMinCents'],
        message: 'Le minimum dépasse le maximum.',
      });
      limitsValid = false;
    }
    // Bands are measured against the limits: with wrong limits, their messages would only mislead.
    if (!limitsValid) return;
    for (const issue of bandIssues(rules.bands, rules)) {
      ctx.addIssue({
        code: 'custom',
        path: ['bands', issue.index, issue.field],
        message: `Tranche ${issue.index + 1} : ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`,
      });
    }
  });
export type CampaignRules = z.infer<typeof campaignRulesSchema>;

/** The 2012 bands: bigger and more complex establishments get more, from 1,000 € to 2,500 €. */
export const defaultBands: PupilBand[] = [
  { types: ['college', 'lp', 'erea'], upToPupils: 400, amountCents: 100_000 },
  { types: ['college', 'lp', 'erea'], upToPupils: 800, amountCents: 150_000 },
  { types: ['college', 'lp', 'erea'], upToPupils: null, amountCents: 200_000 },
  { types: ['lgt', 'lpo'], upToPupils: 800, amountCents: 150_000 },
  { types: ['lgt', 'lpo'], upToPupils: 1500, amountCents: 200_000 },
  { types: ['lgt', 'lpo'], upToPupils: null, amountCents: 250_000 },
];

export function defaultRules(overrides: Partial<CampaignRules> = {}): CampaignRules {
  return {
    primaryAmountCents: 50_000,
    secondaryMinCents: 100_000,
    secondaryMaxCents: 250_000,
    bands: defaultBands,
    includePrivateContract: true,
    coFundingAllowed: true,
    ...overrides,
  };
}

export interface CandidateEstablishment {
  id: number;
  type: EstablishmentType;
  sector: 'public' | 'private-contract';
  pupils: number;
}

export type AllocationResult =
  | { eligible: true; amountCents: number; reason: string }
  | { eligible: false; amountCents: 0; reason: string };

/** The rule amount of one establishment, with the reason shown to academy staff. */
export function allocationFor(rules: CampaignRules, establishment: CandidateEstablishment): AllocationResult {
  if (establishment.sector === 'private-contract' && !rules.includePrivateContract) {
    return {
      eligible: false,
      amountCents: 0,
      reason: 'Établissements privés sous contrat exclus par la campagne',
    };
  }
  if (establishment.type === 'ecole') {
    return { eligible: true, amountCents: rules.primaryAmountCents, reason: 'Montant par école' };
  }
  const band = rules.bands.find(
    (candidate) =>
      (candidate.types as readonly string[]).includes(establishment.type) &&
      (candidate.upToPupils === null || establishment.pupils <= candidate.upToPupils),
  );
  if (!band) {
    // No band for this type and size: the minimum applies, so no EPLE is left out by a gap in the bands.
    return {
      eligible: true,
      amountCents: rules.secondaryMinCents,
      reason: 'Aucune tranche : montant minimum',
    };
  }
  return {
    eligible: true,
    amountCents: Math.min(rules.secondaryMaxCents, Math.max(rules.secondaryMinCents, band.amountCents)),
    reason:
      band.upToPupils === null
        ? `Tranche au-delà des tranches précédentes`
        : `Tranche jusqu’à ${band.upToPupils} élèves`,
  };
}

/** Rule amounts of the selected beneficiaries, by establishment id. */
export function computeAllocations(
  rules: CampaignRules,
  establishments: readonly CandidateEstablishment[],
): Map<number, AllocationResult> {
  return new Map(
    establishments.map((establishment) => [establishment.id, allocationFor(rules, establishment)]),
  );
}
