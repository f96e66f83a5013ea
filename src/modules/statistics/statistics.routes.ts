// The public statistics API: GET /api/stats/orders, JSON rows or the same rows as CSV. No sign-in.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { csvEuros, toCsv } from '../../shared/csv.js';
import { errorResponses, publicAccess } from '../../shared/openapi.js';
import { orderStatsQuery, orderStatsReply } from './statistics.schema.js';
import { orderStatistics, type StatsRow } from './statistics.service.js';

/** The CSV of a statistics table: one header row, amounts in euros (cents in their own column). */
export function orderStatsCsv(head: string, rows: readonly StatsRow[]): string {
  return toCsv(
    ['Clé', head, 'Commandes', 'Lignes', 'Établissements', 'Montant (€)', 'Montant (centimes)'],
    rows.map((row) => [
      row.key,
      row.label,
      row.orders,
      row.lines,
      row.establishments,
      csvEuros(row.amount_cents),
      row.amount_cents,
    ]),
  );
}

export const statsByHeads: Readonly<Record<(typeof orderStatsReply.shape.by.options)[number], string>> = {
  academy: 'Académie',
  type: 'Type de ressource',
  level: 'Niveau',
  discipline: 'Discipline',
  producer: 'Producteur',
  month: 'Mois',
};

export function statisticsApiRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/stats/orders',
    {
      schema: {
        operationId: 'orderStats',
        tags: ['statistics'],
        summary: 'Orders by academy, type, level, discipline, producer or month',
        description:
          'Public. Live order lines (neither cancelled nor rejected) of placed orders, over whole months (French time): orders, lines, establishments and amount in cents per key. A line whose resource has several types, levels or disciplines counts under each. format=csv answers the same rows as CSV (UTF-8 with BOM, a header row, ";" separator). The whole history, one month (from=to), a calendar year (from=YYYY-01&to=YYYY-12) and a school year (from=YYYY-09&to=YYYY+1-08) are read as kept; any other range of months is summed from its months, its establishments counted once each.',
        security: publicAccess,
        querystring: orderStatsQuery,
        response: {
          200: {
            description: 'The rows (JSON, or CSV with format=csv).',
            content: {
              'application/json': { schema: orderStatsReply },
              'text/csv': { schema: z.string() },
            },
          },
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { by, from, to, format } = request.query;
      const rows = await orderStatistics(db, by, { from, to });
      if (format === 'json') return { by, from: from ?? null, to: to ?? null, rows };
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="commandes-par-${by}.csv"`)
        .serializer((payload) => payload as string)
        .send(orderStatsCsv(statsByHeads[by], rows));
    },
  );
}
