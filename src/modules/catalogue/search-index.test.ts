// The index must give exactly what a naive scan gives: same matches, same counts (with and without
// each selected facet), pages in the right order. fast-check explores random catalogues and queries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SearchIndexBuilder,
  type IndexQuery,
  type IndexedDocument,
  type TermAlternatives,
} from './search-index.js';

import { arbitraryCatalogue, arbitraryQuery } from '../../../test/support/search-arbitraries.js';

/** The obvious, slow implementation the index must agree with. */
function naive(documents: readonly IndexedDocument[], query: IndexQuery, skipGroup?: number) {
  const hasTerm = (document: IndexedDocument, term: TermAlternatives) => {
    const all = [...document.lexemesA, ...document.lexemesB, ...document.lexemesOther];
    return all.some(
      (lexeme) => term.exact.includes(lexeme) || term.prefixes.some((prefix) => lexeme.startsWith(prefix)),
    );
  };
  return documents.filter(
    (document) =>
      query.terms.every((term) => hasTerm(document, term)) &&
      query.facetGroups.every(
        (group, index) => index === skipGroup || group.some((id) => document.facetIds.includes(id)),
      ) &&
      (query.priceMinCents === undefined || document.lowestPriceCents >= query.priceMinCents) &&
      (query.priceMaxCents === undefined || document.lowestPriceCents <= query.priceMaxCents),
  );
}

function countsOf(documents: readonly IndexedDocument[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const document of documents)
    for (const id of document.facetIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Built with the kept counts and bitsets of frequent lexemes and values on for some (40 documents at most). */
function build(documents: readonly IndexedDocument[]) {
  const builder = new SearchIndexBuilder({ frequentLexemeDocuments: 4, frequentValueDocuments: 4 });
  for (const document of documents) builder.add(document);
  return builder.build();
}

describe('SearchIndex', () => {
  it('matches and counts exactly like a naive scan', () => {
    fc.assert(
      // Several queries per index: scratch buffers reused across queries must not leak state.
      fc.property(
        arbitraryCatalogue,
        fc.array(arbitraryQuery, { minLength: 1, maxLength: 4 }),
        (documents, queries) => {
          const index = build(documents);
          for (const query of queries) {
            const result = index.search(query);
            const expected = naive(documents, query);
            expect(result.total).toBe(expected.length);
            expect(index.count(query)).toBe(expected.length);
            expect(result.counts).toEqual(countsOf(expected));
            query.facetGroups.forEach((_group, index) => {
              const without = naive(documents, query, index);
              expect(result.countsWithoutGroup[index]!.total).toBe(without.length);
              const wanted = query.groupFacets?.[index];
              const expectedCounts = countsOf(without);
              // Asked for some values only: exactly those with a count, and no other.
              if (wanted)
                for (const id of expectedCounts.keys()) if (!wanted.includes(id)) expectedCounts.delete(id);
              expect(result.countsWithoutGroup[index]!.counts).toEqual(expectedCounts);
            });
            // The page holds matches only, the right number, without duplicates.
            const matchingIds = new Set(expected.map((document) => document.resourceId));
            expect(result.resourceIds.length).toBe(
              Math.max(0, Math.min(query.limit, expected.length - query.offset)),
            );
            expect(new Set(result.resourceIds).size).toBe(result.resourceIds.length);
            for (const id of result.resourceIds) expect(matchingIds.has(id)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('orders pages by price, newest and French title, ties by id', () => {
    fc.assert(
      fc.property(
        arbitraryCatalogue,
        fc.constantFrom('price' as const, 'newest' as const, 'title' as const),
        (documents, sort) => {
          const index = build(documents);
          const all = index.search({ terms: [], facetGroups: [], sort, offset: 0, limit: documents.length });
          const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
          const byId = new Map(documents.map((document) => [document.resourceId, document]));
          const ordered = all.resourceIds.map((id) => byId.get(id)!);
          for (let i = 1; i < ordered.length; i++) {
            const [a, b] = [ordered[i - 1]!, ordered[i]!];
            const comparison =
              sort === 'price'
                ? a.lowestPriceCents - b.lowestPriceCents
                : sort === 'newest'
                  ? b.publishedDay - a.publishedDay
                  : collator.compare(a.title, b.title);
            expect(comparison).toBeLessThanOrEqual(0);
          }
          // Pages are slices of the whole ordering.
          const second = index.search({ terms: [], facetGroups: [], sort, offset: 3, limit: 4 });
          expect(second.resourceIds).toEqual(all.resourceIds.slice(3, 7));
        },
      ),
    );
  });

  it('ranks a title match above a description match', () => {
    const base = { lowestPriceCents: 0, publishedDay: 19_000, facetIds: [1], lexemesB: [] };
    const index = build([
      { ...base, resourceId: 1, title: 'b', lexemesA: [], lexemesOther: ['energ'] },
      { ...base, resourceId: 2, title: 'a', lexemesA: ['energ'], lexemesOther: ['energ'] },
    ]);
    const result = index.search({
      terms: [{ exact: ['energ'], prefixes: [] }],
      facetGroups: [],
      sort: 'relevance',
      offset: 0,
      limit: 10,
    });
    expect(result.resourceIds).toEqual([2, 1]);
  });
});
