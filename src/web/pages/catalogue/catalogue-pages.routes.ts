// Page routes of the public catalogue: home, search results and product pages. Handlers validate,
// call the catalogue use cases and render; the app's error handler renders failures.
//   /, /recherche, /ressources/:id (+ POST …/proposer and …/panier: the product page's own forms)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { presentResource } from '../../../modules/catalogue/catalogue.presenter.js';
import { getResourceWithOffers } from '../../../modules/catalogue/catalogue.service.js';
import { parseSearchQuery } from '../../../modules/catalogue/search-query.js';
import { requireActor } from '../../../modules/accounts/actor.js';
import { addCartLine } from '../../../modules/orders/cart.service.js';
import {
  cartLineSchema,
  parseInput,
  proposalSchema,
  uaiParamSchema,
} from '../../../modules/orders/orders.schema.js';
import { getProductOrdering, proposeResource } from '../../../modules/orders/proposals.service.js';
import { resourceInfomediation } from '../../../modules/reviews/infomediation.service.js';
import { AppError, httpStatusByCode } from '../../../shared/errors.js';
import { pickFormFields } from '../../form-numbers.js';
import { formOf, formText, sendHtml, type Form } from '../../page-kit.js';
import type { OrderFormState } from '../orders/propose-button.js';
import { renderHomePage } from './home-page.js';
import { parseNeed } from './need.js';
import { renderResourcePage, type ProductOrderParts } from './resource-page.js';
import { scenariosOfResource } from '../../../modules/scenarios/scenarios.service.js';
import { reviewNoticeOf } from '../reviews/resource-reviews.js';
import { renderResultsPage, renderSearchErrorPage } from './results-page.js';
import { searchStateOf } from './search-url.js';
import { loadConfig } from '../../../config.js';

/** The site's public address, for the absolute URLs of the product page's JSON-LD ('' when unset). */
let publicBase: string | undefined;
const sitePublicBase = () => (publicBase ??= (loadConfig().PUBLIC_URL ?? '').replace(/\/$/, ''));

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

  /** The product page, with the proposal and cart forms when the signed-in person may use them. */
  async function productPage(
    request: FastifyRequest<{ Params: { id: string } }>,
    query: Record<string, unknown>,
    form?: OrderFormState,
  ) {
    const { resource, offers } = await getResourceWithOffers(context.db, request.params.id);
    const need = parseNeed(query);
    const actor = request.actor;
    const ordering = await getProductOrdering(context.db, actor, resource.id);
    const parts: ProductOrderParts | undefined = actor
      ? {
          ...ordering,
          resourceRef: request.params.id,
          csrfToken: actor.csrfToken,
          // A need compared on the page fills the seats in.
          defaults: query.eleves !== undefined && need.ok ? { seats: String(need.need.seats) } : {},
          form,
          notice: form ? undefined : productNotice(query, ordering.cartIn),
        }
      : undefined;
    // Reviews and appraisals (src/web/pages/reviews): ?avis-page=N, and ?avis=code after their forms.
    const reviewsPage = Number(/^\d{1,4}$/.exec(formText(query, 'avis-page', 10))?.[0] ?? '1');
    const infomediation = {
      info: await resourceInfomediation(context.db, actor, String(resource.id), reviewsPage),
      notice: reviewNoticeOf(formText(query, 'avis', 40)),
    };
    return {
      html: renderResourcePage(
        presentResource(resource, offers),
        need,
        actor,
        parts,
        sitePublicBase(),
        infomediation,
        await scenariosOfResource(context.db, resource.id),
      ),
      need,
      ordering,
    };
  }

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
    '/ressources/:id',
    async (request, reply) => {
      const page = await productPage(request, request.query);
      return sendHtml(reply, page.need.ok ? 200 : 400, page.html);
    },
  );

  // Proposing and adding to the cart from the product page: refusals the person can fix (a field,
  // an offer withdrawn meanwhile) come back on the page with what was typed; others take the app's
  // error page (403 for another establishment, 404 for an unknown one).
  app.post<{ Params: { id: string } }>('/ressources/:id/proposer', async (request, reply) => {
    const actor = requireActor(request);
    const form = formOf(request);
    try {
      const { uai } = parseInput(uaiParamSchema, { uai: formText(form, 'etablissement', 20) });
      const { resource } = await getResourceWithOffers(context.db, request.params.id);
      const fields = pickFormFields(form, { ints: ['offer', 'seats'], texts: ['note'] });
      if (fields.seats === undefined) throw seatsMissing();
      const result = await proposeResource(
        context.db,
        actor,
        uai,
        parseInput(proposalSchema, { ...fields, resource: resource.id }),
      );
      const ok = result.created ? 'proposition' : result.updated ? 'proposition-modifiee' : 'deja-propose';
      return await reply.redirect(`${productUrl(request.params.id)}?ok=${ok}`, 303);
    } catch (error) {
      return refuseOnPage(error, request, reply, 'proposer', form, [
        'etablissement',
        'offer',
        'seats',
        'note',
      ]);
    }
  });

  app.post<{ Params: { id: string } }>('/ressources/:id/panier', async (request, reply) => {
    const actor = requireActor(request);
    const form = formOf(request);
    try {
      const { uai } = parseInput(uaiParamSchema, { uai: formText(form, 'etablissement', 20) });
      const line = parseInput(cartLineSchema, pickFormFields(form, { ints: ['offer', 'seats', 'quantity'] }));
      const { resource } = await getResourceWithOffers(context.db, request.params.id);
      const ordering = await getProductOrdering(context.db, actor, resource.id);
      // Only this resource's offers: the form is the product page's.
      if (!ordering.offers.some((offer) => offer.id === line.offer)) throw offerNotOfResource();
      await addCartLine(context.db, actor, uai, line);
      const query = new URLSearchParams({ ok: 'panier', etablissement: uai }).toString();
      return await reply.redirect(`${productUrl(request.params.id)}?${query}`, 303);
    } catch (error) {
      return refuseOnPage(error, request, reply, 'panier', form, [
        'etablissement',
        'offer',
        'seats',
        'quantity',
      ]);
    }
  });

  async function refuseOnPage(
    error: unknown,
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    kind: OrderFormState['kind'],
    form: Form,
    names: readonly string[],
  ) {
    if (!(error instanceof AppError) || !pageRefusals.has(error.code)) throw error;
    const issues = (error.details as { issues?: { field?: string; message: string }[] } | undefined)?.issues;
    const fields: Record<string, string> = {};
    for (const issue of issues ?? []) if (issue.field) fields[issue.field] ??= issue.message;
    const values = Object.fromEntries(names.map((name) => [name, formText(form, name, 500)]));
    const page = await productPage(request, {}, { kind, values, error: { message: error.message, fields } });
    return sendHtml(reply, httpStatusByCode[error.code], page.html);
  }
}

const productUrl = (ref: string) => `/ressources/${encodeURIComponent(ref)}`;

/** Refusals shown on the product page next to its forms, with what was typed. */
const pageRefusals = new Set(['VALIDATION_FAILED', 'CONFLICT']);

const seatsMissing = () =>
  new AppError('VALIDATION_FAILED', 'Nombre d’élèves ou de postes : indiquez-le.', {
    issues: [{ field: 'seats', message: 'Indiquez le nombre d’élèves ou de postes.' }],
  });
const offerNotOfResource = () =>
  new AppError('VALIDATION_FAILED', 'Offre : choisissez une des offres de cette ressource.', {
    issues: [{ field: 'offer', message: 'Choisissez une des offres de cette ressource.' }],
  });

const proposalsLink = { href: '/mes-propositions', label: 'Suivre mes propositions' };

/**
 * The confirmation after a form (?ok=code, never free text); the cart it links to must be one the
 * person fills, named by its UAI in the address.
 */
function productNotice(
  query: Record<string, unknown>,
  cartIn: readonly { uai: string; name: string }[],
): ProductOrderParts['notice'] {
  const ok = formText(query, 'ok', 40);
  if (ok === 'proposition')
    return { title: 'Votre proposition est transmise à l’établissement.', link: proposalsLink };
  if (ok === 'proposition-modifiee')
    return {
      title: 'Votre proposition est mise à jour : offre, nombre de postes et note.',
      link: proposalsLink,
    };
  if (ok === 'deja-propose')
    return {
      title: 'Vous aviez déjà proposé cette ressource : elle est dans le panier de l’établissement.',
      link: proposalsLink,
    };
  if (ok === 'panier') {
    const uai = formText(query, 'etablissement', 20);
    const cart = cartIn.find((establishment) => establishment.uai === uai);
    return cart
      ? {
          title: `La ligne est ajoutée au panier de ${cart.name}.`,
          link: { href: `/etablissements/${cart.uai}/panier`, label: 'Voir le panier' },
        }
      : { title: 'La ligne est ajoutée au panier.' };
  }
  return undefined;
}
