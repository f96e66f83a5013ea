// The results page: search box, facets on the left, results on the right. The whole page is one GET
// form, so the search box, the filters and the sort all submit the complete state together, and every
// state is a URL. Empty results always offer a way out (relaxations, spelling, broader search).
import type { Actor } from '../../../modules/accounts/actor.js';
import type { SearchResult } from '../../../modules/catalogue/search.service.js';
import type { SortOrder } from '../../../modules/catalogue/search-query.js';
import { DEFAULT_PAGE_SIZE } from '../../../modules/catalogue/search-query.js';
import { facetKeys, facetLabels } from '../../../modules/catalogue/vocabulary.js';
import { countOf, formatCount, shortLabel } from '../../format.js';
import { APP_ASSETS_BASE } from '../../assets.js';
import { renderPage } from '../../layout.js';
import { SearchBar } from '../../search-bar.js';
import { FacetFilters } from './facet-filters.js';
import { Pagination, lastPageOf } from './pagination.js';
import { ResultCard } from './result-card.js';
import {
  atPage,
  hasFilters,
  searchHref,
  without,
  withoutAnyFilter,
  withoutValue,
  type SearchState,
} from './search-url.js';

const sortLabels: Record<SortOrder, string> = {
  relevance: 'Pertinence',
  price: 'Prix croissant',
  newest: 'Plus récentes',
  title: 'Titre de A à Z',
  rating: 'Mieux notées',
  adoption: 'Les plus commandées par les établissements',
};

function ActiveFilters({ state, result }: { state: SearchState; result: SearchResult }) {
  const labelOf = (facet: (typeof facetKeys)[number], value: string) =>
    shortLabel(result.facets[facet].find((count) => count.value === value)?.label ?? value);
  const tags: { href: string; text: string }[] = [];
  for (const facet of facetKeys) {
    for (const value of state.filters[facet] ?? []) {
      tags.push({
        href: searchHref(withoutValue(state, facet, value)),
        text: `${facetLabels[facet]} : ${labelOf(facet, value)}`,
      });
    }
  }
  if (state.priceMin !== undefined || state.priceMax !== undefined) {
    const range =
      state.priceMin !== undefined && state.priceMax !== undefined
        ? `de ${state.priceMin} à ${state.priceMax} €`
        : state.priceMin !== undefined
          ? `à partir de ${state.priceMin} €`
          : `jusqu’à ${state.priceMax} €`;
    tags.push({ href: searchHref(without(state, 'price')), text: `Prix : ${range}` });
  }
  if (tags.length === 0) return null;
  return (
    <div class="ccr-active-filters fr-mb-2w">
      <h3 class="fr-text--md fr-mb-1w">Filtres actifs</h3>
      <ul class="fr-tags-group">
        {tags.map((tag) => (
          <li>
            <a class="fr-tag fr-tag--sm fr-tag--dismiss" href={tag.href}>
              <span class="fr-sr-only">Retirer le filtre </span>
              {tag.text}
            </a>
          </li>
        ))}
      </ul>
      <p class="fr-mb-0">
        <a class="fr-link fr-link--sm" href={searchHref(withoutAnyFilter(state))}>
          Retirer tous les filtres
        </a>
      </p>
    </div>
  );
}

function SortControl({ state }: { state: SearchState }) {
  return (
    <div class="ccr-sort">
      <div class="fr-select-group">
        <label class="fr-label" for="sort">
          Trier par
        </label>
        <select class="fr-select" id="sort" name="sort">
          {(Object.keys(sortLabels) as SortOrder[]).map((sort) => (
            <option value={sort} selected={sort === state.sort}>
              {sortLabels[sort]}
            </option>
          ))}
        </select>
      </div>
      <button class="fr-btn fr-btn--secondary" type="submit">
        Trier
      </button>
    </div>
  );
}

/** Zero results: what to remove to get some back, or how to search more broadly. */
function NoResults({ state, result }: { state: SearchState; result: SearchResult }) {
  if (result.total > 0) {
    // A page past the end (an old link after the catalogue shrank).
    return (
      <div class="fr-callout">
        <p class="fr-callout__text">Cette page n’existe plus : la recherche compte moins de résultats.</p>
        <a class="fr-link" href={searchHref(atPage(state, 1))}>
          Revenir à la première page
        </a>
      </div>
    );
  }
  if (result.relaxations.length > 0) {
    return (
      <div class="fr-callout">
        <h3 class="fr-callout__title">Aucune ressource ne correspond à tous vos critères</h3>
        <p class="fr-callout__text">Élargissez la recherche en retirant un critère :</p>
        <ul class="ccr-relaxations">
          {result.relaxations.map((relaxation) => (
            <li>
              <a class="fr-link" href={searchHref(without(state, relaxation.remove))}>
                Retirer {relaxation.label} : {countOf(relaxation.count, 'ressource')}
              </a>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div class="fr-callout">
      <h3 class="fr-callout__title">Aucune ressource trouvée</h3>
      <p class="fr-callout__text">
        Essayez des mots plus courants ou moins nombreux, ou parcourez le catalogue :
      </p>
      <ul class="ccr-relaxations">
        {hasFilters(state) && (
          <li>
            <a class="fr-link" href={searchHref(withoutAnyFilter(state))}>
              Chercher sans aucun filtre
            </a>
          </li>
        )}
        <li>
          <a class="fr-link" href="/recherche">
            Parcourir toutes les ressources
          </a>
        </li>
        <li>
          <a class="fr-link" href="/">
            Revenir à l’accueil : niveaux et disciplines
          </a>
        </li>
      </ul>
    </div>
  );
}

function ResultsHeading({ state, result }: { state: SearchState; result: SearchResult }) {
  const words = result.correctedText ?? state.text;
  return (
    <h2 id="resultats-titre" class="fr-h4 fr-mb-2w">
      {countOf(result.total, 'ressource')}
      {words ? ` pour « ${words} »` : ''}
    </h2>
  );
}

/** The words actually searched: the corrected ones when a typo was corrected, as the heading says. */
export function pageTitle(state: SearchState, total: number, correctedText?: string): string {
  const searched = correctedText ?? state.text;
  const words = searched ? `« ${searched} » : ` : '';
  const page = state.page > 1 ? `, page ${state.page}` : '';
  return `${words}${countOf(total, 'ressource')}${page} - Recherche`;
}

export function renderResultsPage(state: SearchState, result: SearchResult, actor?: Actor): string {
  const pages = lastPageOf(result.total, state.pageSize);
  return renderPage({
    actor,
    title: pageTitle(state, result.total, result.correctedText),
    skipLinks: [
      { href: '#filtres', label: 'Filtres' },
      { href: '#resultats', label: 'Résultats' },
    ],
    children: (
      <div class="fr-container fr-py-4w">
        {/* autocomplete="off": on Back, the browser must not re-tick boxes the URL does not hold. */}
        <form action="/recherche" method="get" class="ccr-search" autocomplete="off">
          <h1 class="fr-h2">Rechercher une ressource</h1>
          <div class="fr-mb-3w">
            <SearchBar value={state.text} large />
          </div>
          {result.correctedText !== undefined && (
            <p class="fr-text--lead ccr-correction">
              Résultats pour <strong>« {result.correctedText} »</strong> — aucun résultat pour « {state.text}{' '}
              »
            </p>
          )}
          {state.pageSize !== DEFAULT_PAGE_SIZE && (
            <input type="hidden" name="pageSize" value={state.pageSize} />
          )}
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-4 fr-col-lg-3">
              <FacetFilters result={result} state={state} />
            </div>
            <div class="fr-col-12 fr-col-md-8 fr-col-lg-9" id="resultats">
              <div class="ccr-results-header">
                <ResultsHeading state={state} result={result} />
                {result.total > 1 ? (
                  <SortControl state={state} />
                ) : (
                  // No sort control for one result or none, but a new search keeps the chosen order.
                  state.sort !== 'relevance' && <input type="hidden" name="sort" value={state.sort} />
                )}
              </div>
              {pages > 1 && (
                <p class="fr-text--sm">
                  Page {formatCount(Math.min(state.page, pages))} sur {formatCount(pages)}
                </p>
              )}
              <ActiveFilters state={state} result={result} />
              {result.items.length > 0 ? (
                <ul class="ccr-results">
                  {result.items.map((row) => (
                    <ResultCard row={row} />
                  ))}
                </ul>
              ) : (
                <NoResults state={state} result={result} />
              )}
              <Pagination state={state} total={result.total} />
            </div>
          </div>
        </form>
        {/* Applies a ticked filter at once; the page works the same without it. */}
        <script defer src={`${APP_ASSETS_BASE}/search-filters.js`}></script>
      </div>
    ),
  });
}

/**
 * A search the user cannot run as asked (a malformed price, an unknown filter value): the message next
 * to the search box, with a way to start again. Served with status 400.
 */
export function renderSearchErrorPage(message: string, text: string, actor?: Actor): string {
  return renderPage({
    actor,
    title: 'Recherche impossible - Recherche',
    children: (
      <div class="fr-container fr-py-4w">
        <form action="/recherche" method="get" class="ccr-search" autocomplete="off">
          <h1 class="fr-h2">Rechercher une ressource</h1>
          <div class="fr-alert fr-alert--error fr-mb-3w">
            <h2 class="fr-alert__title">Cette recherche n’a pas pu être lancée</h2>
            <p>{message}</p>
          </div>
          <SearchBar value={text} large />
        </form>
        <p class="fr-mt-3w">
          <a class="fr-link" href="/recherche">
            Parcourir toutes les ressources
          </a>
        </p>
      </div>
    ),
  });
}
