// JSON API of the catalogue: validate, call the use case, present. Each route declares its schemas
// once (search-query.ts, catalogue.schema.ts): they validate, type the handler and document it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.js';
import { errorResponses, jsonReply, publicAccess, zodValidator } from '../../shared/openapi.js';
import { presentResource, presentResultItem } from './catalogue.presenter.js';
import { resourceIdParamsSchema, resourceSchema, searchResultsSchema } from './catalogue.schema.js';
import { getResourceWithOffers } from './catalogue.service.js';
import { rawSearchSchema, searchValidationError, toSearchQuery } from './search-query.js';

export function catalogueApiRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/resources',
    {
      schema: {
        operationId: 'searchResources',
        tags: ['catalogue'],
        summary: 'Search the catalogue',
        description:
          'One page of results and, for every facet, the counts over the whole result set (for a selected facet: the counts without its own selection, so alternatives stay visible).',
        security: publicAccess,
        querystring: rawSearchSchema,
        response: {
          200: jsonReply('One page of results with facet counts.', searchResultsSchema),
          ...errorResponses(400),
        },
      },
      // The search's own messages ("Le tri doit être…") and details.issues[].parameter, as on the page.
      validatorCompiler: zodValidator(searchValidationError),
    },
    async (request) => {
      const result = await context.search.search(toSearchQuery(request.query));
      return {
        total: result.total,
        page: result.page,
        pageSize: result.pageSize,
        items: result.items.map(presentResultItem),
        facets: result.facets,
        ...(result.correctedText !== undefined ? { correctedQuery: result.correctedText } : {}),
        ...(result.total === 0 ? { relaxations: result.relaxations } : {}),
      };
    },
  );

  api.get(
    '/api/resources/:id',
    {
      schema: {
        operationId: 'getResource',
        tags: ['catalogue'],
        summary: 'One resource with all its offers',
        security: publicAccess,
        params: resourceIdParamsSchema,
        response: {
          200: jsonReply('The whole notice with every offer covering it.', resourceSchema),
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const { resource, offers } = await getResourceWithOffers(context.db, request.params.id);
      return presentResource(resource, offers);
    },
  );
}
