// JSON API of the catalogue: validate, call the use case, present.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { parseSearchQuery } from './search-query.js';
import { getResourceWithOffers } from './catalogue.service.js';
import { presentResource, presentResultItem } from './catalogue.presenter.js';

export function catalogueApiRoutes(app: FastifyInstance, context: AppContext): void {
  app.get('/api/resources', async (request) => {
    const query = parseSearchQuery(request.query);
    const result = await context.search.search(query);
    return {
      total: result.total,
      page: result.page,
      pageSize: result.pageSize,
      items: result.items.map(presentResultItem),
      facets: result.facets,
      ...(result.correctedText !== undefined ? { correctedQuery: result.correctedText } : {}),
      ...(result.total === 0 ? { relaxations: result.relaxations } : {}),
    };
  });

  app.get<{ Params: { id: string } }>('/api/resources/:id', async (request) => {
    const { resource, offers } = await getResourceWithOffers(context.db, request.params.id);
    return presentResource(resource, offers);
  });
}
