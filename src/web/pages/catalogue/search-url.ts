// Every state of the results page is a plain GET URL (shareable, bookmarkable, back button works).
// This file turns a validated search into that state and builds the links that change one thing.
import {
  DEFAULT_PAGE_SIZE,
  type SearchQuery,
  type SortOrder,
} from '../../../modules/catalogue/search-query.js';
import {
  conceptCodeOf,
  facetKeys,
  facetVocabularies,
  isOpenFacet,
  type FacetKey,
} from '../../../modules/catalogue/vocabulary.js';

export interface SearchState {
  text: string;
  /** Facet values as stable codes (a ScoLOMfr URI in the request becomes its code). */
  filters: Partial<Record<FacetKey, string[]>>;
  /** Whole euros, as typed in the price inputs. */
  priceMin?: number;
  priceMax?: number;
  sort: SortOrder;
  page: number;
  pageSize: number;
}

/** What a relaxation or a tag removes: one facet, the words, or the price range. */
export type Removable = FacetKey | 'q' | 'price';

export const SEARCH_PATH = '/recherche';

export function searchStateOf(query: SearchQuery): SearchState {
  const filters: Partial<Record<FacetKey, string[]>> = {};
  for (const facet of facetKeys) {
    const values = query.filters[facet];
    if (!values || values.length === 0) continue;
    filters[facet] = isOpenFacet(facet)
      ? values
      : [...new Set(values.map((value) => conceptCodeOf(facetVocabularies[facet], value) ?? value))];
  }
  return {
    text: query.text.trim(),
    filters,
    ...(query.priceMinCents !== undefined ? { priceMin: query.priceMinCents / 100 } : {}),
    ...(query.priceMaxCents !== undefined ? { priceMax: query.priceMaxCents / 100 } : {}),
    sort: query.sort,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The URL of a state, parameters in a stable order and defaults left out, so equal states share a URL. */
export function searchHref(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.text) params.append('q', state.text);
  for (const facet of facetKeys) for (const value of state.filters[facet] ?? []) params.append(facet, value);
  if (state.priceMin !== undefined) params.append('priceMin', String(state.priceMin));
  if (state.priceMax !== undefined) params.append('priceMax', String(state.priceMax));
  if (state.sort !== 'relevance') params.append('sort', state.sort);
  if (state.page > 1) params.append('page', String(state.page));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.append('pageSize', String(state.pageSize));
  const query = params.toString();
  return query ? `${SEARCH_PATH}?${query}` : SEARCH_PATH;
}

// Any change of what is searched goes back to page 1: the old page number means nothing any more.

export function withoutValue(state: SearchState, facet: FacetKey, value: string): SearchState {
  const remaining = (state.filters[facet] ?? []).filter((v) => v !== value);
  return { ...state, filters: { ...state.filters, [facet]: remaining }, page: 1 };
}

export function without(state: SearchState, removed: Removable): SearchState {
  if (removed === 'q') return { ...state, text: '', page: 1 };
  if (removed === 'price') {
    const next: SearchState = { ...state, page: 1 };
    delete next.priceMin;
    delete next.priceMax;
    return next;
  }
  return { ...state, filters: { ...state.filters, [removed]: [] }, page: 1 };
}

export function withoutAnyFilter(state: SearchState): SearchState {
  return { text: state.text, filters: {}, sort: state.sort, page: 1, pageSize: state.pageSize };
}

export function atPage(state: SearchState, page: number): SearchState {
  return { ...state, page };
}

export function hasFilters(state: SearchState): boolean {
  return (
    Object.values(state.filters).some((values) => values.length > 0) ||
    state.priceMin !== undefined ||
    state.priceMax !== undefined
  );
}
