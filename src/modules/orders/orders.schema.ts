// Request schemas of the orders module (zod), and the one helper that turns a zod failure into a
// VALIDATION_FAILED AppError with a French message naming the field.
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { ValidationErrorFormat } from '../../shared/openapi.js';

export const UAI_PATTERN = /^[0-9]{7}[A-Z]$/;
export const MAX_LINES = 50;
/** One order cannot exceed 10 M€: far above any drawing right, well inside a safe integer. */
export const MAX_AMOUNT_CENTS = 1_000_000_000;

const uai = z.string().trim().toUpperCase().regex(UAI_PATTERN, 'UAI invalide (7 chiffres et une lettre).');
/** A JSON number: "3", true or [2] are refused, never coerced (a client sending them has a bug). */
const positiveInt = (max: number, label: string) =>
  z
    .number({ error: `${label} : un nombre entier est attendu.` })
    .int(`${label} : un nombre entier est attendu.`)
    .min(1, `${label} : au moins 1.`)
    .max(max, `${label} : au plus ${max}.`);
/** A number in a path or query string: digits only ("12"), then the same bounds; a list is refused. */
const positiveIntText = (max: number, label: string) =>
  z
    .string({ error: `${label} : un nombre entier est attendu.` })
    .regex(/^\d{1,15}$/, `${label} : un nombre entier est attendu.`)
    .transform(Number)
    .pipe(positiveInt(max, label));

export const funders = ['establishment', 'local-authority', 'academy'] as const;
export type Funder = (typeof funders)[number];
export const funderLabels: Record<Funder, string> = {
  establishment: 'budget de l’établissement',
  'local-authority': 'collectivité territoriale',
  academy: 'académie',
};

export const orderLineSchema = z.strictObject({
  offer: positiveInt(2_147_483_647, 'Offre'),
  seats: positiveInt(100_000, 'Nombre de postes'),
  quantity: positiveInt(10_000, 'Quantité'),
});
export type OrderLineInput = z.infer<typeof orderLineSchema>;

export const topUpSchema = z
  .strictObject({
    funder: z.enum(funders, { error: 'Financeur : établissement, collectivité ou académie.' }),
    amountCents: positiveInt(MAX_AMOUNT_CENTS, 'Montant du complément (centimes)'),
    reference: z
      .string({ error: 'Référence du complément : texte attendu.' })
      .trim()
      .min(1, 'Référence du complément : obligatoire.')
      .max(100, 'Référence du complément : 100 caractères au plus.'),
  })
  // No component id: a ref wrapped for optionality reads as a one-member allOf (redocly warns).
  .describe('Money from another funder, added to the drawing right for this order only.');
export type TopUpInput = z.infer<typeof topUpSchema>;

export const placeOrderSchema = z.strictObject({
  establishment: uai,
  lines: z
    .array(orderLineSchema, { error: 'Lignes : une liste est attendue.' })
    .min(1, 'La commande doit contenir au moins une ligne.')
    .max(MAX_LINES, `La commande contient au plus ${MAX_LINES} lignes.`)
    .refine((lines) => new Set(lines.map((line) => line.offer)).size === lines.length, {
      message: 'Une même offre apparaît sur deux lignes : regroupez-les.',
    }),
  topUp: topUpSchema.optional(),
});
export type PlaceOrderInput = z.infer<typeof placeOrderSchema>;

/**
 * Renewal of a subscription. Without `offer`, the same offer at the price paid last time; naming an
 * offer (the same one or another subscription offer of the same resource) accepts its current price,
 * and `acceptedUnitPriceCents` (what the head was shown) guards against a price changed meanwhile.
 */
export const renewSubscriptionSchema = z.strictObject({
  offer: positiveInt(2_147_483_647, 'Offre').optional(),
  acceptedUnitPriceCents: z
    .number({ error: 'Prix accepté (centimes) : un nombre entier est attendu.' })
    .int('Prix accepté (centimes) : un nombre entier est attendu.')
    .min(0, 'Prix accepté (centimes) : positif ou nul.')
    .max(MAX_AMOUNT_CENTS, `Prix accepté (centimes) : au plus ${MAX_AMOUNT_CENTS}.`)
    .optional(),
  topUp: topUpSchema.optional(),
});
export type RenewSubscriptionInput = z.infer<typeof renewSubscriptionSchema>;

export const subscriptionParamSchema = z.object({
  uai,
  id: positiveIntText(2_147_483_647, 'Abonnement'),
});

export const idempotencyKeySchema = z
  .string({ error: 'En-tête Idempotency-Key obligatoire.' })
  .trim()
  .min(1, 'En-tête Idempotency-Key obligatoire.')
  .max(100, 'En-tête Idempotency-Key : 100 caractères au plus.')
  .regex(/^[\x21-\x7e]+$/, 'En-tête Idempotency-Key : caractères ASCII visibles uniquement.')
  .describe(
    'Chosen by the client, one per order it means to place (per establishment). Sending the same request again with the same key returns the same order, recorded once.',
  );

export const listOrdersQuerySchema = z.object({ establishment: uai });
export const uaiParamSchema = z.object({ uai });
export const idParamSchema = z.object({ id: positiveIntText(2_147_483_647, 'Identifiant') });
export const lineParamSchema = z.object({
  id: positiveIntText(2_147_483_647, 'Identifiant'),
  lineId: positiveIntText(2_147_483_647, 'Ligne'),
});

export const deliverLineSchema = z
  .strictObject({
    licenceKey: z.string().trim().max(200, 'Clé de licence : 200 caractères au plus.').optional(),
    accessUrl: z
      .string()
      .trim()
      .max(500, 'Adresse d’accès : 500 caractères au plus.')
      .refine((url) => url === '' || /^https?:\/\/[^\s]+$/i.test(url), {
        message: 'Adresse d’accès : une adresse http(s) est attendue.',
      })
      .optional(),
    shipmentNumber: z.string().trim().max(100, 'Numéro d’envoi : 100 caractères au plus.').optional(),
  })
  .transform((value) => ({
    licenceKey: value.licenceKey || undefined,
    accessUrl: value.accessUrl || undefined,
    shipmentNumber: value.shipmentNumber || undefined,
  }));
export type DeliverLineInput = z.infer<typeof deliverLineSchema>;

export const rejectLineSchema = z.strictObject({
  reason: z
    .string({ error: 'Motif du refus : obligatoire.' })
    .trim()
    .min(3, 'Motif du refus : obligatoire (3 caractères au moins).')
    .max(500, 'Motif du refus : 500 caractères au plus.'),
});

export const proposalSchema = z.strictObject({
  resource: positiveInt(2_147_483_647, 'Ressource'),
  /** One of the resource's paid offers valid today; optional for clients written before offers. */
  offer: positiveInt(2_147_483_647, 'Offre').optional(),
  seats: positiveInt(100_000, 'Nombre de postes').optional(),
  note: z.string().trim().max(500, 'Note : 500 caractères au plus.').optional(),
});
export type ProposalInput = z.infer<typeof proposalSchema>;

export const proposalParamSchema = z.object({
  uai,
  id: positiveIntText(2_147_483_647, 'Proposition'),
});

export const declineProposalSchema = z.strictObject({
  reason: z
    .string({ error: 'Motif : obligatoire.' })
    .trim()
    .min(3, 'Motif : obligatoire (3 caractères au moins).')
    .max(500, 'Motif : 500 caractères au plus.'),
});

export const cartLineSchema = z.strictObject({
  offer: positiveInt(2_147_483_647, 'Offre'),
  seats: positiveInt(100_000, 'Nombre de postes'),
  quantity: positiveInt(10_000, 'Quantité'),
});

/**
 * A zod failure of this module → VALIDATION_FAILED with the first problem as the message and all of
 * them in details.issues ({field, message}); an unknown field is named in French. Route validation
 * (orders.routes.ts) and parseInput share it.
 */
export const ordersValidationError: ValidationErrorFormat = (error) => {
  const issues = error.issues.map((issue) => ({
    field: issue.path.join('.'),
    message: issue.code === 'unrecognized_keys' ? `Champ inconnu : ${issue.keys.join(', ')}.` : issue.message,
  }));
  return new AppError('VALIDATION_FAILED', issues[0]!.message, { issues });
};

/** Parses or throws VALIDATION_FAILED (ordersValidationError); no input is an empty object. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw ordersValidationError(parsed.error, 'body');
}
