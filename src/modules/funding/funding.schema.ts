// Request schemas of the funding API and forms. Amounts arrive as euros (text) and leave as cents.
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import {
  bandIssues,
  bandSchema,
  campaignRulesSchema,
  secondaryTypes,
  type PupilBand,
} from './campaign-rules.js';
import { parseEurosToCents } from '../../shared/money.js';

/** Euros typed by a person ("1 500,50"), or a number in euros: → integer cents, 2 decimals at most. */
export const eurosSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return parseEurosToCents(String(value));
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ.')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'Date invalide.');

// Request bodies are strict: numbers are JSON numbers ("3", true or [2] are refused, never coerced) and
// unknown keys are refused. Euros are the exception by design: text as a person types it, or a number.
// Pages post text: their routes convert digits to numbers before calling the use cases.

/** An id in a JSON body. */
export const idValue = z
  .int({ error: 'Identifiant : un nombre entier est attendu.' })
  .positive('Identifiant : un nombre entier positif est attendu.')
  .max(2 ** 31 - 1, 'Identifiant inconnu.');

export const splitWeightsSchema = z
  .strictObject({
    establishments: z.int().min(0).max(100),
    pupils: z.int().min(0).max(100),
  })
  .refine((w) => w.establishments + w.pupils === 100, 'Les poids doivent totaliser 100 %.');

export const createCampaignSchema = z.strictObject({
  name: z.string().trim().min(3, 'Le nom compte au moins 3 caractères.').max(120),
  envelopeEuros: eurosSchema,
  academyIds: z
    .array(
      z
        .number({ error: 'Académie inconnue.' })
        .int('Académie inconnue.')
        .positive('Académie inconnue.')
        .max(2 ** 31 - 1, 'Académie inconnue.'),
    )
    .min(1, 'Choisissez au moins une académie.')
    .max(200, 'Trop d’académies.'),
  orderingDeadline: isoDate,
  remainderPolicy: z.enum(['return-to-academy', 'carry-to-next-campaign']),
  rules: z
    .strictObject({
      primaryAmountEuros: eurosSchema.optional(),
      secondaryMinEuros: eurosSchema.optional(),
      secondaryMaxEuros: eurosSchema.optional(),
      bands: z.array(bandSchema).optional(),
      includePrivateContract: z.boolean().default(true),
      coFundingAllowed: z.boolean().default(true),
    })
    .default({ includePrivateContract: true, coFundingAllowed: true }),
});
export type CreateCampaignInput = z.input<typeof createCampaignSchema>;

/** Participating academies of a draft campaign (API body and form). */
export const campaignAcademiesSchema = z.strictObject({ academyIds: createCampaignSchema.shape.academyIds });

// ---- The campaign form (pages): text as typed, issues keyed by the field they belong to ----

export type SecondaryType = (typeof secondaryTypes)[number];
/** Band rows the form offers per secondary type (no script to add rows: blank rows are ignored). */
export const MAX_BAND_ROWS = 5;

/** Name (and id) of a band cell in the campaign form, e.g. band-college-0-amount. */
export function bandFieldName(type: SecondaryType, row: number, part: 'upto' | 'amount'): string {
  return `band-${type}-${row}-${part}`;
}

const typed = z.string().trim().max(200, 'Texte trop long.');
const bandRowInput = z.object({ upTo: typed, amount: typed });

export const campaignFormSchema = z
  .object({
    name: typed,
    envelope: typed,
    deadline: typed,
    policy: typed,
    primary: typed,
    secondaryMin: typed,
    secondaryMax: typed,
    includePrivateContract: z.boolean(),
    coFundingAllowed: z.boolean(),
    academyIds: z.array(typed).max(200),
    /** Rows per secondary type; absent when the form sent no band at all (the 2012 bands apply). */
    bands: z.partialRecord(z.enum(secondaryTypes), z.array(bandRowInput).max(MAX_BAND_ROWS)).optional(),
  })
  .transform((form, ctx) => {
    const fail = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    const check = <S extends z.ZodType>(
      schema: S,
      value: unknown,
      field: string,
    ): z.output<S> | undefined => {
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      fail(field, result.error.issues[0]?.message ?? 'Valeur invalide.');
      return undefined;
    };
    const shape = createCampaignSchema.shape;
    check(shape.name, form.name, 'name');
    check(shape.envelopeEuros, form.envelope, 'envelope');
    check(shape.orderingDeadline, form.deadline, 'deadline');
    // Form text: ids are digits, converted here; anything else is left for the schema to refuse.
    const academyIds = check(
      shape.academyIds,
      form.academyIds.map((id) => (/^\d{1,10}$/.test(id) ? Number(id) : id)),
      'academies',
    );
    const policy = check(shape.remainderPolicy, form.policy || 'return-to-academy', 'policy');
    const primary = form.primary || '500';
    const secondaryMin = form.secondaryMin || '1000';
    const secondaryMax = form.secondaryMax || '2500';
    const primaryCents = check(eurosSchema, primary, 'primary');
    const minCents = check(eurosSchema, secondaryMin, 'secondaryMin');
    const maxCents = check(eurosSchema, secondaryMax, 'secondaryMax');

    // Band rows → bands of one type each, remembering which cells each band came from.
    let bands: PupilBand[] | undefined;
    const cells: { upToPupils: string; amountCents: string }[] = [];
    if (form.bands) {
      bands = [];
      for (const type of secondaryTypes) {
        (form.bands[type] ?? []).forEach((row, index) => {
          const upToField = bandFieldName(type, index, 'upto');
          const amountField = bandFieldName(type, index, 'amount');
          if (!row.upTo && !row.amount) return;
          let upToPupils: number | null = null;
          if (row.upTo) {
            upToPupils = /^\d{1,6}$/.test(row.upTo) ? Number(row.upTo) : 0;
            if (upToPupils <= 0) {
              fail(
                upToField,
                'Indiquez un nombre entier d’élèves (par exemple 400), ou rien pour « et au-delà ».',
              );
              return;
            }
          }
          if (!row.amount) {
            fail(amountField, 'Indiquez le montant de cette tranche.');
            return;
          }
          const amountCents = check(eurosSchema, row.amount, amountField);
          if (amountCents === undefined) return;
          bands!.push({ types: [type], upToPupils, amountCents });
          cells.push({ upToPupils: upToField, amountCents: amountField });
        });
      }
    }

    // The rules as the campaign stores them: the very checks the service runs again.
    if (primaryCents !== undefined && minCents !== undefined && maxCents !== undefined) {
      const limits = { secondaryMinCents: minCents, secondaryMaxCents: maxCents };
      const rules = campaignRulesSchema.safeParse({
        primaryAmountCents: primaryCents,
        ...limits,
        bands: [],
        includePrivateContract: form.includePrivateContract,
        coFundingAllowed: form.coFundingAllowed,
      });
      const fieldOf: Record<string, string> = {
        primaryAmountCents: 'primary',
        secondaryMinCents: 'secondaryMin',
        secondaryMaxCents: 'secondaryMax',
      };
      for (const issue of rules.error?.issues ?? [])
        fail(fieldOf[String(issue.path[0])] ?? 'rules', issue.message);
      if (rules.success && bands) {
        for (const issue of bandIssues(bands, limits)) fail(cells[issue.index]![issue.field], issue.message);
      }
    }
    if (ctx.issues.length > 0) return z.NEVER;
    return {
      name: form.name,
      envelopeEuros: form.envelope,
      academyIds: academyIds!,
      orderingDeadline: form.deadline,
      remainderPolicy: policy!,
      rules: {
        primaryAmountEuros: primary,
        secondaryMinEuros: secondaryMin,
        secondaryMaxEuros: secondaryMax,
        ...(bands ? { bands } : {}),
        includePrivateContract: form.includePrivateContract,
        coFundingAllowed: form.coFundingAllowed,
      },
    } satisfies CreateCampaignInput;
  });
export type CampaignFormInput = z.input<typeof campaignFormSchema>;

/** An id in a path (or a form field, as text): digits only, then the bounds of idValue. */
export const idSchema = z
  .string({ error: 'Identifiant : un nombre entier est attendu.' })
  .regex(/^\d{1,10}$/, 'Identifiant : un nombre entier est attendu.')
  .transform(Number)
  .pipe(idValue);
export const uaiParamSchema = z.object({
  uai: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9]{7}[A-Z]$/, 'UAI invalide.'),
});

export const beneficiariesSchema = z.strictObject({
  establishmentIds: z.array(idValue).max(50_000),
});
export const modulationSchema = z.strictObject({
  establishmentId: idValue,
  amountEuros: eurosSchema,
  reason: z.string().trim().min(5, 'Indiquez le motif de la modulation (5 caractères au moins).').max(500),
});
export const poolSchema = z.strictObject({
  name: z.string().trim().min(3, 'Nommez le réseau (3 caractères au moins).').max(120),
  establishmentIds: z
    .array(idValue)
    .min(2, 'Une mutualisation réunit au moins deux établissements.')
    .max(5000),
});
export const publishSchema = z.strictObject({ scaleToShare: z.boolean().default(false) });
export const reallocationSchema = z.strictObject({
  targetCampaignId: idValue,
  establishmentId: idValue,
  amountEuros: eurosSchema,
  reason: z.string().trim().min(5, 'Indiquez le motif de la réaffectation.').max(500),
});

export { campaignRulesSchema };

/** zod error → AppError VALIDATION_FAILED with the first message and every issue in details. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new AppError('VALIDATION_FAILED', issues[0]?.message ?? 'Données invalides.', { issues });
}
