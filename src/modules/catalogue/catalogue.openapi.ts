// The catalogue's part of the OpenAPI document (assembled by src/openapi.ts): search and one resource.
// Search parameters are keyed by the validator's own shape, so TypeScript refuses a parameter the
// validator reads but the document forgets; their types come from the validator's constants (the raw
// schema itself only says "a string, or a repeated one", which is all a query string is).
import {
  errors,
  jsonResponse,
  publicAccess,
  schemaRef,
  type OpenApiPart,
  type ParameterObject,
  type SchemaObject,
} from '../../shared/openapi.js';
import type { rawSearchSchema } from './search-query.js';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MAX_QUERY_LENGTH,
  MAX_RESULT_WINDOW,
  MAX_VALUES_PER_FACET,
  sortOrders,
} from './search-query.js';
import { facetKeys, facetLabels, type FacetKey } from './vocabulary.js';

type SearchParameterName = keyof typeof rawSearchSchema.shape;

function query(name: string, schema: SchemaObject, description?: string): ParameterObject {
  return { name, in: 'query', ...(description ? { description } : {}), schema };
}

const facetParameters = Object.fromEntries(
  facetKeys.map((key) => [
    key,
    {
      ...query(
        key,
        { type: 'array', items: { type: 'string' }, maxItems: MAX_VALUES_PER_FACET },
        `${facetLabels[key]}: a stable code (or ScoLOMfr concept URI). Repeat the parameter for OR within the facet; facets combine with AND.`,
      ),
      style: 'form',
      explode: true,
    } satisfies ParameterObject,
  ]),
) as Record<FacetKey, ParameterObject>;

const searchParameters: Record<SearchParameterName, ParameterObject> = {
  q: query(
    'q',
    { type: 'string', maxLength: MAX_QUERY_LENGTH },
    'Free text, French, accents and case ignored; the last word is matched as a prefix.',
  ),
  ...facetParameters,
  priceMin: query('priceMin', { type: 'integer', minimum: 0 }, 'Lowest price, whole euros.'),
  priceMax: query('priceMax', { type: 'integer', minimum: 0 }, 'Highest lowest-offer price, whole euros.'),
  sort: query('sort', { type: 'string', enum: [...sortOrders], default: 'relevance' }),
  page: query(
    'page',
    { type: 'integer', minimum: 1, default: 1 },
    `Page number; only the first ${MAX_RESULT_WINDOW} results can be paged through.`,
  ),
  pageSize: query('pageSize', {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
  }),
};

const labelledValue: SchemaObject = {
  type: 'object',
  required: ['value', 'label'],
  additionalProperties: false,
  properties: {
    value: { type: 'string', description: 'Stable code.' },
    label: { type: 'string', description: 'French label.' },
    uri: { type: 'string', format: 'uri', description: 'ScoLOMfr concept URI, when there is one.' },
  },
};

const labelledList = { type: 'array', items: schemaRef('LabelledValue') };

const producerSummary: SchemaObject = {
  type: 'object',
  required: ['code', 'name'],
  additionalProperties: false,
  properties: { code: { type: 'string' }, name: { type: 'string' } },
};

export const catalogueOpenApi: OpenApiPart = {
  tag: { name: 'catalogue', description: 'Search the catalogue and read a resource with all its offers.' },
  paths: {
    '/api/resources': {
      get: {
        operationId: 'searchResources',
        tags: ['catalogue'],
        summary: 'Search the catalogue',
        description:
          'One page of results and, for every facet, the counts over the whole result set (for a selected facet: the counts without its own selection, so alternatives stay visible).',
        security: publicAccess,
        parameters: Object.values(searchParameters),
        responses: {
          '200': jsonResponse('One page of results with facet counts.', schemaRef('SearchResults')),
          ...errors(400),
        },
      },
    },
    '/api/resources/{id}': {
      get: {
        operationId: 'getResource',
        tags: ['catalogue'],
        summary: 'One resource with all its offers',
        security: publicAccess,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'Stable identifier (e.g. ccr-0000001) or the numeric database id.',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': jsonResponse('The whole notice with every offer covering it.', schemaRef('Resource')),
          ...errors(404),
        },
      },
    },
  },
  schemas: {
    LabelledValue: labelledValue,
    FacetCount: {
      type: 'object',
      required: ['value', 'label', 'count', 'selected'],
      additionalProperties: false,
      properties: {
        value: { type: 'string' },
        label: { type: 'string' },
        count: { type: 'integer' },
        selected: { type: 'boolean' },
        parent: { type: 'string', description: 'For levels: the cycle or track.' },
      },
    },
    SearchResults: {
      type: 'object',
      required: ['total', 'page', 'pageSize', 'items', 'facets'],
      additionalProperties: false,
      properties: {
        total: { type: 'integer' },
        page: { type: 'integer' },
        pageSize: { type: 'integer' },
        items: { type: 'array', items: schemaRef('ResourceSummary') },
        facets: {
          type: 'object',
          required: [...facetKeys],
          additionalProperties: false,
          properties: Object.fromEntries(
            facetKeys.map((key) => [key, { type: 'array', items: schemaRef('FacetCount') }]),
          ),
        },
        correctedQuery: { type: 'string', description: 'Set when a mistyped word was corrected.' },
        relaxations: {
          type: 'array',
          description: 'When nothing matched: what to remove, and how many results that gives.',
          items: {
            type: 'object',
            required: ['remove', 'label', 'count'],
            additionalProperties: false,
            properties: {
              remove: { type: 'string', enum: [...facetKeys, 'q', 'price'] },
              label: { type: 'string' },
              count: { type: 'integer' },
            },
          },
        },
      },
    },
    // catalogue.presenter.ts presentResultItem
    ResourceSummary: {
      type: 'object',
      required: ['id', 'title', 'summary', 'url', 'producer', 'cost', 'lowestPriceCents', 'publishedOn'],
      additionalProperties: false,
      properties: {
        id: { type: 'string' },
        title: { type: 'string' },
        summary: { type: 'string', description: 'The beginning of the description.' },
        url: { type: 'string', description: 'Path of the resource page.' },
        producer: producerSummary,
        cost: schemaRef('LabelledValue'),
        lowestPriceCents: { type: 'integer', description: '0 when free.' },
        levels: labelledList,
        disciplines: labelledList,
        types: labelledList,
        formats: labelledList,
        publishedOn: { type: 'string', format: 'date' },
      },
    },
    // catalogue.presenter.ts presentOffer
    Offer: {
      type: 'object',
      required: ['id', 'label', 'priceCents', 'tariff', 'licence', 'delivery', 'bundle', 'covers'],
      additionalProperties: false,
      properties: {
        id: { type: 'integer' },
        label: { type: 'string' },
        priceCents: { type: 'integer' },
        tariff: schemaRef('LabelledValue'),
        licence: schemaRef('LabelledValue'),
        seats: { type: 'integer', nullable: true },
        durationMonths: { type: 'integer', nullable: true, description: 'null means perpetual.' },
        delivery: schemaRef('LabelledValue'),
        eligibility: {
          type: 'array',
          items: { type: 'string' },
          description: 'Establishment types or level codes the offer is reserved to; empty: everyone.',
        },
        validFrom: { type: 'string', format: 'date' },
        validUntil: { type: 'string', format: 'date', nullable: true },
        bundle: { type: 'boolean' },
        covers: {
          type: 'array',
          items: {
            type: 'object',
            required: ['identifier', 'title', 'url'],
            additionalProperties: false,
            properties: {
              identifier: { type: 'string' },
              title: { type: 'string' },
              url: { type: 'string' },
            },
          },
        },
      },
    },
    // catalogue.presenter.ts presentResource
    Resource: {
      type: 'object',
      required: ['id', 'title', 'description', 'url', 'producer', 'cost', 'licence', 'offers'],
      additionalProperties: false,
      properties: {
        id: { type: 'string' },
        scolomfrIdentifier: {
          type: 'object',
          additionalProperties: false,
          properties: { catalog: { type: 'string' }, entry: { type: 'string' } },
        },
        title: { type: 'string' },
        description: { type: 'string' },
        keywords: { type: 'array', items: { type: 'string' } },
        url: { type: 'string', description: 'Path of the resource page.' },
        producer: {
          type: 'object',
          required: ['code', 'name', 'kind'],
          additionalProperties: false,
          properties: {
            code: { type: 'string' },
            name: { type: 'string' },
            kind: { type: 'string', description: 'publisher, platform, public, collaborative or teacher.' },
            website: { type: 'string', nullable: true },
          },
        },
        authors: { type: 'array', items: { type: 'string' } },
        languages: { type: 'array', items: { type: 'string' } },
        levels: labelledList,
        disciplines: labelledList,
        themes: labelledList,
        types: labelledList,
        formats: labelledList,
        devices: labelledList,
        cost: schemaRef('LabelledValue'),
        licence: schemaRef('LabelledValue'),
        accessibility: { type: 'string' },
        demoUrl: { type: 'string', nullable: true },
        publishedOn: { type: 'string', format: 'date' },
        updatedOn: { type: 'string', format: 'date' },
        origin: { type: 'string', enum: ['publisher', 'harvested', 'teacher'] },
        lowestPriceCents: { type: 'integer' },
        offers: { type: 'array', items: schemaRef('Offer') },
      },
    },
  },
};
