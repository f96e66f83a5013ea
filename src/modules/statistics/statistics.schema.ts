// The public statistics API's shapes (zod): validate the query, type the handler, make the OpenAPI.
import { z } from 'zod';

export const statsByValues = ['academy', 'type', 'level', 'discipline', 'producer', 'month'] as const;

const MONTH_OR_DAY = /^(\d{4})-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/** 'YYYY-MM' or 'YYYY-MM-DD' → its month, 'YYYY-MM'. Periods are whole months. */
const monthParam = (name: string) =>
  z
    .string({ error: `« ${name} » : indiquez un mois (AAAA-MM) ou une date (AAAA-MM-JJ).` })
    .regex(MONTH_OR_DAY, `« ${name} » : indiquez un mois (AAAA-MM) ou une date (AAAA-MM-JJ).`)
    .transform((value) => value.slice(0, 7))
    .optional()
    .describe(
      'A month (YYYY-MM) or a day (YYYY-MM-DD, which stands for its whole month), French time, inclusive.',
    );

export const orderStatsQuery = z
  .object({
    by: z.enum(statsByValues, {
      error: `« by » : choisissez parmi ${statsByValues.join(', ')}.`,
    }),
    from: monthParam('from'),
    to: monthParam('to'),
    format: z.enum(['json', 'csv'], { error: '« format » : json ou csv.' }).default('json'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'La période est vide : « from » doit précéder « to ».',
    path: ['from'],
  });

export const orderStatsRow = z.object({
  key: z.string().describe('The academy, producer or resource id, the vocabulary code, or the month.'),
  label: z.string(),
  orders: z.number().int().describe('Orders with at least one live line under this key.'),
  lines: z.number().int().describe('Live order lines: neither cancelled nor rejected.'),
  establishments: z.number().int().describe('Establishments with at least one live line under this key.'),
  amount_cents: z.number().int().describe('Sum of the live lines, in euro cents.'),
});

export const orderStatsReply = z.object({
  by: z.enum(statsByValues),
  from: z.string().nullable(),
  to: z.string().nullable(),
  rows: z.array(orderStatsRow),
});
