// Catalogue search use case: resolve filters against the facet dictionary, query the in-memory index
// (kept up to date from the change log in the background: search-snapshots.ts), tolerate one typo,
// explain empty results, and load the page's rows. Facet counts follow the usual rule for multi-select
// facets: a facet's own selection is left out when counting that facet, so the values a user can add
// stay visible with their counts.
import { setTimeout as delay } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { FacetDictionary } from './facet-dictionary.js';
import type { IndexQuery, TermAlternatives } from './search-index.js';
import { SnapshotKeeper, type CatalogueSnapshot, type SnapshotKeeperOptions } from './search-snapshots.js';
import { MIN_TYPO_WORD_LENGTH, foldText, searchTokens, type SearchQuery } from './search-query.js';
import {
  catalogueSpellings,
  findSpellingCorrections,
  selectResultsByIds,
  stemWords,
  type ResultRow,
} from './search.repository.js';
import {
  facetKeys,
  facetLabels,
  facetVocabularies,
  isOpenFacet,
  levels,
  type FacetKey,
} from './vocabulary.js';

/** One search result as pages show it (they never import the repository). */
export type { ResultRow };

export interface FacetCount {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  /** For nested facets (levels): the value this one belongs to. */
  parent?: string;
}

/** What to remove to get results back, when a search finds nothing. */
export interface Relaxation {
  remove: FacetKey | 'q' | 'price';
  label: string;
  count: number;
}

export interface SearchResult {
  total: number;
  page: number;
  pageSize: number;
  items: ResultRow[];
  facets: Record<FacetKey, FacetCount[]>;
  /** The words actually searched when a mistyped word was corrected. */
  correctedText?: string;
  relaxations: Relaxation[];
}

const levelOrder = new Map(levels.map((level, index) => [level.code, index]));
const MAX_CACHED_STEMS = 20_000;
const RETRY_AFTER_SECONDS = 5;

export interface CatalogueSearchOptions extends SnapshotKeeperOptions {
  /** How long a search waits for the node's first index before answering "not ready" (503); 0: not at all. */
  firstBuildWaitMs?: number;
}

export class CatalogueSearch {
  /** This node's index, kept up to date with the change log (search-snapshots.ts). */
  private readonly keeper: SnapshotKeeper;
  private readonly firstBuildWaitMs: number;
  private readonly stems = new Map<string, string[]>();

  constructor(
    private readonly db: Kysely<Database>,
    options: CatalogueSearchOptions = {},
  ) {
    this.keeper = new SnapshotKeeper(db, options);
    this.firstBuildWaitMs = options.firstBuildWaitMs ?? 1_000;
  }

  /** What the index holds and has done, for logs, tests and benchmarks. */
  stats() {
    return this.keeper.stats();
  }

  /**
   * The last complete snapshot: searches never wait for a build or for changes being applied. Before
   * the node's first snapshot, a search waits a moment, then is told to come back (SEARCH_NOT_READY).
   */
  private async current(): Promise<CatalogueSnapshot> {
    const ready = this.keeper.snapshot;
    if (ready) return ready;
    const first = this.keeper.start();
    if (this.firstBuildWaitMs > 0) {
      const stopWaiting = new AbortController();
      const waited = delay(this.firstBuildWaitMs, undefined, { signal: stopWaiting.signal }).catch(
        () => undefined,
      );
      const snapshot = await Promise.race([first, waited]).finally(() => stopWaiting.abort());
      if (snapshot) return snapshot;
    } else {
      first.catch(() => undefined);
    }
    throw new AppError(
      'SEARCH_NOT_READY',
      'Le moteur de recherche démarre : l’index du catalogue est en cours de construction. ' +
        `Réessayez dans ${RETRY_AFTER_SECONDS} secondes.`,
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  }

  /** Resolves once every catalogue change committed before the call is visible to searches. */
  refreshed(): Promise<CatalogueSnapshot> {
    return this.keeper.refreshed();
  }

  /** Builds the index now rather than on the first search, and starts following changes. */
  async warmUp(): Promise<{ resources: number; lexemes: number }> {
    const { index } = await this.keeper.refreshed();
    return { resources: index.size, lexemes: index.lexemeCount };
  }

  /** Stops following changes (the app closes). */
  close(): Promise<void> {
    return this.keeper.close();
  }

  async dictionary(): Promise<FacetDictionary> {
    return (await this.current()).dictionary;
  }

  private async stemsOf(words: readonly string[]): Promise<Map<string, string[]>> {
    const missing = words.filter((word) => !this.stems.has(word));
    if (missing.length > 0) {
      if (this.stems.size > MAX_CACHED_STEMS) this.stems.clear();
      for (const [word, stems] of await stemWords(this.db, missing)) this.stems.set(word, stems);
    }
    return new Map(words.map((word) => [word, this.stems.get(word) ?? [word]]));
  }

  /** Query words as index terms: each word's stem, the last one as a prefix (still being typed). */
  private async termsFor(words: readonly string[], corrections = new Map<string, string[]>()) {
    const allWords = [...words, ...[...corrections.values()].flat()];
    const stems = await this.stemsOf(allWords);
    const terms: { word: string; term: TermAlternatives }[] = [];
    words.forEach((word, position) => {
      const own = stems.get(word) ?? [];
      // A stop word of the stemmer has no stem: it narrows nothing, leave it out.
      if (own.length === 0 && !corrections.has(word)) return;
      const alternatives = [...own, ...(corrections.get(word) ?? []).flatMap((c) => stems.get(c) ?? [c])];
      const isLast = position === words.length - 1;
      terms.push({ word, term: { exact: isLast ? [] : alternatives, prefixes: isLast ? alternatives : [] } });
    });
    return terms;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { dictionary, index } = await this.current();
    const groups = resolveFilters(query, dictionary);
    const words = searchTokens(query.text);
    let terms = await this.termsFor(words);
    const indexQuery = (withTerms: typeof terms, overrides: Partial<IndexQuery> = {}): IndexQuery => ({
      terms: withTerms.map((t) => t.term),
      facetGroups: [...groups.values()],
      // A selected facet shows its own values' counts only: the index reads them off their lists.
      groupFacets: [...groups.keys()].map((facet) => dictionary.idsOf(facet)),
      ...(query.priceMinCents !== undefined ? { priceMinCents: query.priceMinCents } : {}),
      ...(query.priceMaxCents !== undefined ? { priceMaxCents: query.priceMaxCents } : {}),
      sort: query.sort === 'relevance' && withTerms.length === 0 ? 'newest' : query.sort,
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
      ...overrides,
    });
    let result = index.search(indexQuery(terms));
    let correctedText: string | undefined;

    if (result.total === 0 && terms.length > 0) {
      // Words of 5+ letters that match nothing in the catalogue may be mistyped.
      const unmatched = terms
        .filter(({ word, term }) => word.length >= MIN_TYPO_WORD_LENGTH && !index.hasMatches(term))
        .map(({ word }) => word);
      const corrections = await findSpellingCorrections(this.db, unmatched);
      if (corrections.size > 0) {
        terms = await this.termsFor(words, corrections);
        result = index.search(indexQuery(terms));
        const spellings = await catalogueSpellings(
          this.db,
          [...corrections.values()].map((alternatives) => alternatives[0]!),
        );
        correctedText = correctedQueryText(query.text, (word) => {
          const correction = corrections.get(word)?.[0];
          return correction === undefined ? undefined : spellings.get(correction);
        });
      }
    }

    const relaxations: Relaxation[] = [];
    if (result.total === 0) {
      [...groups.keys()].forEach((facet, position) => {
        const count = result.countsWithoutGroup[position]!.total;
        if (count > 0)
          relaxations.push({ remove: facet, label: `le filtre « ${facetLabels[facet]} »`, count });
      });
      const noPrice = { priceMinCents: undefined, priceMaxCents: undefined, limit: 0 };
      if (query.priceMinCents !== undefined || query.priceMaxCents !== undefined) {
        const count = index.count(indexQuery(terms, noPrice));
        if (count > 0) relaxations.push({ remove: 'price', label: 'la fourchette de prix', count });
      }
      if (
        terms.length > 0 &&
        (groups.size > 0 || query.priceMinCents !== undefined || query.priceMaxCents !== undefined)
      ) {
        const count = index.count(indexQuery([], { limit: 0 }));
        if (count > 0) relaxations.push({ remove: 'q', label: `les mots « ${query.text} »`, count });
      }
      relaxations.sort((a, b) => b.count - a.count);
    }

    const countsFor = new Map<FacetKey, Map<number, number>>();
    [...groups.keys()].forEach((facet, position) =>
      countsFor.set(facet, result.countsWithoutGroup[position]!.counts),
    );
    return {
      total: result.total,
      page: query.page,
      pageSize: query.pageSize,
      items: await selectResultsByIds(this.db, result.resourceIds),
      facets: presentFacets(result.counts, countsFor, groups, dictionary),
      ...(correctedText !== undefined ? { correctedText } : {}),
      relaxations,
    };
  }
}

/**
 * The user's text with each mistyped word replaced by its correction as the catalogue spells it; the
 * other words stay as typed (accents, case, stop words), so "Volcanisne du Japon" becomes
 * "volcanisme du Japon".
 */
export function correctedQueryText(
  text: string,
  correctionOf: (foldedWord: string) => string | undefined,
): string {
  return text
    .trim()
    .split(/([^\p{L}\p{N}]+)/u)
    .map((piece) => correctionOf(foldText(piece)) ?? piece)
    .join('');
}

/** Maps filter values (codes or ScoLOMfr URIs) to dictionary ids; an unknown value is a 400. */
function resolveFilters(query: SearchQuery, dictionary: FacetDictionary): Map<FacetKey, number[]> {
  const groups = new Map<FacetKey, number[]>();
  for (const facet of facetKeys) {
    const values = query.filters[facet];
    if (!values || values.length === 0) continue;
    const ids = values.map((value) => {
      const code = isOpenFacet(facet)
        ? value
        : (facetVocabularies[facet].find((c) => c.uri === value)?.code ?? value);
      const found = dictionary.find(facet, code);
      if (!found) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Valeur inconnue pour le filtre « ${facetLabels[facet]} » : ${value.slice(0, 80)}`,
          { parameter: facet, value: value.slice(0, 200) },
        );
      }
      return found.id;
    });
    groups.set(facet, ids);
  }
  return groups;
}

function presentFacets(
  counts: Map<number, number>,
  countsWithoutOwnSelection: Map<FacetKey, Map<number, number>>,
  groups: Map<FacetKey, number[]>,
  dictionary: FacetDictionary,
): Record<FacetKey, FacetCount[]> {
  const facets = Object.fromEntries(facetKeys.map((key) => [key, [] as FacetCount[]])) as Record<
    FacetKey,
    FacetCount[]
  >;
  const selectedIds = new Set([...groups.values()].flat());
  const seen = new Set<number>();
  const add = (id: number, count: number) => {
    const value = dictionary.byIdentifier(id);
    if (!value || seen.has(id)) return;
    seen.add(id);
    const parent = value.facet === 'level' ? levels.find((l) => l.code === value.code)?.parent : undefined;
    facets[value.facet].push({
      value: value.code,
      label: value.label,
      count,
      selected: selectedIds.has(id),
      ...(parent ? { parent } : {}),
    });
  };
  // A selected facet is counted without its own selection; the others over all matches.
  for (const [facet, facetCounts] of countsWithoutOwnSelection) {
    for (const [id, count] of facetCounts) if (dictionary.byIdentifier(id)?.facet === facet) add(id, count);
  }
  for (const [id, count] of counts) {
    const facet = dictionary.byIdentifier(id)?.facet;
    if (facet && !groups.has(facet)) add(id, count);
  }
  // A selected value with no match left keeps its place, with a zero count.
  for (const id of selectedIds) add(id, 0);

  for (const key of facetKeys) {
    facets[key].sort((a, b) =>
      key === 'level' || key === 'price'
        ? orderInVocabulary(key, a.value) - orderInVocabulary(key, b.value)
        : b.count - a.count || a.label.localeCompare(b.label, 'fr'),
    );
  }
  return facets;
}

function orderInVocabulary(key: 'level' | 'price', code: string): number {
  if (key === 'level') return levelOrder.get(code) ?? Number.MAX_SAFE_INTEGER;
  return facetVocabularies.price.findIndex((band) => band.code === code);
}
