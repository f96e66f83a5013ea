// The "Comparer pour mon besoin" form of a product page: seats, months and adopter tariff, validated
// at the edge with zod. Bad input is echoed back with a French message next to its field.
import { z } from 'zod';
import type { Need } from '../../../modules/catalogue/offer-comparison.js';

export const DEFAULT_NEED: Need = { seats: 30, months: 12, adopter: false };
export const MAX_SEATS = 5000;
export const MAX_MONTHS = 60;

/** The fields as typed, to fill the form again. */
export interface NeedForm {
  eleves: string;
  mois: string;
  adoptant: boolean;
}

export type NeedField = 'eleves' | 'mois';

export type NeedParse =
  | { ok: true; need: Need; form: NeedForm }
  | { ok: false; errors: Partial<Record<NeedField, string>>; form: NeedForm };

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${label} doit être un nombre entier, sans décimale ni unité.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${label} doit être compris entre ${min} et ${max}.`);

const needSchema = z.object({
  eleves: wholeNumber('Le nombre d’élèves', 1, MAX_SEATS),
  mois: wholeNumber('La durée en mois', 1, MAX_MONTHS),
});

/** One value of a query parameter; a repeated parameter keeps its last value, as the search does. */
function single(value: unknown): string | undefined {
  const last = Array.isArray(value) ? (value as unknown[])[value.length - 1] : value;
  return typeof last === 'string' ? last.trim() : undefined;
}

export function parseNeed(raw: Record<string, unknown>): NeedParse {
  const form: NeedForm = {
    eleves: single(raw.eleves) ?? String(DEFAULT_NEED.seats),
    mois: single(raw.mois) ?? String(DEFAULT_NEED.months),
    // A checkbox is sent only when ticked, whatever its value.
    adoptant: single(raw.adoptant) !== undefined,
  };
  const parsed = needSchema.safeParse(form);
  if (!parsed.success) {
    const errors: Partial<Record<NeedField, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as NeedField;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors, form };
  }
  return {
    ok: true,
    need: { seats: parsed.data.eleves, months: parsed.data.mois, adopter: form.adoptant },
    form,
  };
}
