// The OpenAPI 3 document of the JSON API, served at /api/openapi.json. Parameter lists come from the
// same constants the validator uses, so the document cannot drift from what the API accepts.
import { MAX_PAGE_SIZE, MAX_QUERY_LENGTH, sortOrders } from './search-query.js';
import { facetKeys, facetLabels } from './vocabulary.js';

const labelledValue = {
  type: 'object',
  required: ['value', 'label'],
  properties: {
    value: { type: 'string' },
    label: { type: 'string' },
    uri: { type: 'string', format: 'uri' },
  },
};

const error = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', example: 'VALIDATION_FAILED' },
        message: { type: 'string', description: 'A message a person understands, in French.' },
        details: {},
      },
    },
  },
};

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

const facetParameters = facetKeys.map((key) => ({
  name: key,
  in: 'query',
  description: `${facetLabels[key]}: a stable code (or ScoLOMfr concept URI). Repeat the parameter for OR within the facet; facets combine with AND.`,
  schema: { type: 'array', items: { type: 'string' } },
  style: 'form',
  explode: true,
}));

export const openApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'Catalogue chèque ressources API',
    version: '1.0.0',
    description:
      'The national catalogue of digital educational resources: search with facets, each resource with all its offers, sign-in, drawing rights and orders. Money is in integer cents.',
  },
  paths: {
    '/health': {
      get: {
        summary: 'Liveness and database kind',
        responses: {
          '200': {
            description: 'The service and its database answer.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: { type: 'string', enum: ['ok'] },
                    database: { type: 'string', enum: ['pglite', 'postgresql'] },
                    databaseLatencyMs: { type: 'number' },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/api/resources': {
      get: {
        summary: 'Search the catalogue',
        parameters: [
          {
            name: 'q',
            in: 'query',
            description: 'Free text, French, accents and case ignored.',
            schema: { type: 'string', maxLength: MAX_QUERY_LENGTH },
          },
          ...facetParameters,
          {
            name: 'priceMin',
            in: 'query',
            description: 'Lowest price, whole euros.',
            schema: { type: 'integer', minimum: 0 },
          },
          {
            name: 'priceMax',
            in: 'query',
            description: 'Highest lowest-offer price, whole euros.',
            schema: { type: 'integer', minimum: 0 },
          },
          {
            name: 'sort',
            in: 'query',
            schema: { type: 'string', enum: [...sortOrders], default: 'relevance' },
          },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
          {
            name: 'pageSize',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 },
          },
        ],
        responses: {
          '200': {
            description: 'One page of results with facet counts for the whole result set.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['total', 'page', 'pageSize', 'items', 'facets'],
                  properties: {
                    total: { type: 'integer' },
                    page: { type: 'integer' },
                    pageSize: { type: 'integer' },
                    items: { type: 'array', items: { $ref: '#/components/schemas/ResourceSummary' } },
                    facets: {
                      type: 'object',
                      properties: Object.fromEntries(
                        facetKeys.map((key) => [
                          key,
                          { type: 'array', items: { $ref: '#/components/schemas/FacetCount' } },
                        ]),
                      ),
                    },
                    correctedQuery: {
                      type: 'string',
                      description: 'Set when a mistyped word was corrected.',
                    },
                    relaxations: {
                      type: 'array',
                      description: 'When nothing matched: what to remove, and how many results that gives.',
                      items: {
                        type: 'object',
                        properties: {
                          remove: { type: 'string' },
                          label: { type: 'string' },
                          count: { type: 'integer' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            description: 'Invalid parameter.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
    '/api/resources/{id}': {
      get: {
        summary: 'One resource with all its offers',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'Stable identifier, e.g. ccr-0000001.',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': {
            description: 'The whole notice.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Resource' } } },
          },
          '404': {
            description: 'No such resource.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
    '/api/session': {
      post: {
        summary: 'Sign in: sets the HttpOnly, SameSite session cookie',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['email', 'password'],
                properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          '200': { description: 'Signed in: the user, roles and the CSRF token to send as x-csrf-token.' },
          '401': { description: 'Wrong email or password.', content: errorContent },
          '429': {
            description: 'Too many failed attempts; Retry-After says when to try again.',
            content: errorContent,
          },
        },
      },
      delete: { summary: 'Sign out', responses: { '204': { description: 'Signed out.' } } },
    },
    '/api/me': {
      get: {
        summary: 'The signed-in user, roles and scopes',
        responses: {
          '200': { description: 'The user.' },
          '401': { description: 'Not signed in.', content: errorContent },
        },
      },
    },
    '/api/establishments/{uai}/drawing-right': {
      get: {
        summary: 'Drawing right of an establishment per open campaign, in cents',
        parameters: [
          { name: 'uai', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{7}[A-Z]$' } },
        ],
        responses: {
          '200': {
            description:
              'Per campaign: allocationCents, adjustmentsCents, topUpsCents, spentCents, committedCents, remainingCents.',
          },
          '403': { description: 'Not allowed to see this establishment.', content: errorContent },
          '404': { description: 'Unknown establishment.', content: errorContent },
        },
      },
    },
    '/api/orders': {
      post: {
        summary: 'Place an order on the drawing right (the head of the establishment)',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            description: 'The same key again returns the same order, recorded once.',
            schema: { type: 'string', maxLength: 100 },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['establishment', 'lines'],
                properties: {
                  establishment: { type: 'string', description: 'UAI' },
                  lines: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['offer', 'seats', 'quantity'],
                      properties: {
                        offer: { type: 'integer' },
                        seats: { type: 'integer', minimum: 1 },
                        quantity: { type: 'integer', minimum: 1 },
                      },
                    },
                  },
                  topUp: {
                    type: 'object',
                    required: ['funder', 'amountCents', 'reference'],
                    properties: {
                      funder: { type: 'string', enum: ['establishment', 'local-authority', 'academy'] },
                      amountCents: { type: 'integer', minimum: 1 },
                      reference: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': { description: 'The order.' },
          '200': { description: 'The order already placed with this Idempotency-Key.' },
          '409': {
            description: 'BUDGET_EXCEEDED (details.shortfallCents), CAMPAIGN_CLOSED or an unavailable offer.',
            content: errorContent,
          },
          '400': { description: 'Invalid order.', content: errorContent },
        },
      },
      get: {
        summary: 'Orders of an establishment',
        parameters: [{ name: 'establishment', in: 'query', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'The orders.' },
          '403': { description: 'Not allowed.', content: errorContent },
        },
      },
    },
    '/api/orders/{id}': {
      get: {
        summary: 'One order (a publisher sees only its own lines)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: {
          '200': { description: 'The order.' },
          '404': { description: 'No such order.', content: errorContent },
        },
      },
    },
  },
  components: {
    schemas: {
      Error: error,
      LabelledValue: labelledValue,
      FacetCount: {
        type: 'object',
        required: ['value', 'label', 'count', 'selected'],
        properties: {
          value: { type: 'string' },
          label: { type: 'string' },
          count: { type: 'integer' },
          selected: { type: 'boolean' },
          parent: { type: 'string', description: 'For levels: the cycle or track.' },
        },
      },
      ResourceSummary: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          summary: { type: 'string' },
          url: { type: 'string' },
          producer: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
          cost: { $ref: '#/components/schemas/LabelledValue' },
          lowestPriceCents: { type: 'integer' },
          levels: { type: 'array', items: { $ref: '#/components/schemas/LabelledValue' } },
          disciplines: { type: 'array', items: { $ref: '#/components/schemas/LabelledValue' } },
          types: { type: 'array', items: { $ref: '#/components/schemas/LabelledValue' } },
          formats: { type: 'array', items: { $ref: '#/components/schemas/LabelledValue' } },
          publishedOn: { type: 'string', format: 'date' },
        },
      },
      Offer: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          label: { type: 'string' },
          priceCents: { type: 'integer' },
          tariff: { $ref: '#/components/schemas/LabelledValue' },
          licence: { $ref: '#/components/schemas/LabelledValue' },
          seats: { type: 'integer', nullable: true },
          durationMonths: { type: 'integer', nullable: true, description: 'null means perpetual' },
          delivery: { $ref: '#/components/schemas/LabelledValue' },
          eligibility: { type: 'array', items: { type: 'string' } },
          validFrom: { type: 'string', format: 'date' },
          validUntil: { type: 'string', format: 'date', nullable: true },
          bundle: { type: 'boolean' },
          covers: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                identifier: { type: 'string' },
                title: { type: 'string' },
                url: { type: 'string' },
              },
            },
          },
        },
      },
      Resource: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          scolomfrIdentifier: {
            type: 'object',
            properties: { catalog: { type: 'string' }, entry: { type: 'string' } },
          },
          title: { type: 'string' },
          description: { type: 'string' },
          keywords: { type: 'array', items: { type: 'string' } },
          producer: { type: 'object' },
          levels: { type: 'array', items: { $ref: '#/components/schemas/LabelledValue' } },
          disciplines: { type: 'array', items: { $ref: '#/components/schemas/LabelledValue' } },
          themes: { type: 'array', items: { $ref: '#/components/schemas/LabelledValue' } },
          types: { type: 'array', items: { $ref: '#/components/schemas/LabelledValue' } },
          formats: { type: 'array', items: { $ref: '#/components/schemas/LabelledValue' } },
          devices: { type: 'array', items: { $ref: '#/components/schemas/LabelledValue' } },
          cost: { $ref: '#/components/schemas/LabelledValue' },
          licence: { $ref: '#/components/schemas/LabelledValue' },
          accessibility: { type: 'string' },
          demoUrl: { type: 'string', nullable: true },
          publishedOn: { type: 'string', format: 'date' },
          updatedOn: { type: 'string', format: 'date' },
          origin: { type: 'string', enum: ['publisher', 'harvested', 'teacher'] },
          lowestPriceCents: { type: 'integer' },
          offers: { type: 'array', items: { $ref: '#/components/schemas/Offer' } },
        },
      },
    },
  },
} as const;
