// The OpenAPI 3.0 document served at GET /api/openapi.json, assembled from each module's part
// (src/modules/*/*.openapi.ts) plus the app's own routes. Two parts may not claim the same path or
// schema name: the merge throws at start rather than let one silently replace the other.
import { accountsOpenApi } from './modules/accounts/accounts.openapi.js';
import { catalogueOpenApi } from './modules/catalogue/catalogue.openapi.js';
import { fundingOpenApi } from './modules/funding/funding.openapi.js';
import { ordersOpenApi } from './modules/orders/orders.openapi.js';
import {
  errorResponses,
  errorSchema,
  jsonResponse,
  publicAccess,
  securitySchemes,
  type OpenApiPart,
  type ParameterObject,
  type PathItem,
  type SchemaObject,
} from './shared/openapi.js';

const appPart: OpenApiPart = {
  tag: { name: 'service', description: 'Health and this document.' },
  paths: {
    '/health': {
      get: {
        operationId: 'getHealth',
        tags: ['service'],
        summary: 'Liveness and database kind',
        security: publicAccess,
        responses: {
          '200': jsonResponse('The service and its database answer.', {
            type: 'object',
            required: ['status', 'database', 'databaseLatencyMs'],
            additionalProperties: false,
            properties: {
              status: { type: 'string', enum: ['ok'] },
              database: { type: 'string', enum: ['pglite', 'postgresql'] },
              databaseLatencyMs: { type: 'number' },
            },
          }),
        },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        tags: ['service'],
        summary: 'This OpenAPI document',
        security: publicAccess,
        responses: {
          '200': jsonResponse('The OpenAPI 3.0 document of the JSON API.', { type: 'object' }),
        },
      },
    },
  },
};

const parts: readonly OpenApiPart[] = [
  appPart,
  catalogueOpenApi,
  accountsOpenApi,
  fundingOpenApi,
  ordersOpenApi,
];

function mergeInto<T>(target: Record<string, T>, source: Record<string, T> | undefined, what: string): void {
  for (const [key, value] of Object.entries(source ?? {})) {
    if (key in target) throw new Error(`OpenAPI: ${what} ${key} is described twice`);
    target[key] = value;
  }
}

function assemble() {
  const paths: Record<string, PathItem> = {};
  const schemas: Record<string, SchemaObject> = { Error: errorSchema };
  const parameters: Record<string, ParameterObject> = {};
  for (const part of parts) {
    mergeInto(paths, part.paths, 'path');
    mergeInto(schemas, part.schemas, 'schema');
    mergeInto(parameters, part.parameters, 'parameter');
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Catalogue chèque ressources API',
      version: '1.0.0',
      description:
        'The national catalogue of digital educational resources (search with facets, each resource with all its offers), accounts, drawing rights and orders. Money is in integer cents. Errors are {"error":{"code","message","details"?}} with a French message. Writes made with the session cookie must send its CSRF token in the x-csrf-token header.',
    },
    tags: parts.map((part) => part.tag),
    paths,
    components: { securitySchemes, responses: errorResponses, parameters, schemas },
  };
}

export const openApiDocument = assemble();
export type OpenApiDocument = typeof openApiDocument;
