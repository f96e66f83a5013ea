// Request schemas of the funding API and forms. Amounts arrive as euros (text) and leave as cents.
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { bandSchema, campaignRulesSchema } from './campaign-rules.js';
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

export const splitWeightsSchema = z
  .object({
    establishments: z.coerce.number().int().min(0).max(100),
    pupils: z.coerce.number().int().min(0).max(100),
  })
  .refine((w) => w.establishments + w.pupils === 100, 'Les poids doivent totaliser 100 %.');

export const createCampaignSchema = z.object({
  name: z.string().trim().min(3, 'Le nom compte au moins 3 caractères.').max(120),
  envelopeEuros: eurosSchema,
  academyIds: z.array(z.coerce.number().int().positive()).min(1, 'Choisissez au moins une académie.'),
  orderingDeadline: isoDate,
  remainderPolicy: z.enum(['return-to-academy', 'carry-to-next-campaign']),
  rules: z
    .object({
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

export const idSchema = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
export const uaiParamSchema = z.object({
  uai: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9]{7}[A-Z]$/, 'UAI invalide.'),
});

export const beneficiariesSchema = z.object({
  establishmentIds: z.array(idSchema).max(50_000),
});
export const modulationSchema = z.object({
  establishmentId: idSchema,
  amountEuros: eurosSchema,
  reason: z.string().trim().min(5, 'Indiquez le motif de la modulation (5 caractères au moins).').max(500),
});
export const poolSchema = z.object({
  name: z.string().trim().min(3, 'Nommez le réseau (3 caractères au moins).').max(120),
  establishmentIds: z
    .array(idSchema)
    .min(2, 'Une mutualisation réunit au moins deux établissements.')
    .max(5000),
});
export const publishSchema = z.object({ scaleToShare: z.boolean().default(false) });
export const reallocationSchema = z.object({
  targetCampaignId: idSchema,
  establishmentId: idSchema,
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
