// Server-rendered public pages: home, search results and product pages. Handlers validate, call the
// catalogue use cases and render; the app's error handler renders failures with renderErrorPage.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { Actor } from '../modules/accounts/actor.js';
import { presentResource } from '../modules/catalogue/catalogue.presenter.js';
import { getResourceWithOffers } from '../modules/catalogue/catalogue.service.js';
import { parseSearchQuery } from '../modules/catalogue/search-query.js';
import { AppError } from '../shared/errors.js';
import { renderHomePage } from './pages/home-page.js';
import { parseNeed } from './pages/resource/need.js';
import { renderResourcePage } from './pages/resource/resource-page.js';
import { renderResultsPage, renderSearchErrorPage } from './pages/search/results-page.js';
import { searchStateOf } from './pages/search/search-url.js';

function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}

/** The text the user typed, to put back in the search box when the search could not run. */
function rawText(query: unknown): string {
  const q = (query as Record<string, unknown> | undefined)?.q;
  const last = Array.isArray(q) ? (q as unknown[])[q.length - 1] : q;
  return typeof last === 'string' ? last.slice(0, 200) : '';
}

/** Establishments where the actor's school roles let them propose a resource for purchase. */
async function proposingEstablishments(
  context: AppContext,
  actor: Actor,
): Promise<{ uai: string; name: string }[]> {
  const schoolRoles = new Set(['teacher', 'digital-referent', 'librarian', 'head']);
  const ids = [
    ...new Set(
      actor.grants.flatMap((grant) =>
        schoolRoles.has(grant.role) && grant.establishmentId !== null ? [grant.establishmentId] : [],
      ),
    ),
  ];
  if (ids.length === 0) return [];
  return context.db
    .selectFrom('establishments')
    .select(['uai', 'name'])
    .where('id', 'in', ids)
    .orderBy('name')
    .execute();
}

export function webRoutes(app: FastifyInstance, context: AppContext): void {
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
          renderSearchErrorPage(error.message, rawText(request.query), request.actor),
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
      const establishments = actor ? await proposingEstablishments(context, actor) : [];
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
