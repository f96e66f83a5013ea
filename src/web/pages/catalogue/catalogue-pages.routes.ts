// Page routes of the public catalogue: home, search results and product pages. Handlers validate,
// call the catalogue use cases and render; the app's error handler renders failures.
//   /, /recherche, /ressources/:id
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { presentResource } from '../../../modules/catalogue/catalogue.presenter.js';
import { getResourceWithOffers } from '../../../modules/catalogue/catalogue.service.js';
import { parseSearchQuery } from '../../../modules/catalogue/search-query.js';
import { listProposingEstablishments } from '../../../modules/orders/orders.service.js';
import { AppError } from '../../../shared/errors.js';
import { formText, sendHtml, type Form } from '../../page-kit.js';
import { renderHomePage } from './home-page.js';
import { parseNeed } from './need.js';
import { renderResourcePage } from './resource-page.js';
import { renderResultsPage, renderSearchErrorPage } from './results-page.js';
import { searchStateOf } from './search-url.js';

export function cataloguePageRoutes(app: FastifyInstance, context: AppContext): void {
  app.get('/', async (request, reply) => {
    // The unfiltered search is cached per catalogue revision, so the home page counts are cheap.
    const catalogue = await context.search.search(parseSearchQuery({ pageSize: '1' }));
    return sendHtml(reply, 200, renderHomePage(catalogue, request.actor));
  });

  app.get('/recherche', async (request, reply) => {
    try {
      const query = parseSearchQuery(request.query);
      const result = await context.search.search(query);
      return sendHtml(reply, 200, renderResultsPage(searchStateOf(query), result, request.actor));
    } catch (error) {
      // A bad parameter is the user's to fix: show why next to the search box, with status 400.
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
        return sendHtml(
          reply,
          400,
          renderSearchErrorPage(error.message, formText(request.query as Form, 'q', 200), request.actor),
        );
      }
      throw error;
    }
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
    '/ressources/:id',
    async (request, reply) => {
      const { resource, offers } = await getResourceWithOffers(context.db, request.params.id);
      const need = parseNeed(request.query);
      const actor = request.actor;
      const establishments = actor ? await listProposingEstablishments(context.db, actor) : [];
      const propose =
        actor && establishments.length > 0
          ? { resourceId: resource.id, establishments, csrfToken: actor.csrfToken }
          : undefined;
      return sendHtml(
        reply,
        need.ok ? 200 : 400,
        renderResourcePage(presentResource(resource, offers), need, actor, propose),
      );
    },
  );
}
