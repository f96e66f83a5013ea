// What the catalogue API answers, in zod: the routes declare these as their response schemas, so they
// type the handlers against the presenters (catalogue.presenter.ts) and make the OpenAPI document.
// Search parameters are validated by rawSearchSchema (search-query.ts).
import { z } from 'zod';
import type { ResourceInput } from './catalogue.types.js';
import { facetKeys } from './vocabulary.js';

const date = z.string().meta({ format: 'date' });

export const labelledValueSchema = z
  .object({
    value: z.string().describe('Stable code.'),
    label: z.string().describe('French label.'),
    uri: z.string().meta({ format: 'uri' }).optional().describe('ScoLOMfr concept URI, when there is one.'),
  })
  .meta({ id: 'LabelledValue' });

const labelledList = z.array(labelledValueSchema);

const facetCountSchema = z
  .object({
    value: z.string(),
    label: z.string(),
    count: z.int(),
    selected: z.boolean(),
    parent: z.string().optional().describe('For levels: the cycle or track.'),
  })
  .meta({ id: 'FacetCount' });

// catalogue.presenter.ts presentResultItem
const resourceSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    summary: z.string().describe('The beginning of the description.'),
    url: z.string().describe('Path of the resource page.'),
    producer: z.object({ code: z.string(), name: z.string() }),
    cost: labelledValueSchema,
    lowestPriceCents: z.int().describe('0 when free.'),
    levels: labelledList,
    disciplines: labelledList,
    types: labelledList,
    formats: labelledList,
    publishedOn: date,
  })
  .meta({ id: 'ResourceSummary' });

export const searchResultsSchema = z
  .object({
    total: z.int(),
    page: z.int(),
    pageSize: z.int(),
    items: z.array(resourceSummarySchema),
    facets: z.object(
      Object.fromEntries(facetKeys.map((key) => [key, z.array(facetCountSchema)])) as Record<
        (typeof facetKeys)[number],
        z.ZodArray<typeof facetCountSchema>
      >,
    ),
    correctedQuery: z.string().optional().describe('Set when a mistyped word was corrected.'),
    relaxations: z
      .array(
        z.object({
          remove: z.enum([...facetKeys, 'q', 'price']),
          label: z.string(),
          count: z.int(),
        }),
      )
      .optional()
      .describe('When nothing matched: what to remove, and how many results that gives.'),
  })
  .meta({ id: 'SearchResults' });

// catalogue.presenter.ts presentOffer
const offerSchema = z
  .object({
    id: z.int(),
    label: z.string(),
    priceCents: z.int(),
    tariff: labelledValueSchema,
    licence: labelledValueSchema,
    seats: z.int().nullable(),
    durationMonths: z.int().nullable().describe('null means perpetual.'),
    delivery: labelledValueSchema,
    eligibility: z
      .array(z.string())

      .describe('Establishment types or level codes the offer is reserved to; empty: everyone.'),
    validFrom: date,
    validUntil: date.nullable(),
    bundle: z.boolean(),
    covers: z.array(z.object({ identifier: z.string(), title: z.string(), url: z.string() })),
  })
  .meta({ id: 'Offer' });

// catalogue.presenter.ts presentResource
export const resourceSchema = z
  .object({
    id: z.string(),
    scolomfrIdentifier: z.object({ catalog: z.string(), entry: z.string() }),
    title: z.string(),
    description: z.string(),
    keywords: z.array(z.string()),
    url: z.string().describe('Path of the resource page.'),
    producer: z.object({
      code: z.string(),
      name: z.string(),
      kind: z.string().describe('publisher, platform, public, collaborative or teacher.'),
      website: z.string().nullable(),
    }),
    authors: z.array(z.string()),
    languages: z.array(z.string()),
    levels: labelledList,
    disciplines: labelledList,
    themes: labelledList,
    types: labelledList,
    formats: labelledList,
    devices: labelledList,
    cost: labelledValueSchema,
    licence: labelledValueSchema,
    accessibility: z.string(),
    demoUrl: z.string().nullable(),
    publishedOn: date,
    updatedOn: date,
    origin: z.enum(['publisher', 'harvested', 'teacher'] satisfies ResourceInput['origin'][]),
    source: z
      .object({ name: z.string(), recordUrl: z.string().nullable() })
      .nullable()
      .describe('For a harvested resource: the OAI-PMH source it came from and its record there.'),
    lowestPriceCents: z.int(),
    withdrawnAt: z.iso
      .datetime()
      .nullable()
      .describe('Set when the publisher withdrew it: out of search, kept for the orders that name it.'),
    offers: z.array(offerSchema),
  })
  .meta({ id: 'Resource' });

export const resourceIdParamsSchema = z.object({
  id: z.string().describe('Stable identifier (e.g. ccr-0000001) or the numeric database id.'),
});
