// A segmented index (main segment, removed documents, delta of changed ones) must answer exactly what
// an index built afresh from the same final documents answers: the same page in the same order, the
// same totals and the same counts with and without each selected facet, after any sequence of changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SearchIndexBuilder,
  compareAdoption,
  compareRating,
  type IndexQuery,
  type IndexedDocument,
} from './search-index.js';
import {
  arbitraryCatalogue,
  arbitraryDocument,
  arbitraryQuery,
} from '../../../test/support/search-arbitraries.js';
import { SegmentedIndex } from './search-segments.js';

function build(documents: Iterable<IndexedDocument>) {
  // Kept counts of frequent lexemes on for some words, so changes must correct them.
  const builder = new SearchIndexBuilder({ frequentLexemeDocuments: 4, frequentValueDocuments: 4 });
  for (const document of [...documents].sort((a, b) => a.resourceId - b.resourceId)) builder.add(document);
  return builder.build();
}

/** Changes to the catalogue: a new version of a resource, or its removal (undefined). */
const arbitraryChanges = fc
  .array(
    fc
      .integer({ min: 1, max: 130 })
      .chain((resourceId) =>
        fc
          .option(arbitraryDocument(resourceId), { nil: undefined })
          .map((document) => [resourceId, document] as const),
      ),
    { maxLength: 12 },
  )
  .map((pairs) => new Map(pairs));

const comparable = (result: ReturnType<SegmentedIndex['search']>) => ({
  total: result.total,
  resourceIds: result.resourceIds,
  counts: [...result.counts].sort((a, b) => a[0] - b[0]),
  countsWithoutGroup: result.countsWithoutGroup.map((group) => ({
    total: group.total,
    counts: [...group.counts].sort((a, b) => a[0] - b[0]),
  })),
});

describe('SegmentedIndex', () => {
  it('answers as an index built afresh from the documents after the changes', () => {
    fc.assert(
      fc.property(
        arbitraryCatalogue,
        fc.array(arbitraryChanges, { minLength: 1, maxLength: 4 }),
        fc.array(arbitraryQuery, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 20 }),
        (catalogue, changeSets, queries: IndexQuery[], recentLimit) => {
          const documents = new Map(catalogue.map((document) => [document.resourceId, document]));
          // A small recent segment limit: changes also move to the older segment and change again there.
          let segmented = SegmentedIndex.of(build(documents.values()), { recentLimit });
          for (const changes of changeSets) {
            segmented = segmented.withChanges(changes);
            for (const [resourceId, document] of changes) {
              if (document) documents.set(resourceId, document);
              else documents.delete(resourceId);
            }
          }
          const fresh = build(documents.values());
          expect(segmented.size).toBe(fresh.size);
          // The empty query (home page, empty search) and one-word searches (the kept counts of
          // frequent words) have paths of their own: always ask them too.
          const empty: IndexQuery = { terms: [], facetGroups: [], sort: 'newest', offset: 0, limit: 5 };
          const oneWord = (word: string): IndexQuery => ({
            ...empty,
            terms: [{ exact: [], prefixes: [word] }],
            sort: 'relevance',
          });
          for (const query of [empty, oneWord('manuel'), oneWord('volcan'), oneWord('cellul'), ...queries]) {
            // Twice: the second answer may come from the state's cached unfiltered counts.
            expect(comparable(segmented.search(query))).toEqual(comparable(fresh.search(query)));
            expect(comparable(segmented.search(query))).toEqual(comparable(fresh.search(query)));
            expect(segmented.count(query)).toBe(fresh.search(query).total);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sorts by rating and adoption across segments as a fresh index does (ties included)', () => {
    // Few distinct figures, so ties on the average, the count and the adopters are frequent.
    const ranked = (resourceId: number) =>
      fc
        .tuple(
          arbitraryDocument(resourceId),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 0, max: 2 }),
        )
        .map(([document, ratingCount, rating, adopters]) => ({
          ...document,
          ratingAverage: ratingCount > 0 ? rating : 0,
          ratingCount,
          adopters,
        }));
    const catalogue = fc
      .integer({ min: 0, max: 40 })
      .chain((size) => fc.tuple(...Array.from({ length: size }, (_, i) => ranked(i * 3 + 1))));
    const changes = fc
      .array(
        fc
          .integer({ min: 1, max: 130 })
          .chain((resourceId) =>
            fc
              .option(ranked(resourceId), { nil: undefined })
              .map((document) => [resourceId, document] as const),
          ),
        { maxLength: 12 },
      )
      .map((pairs) => new Map(pairs));
    fc.assert(
      fc.property(
        catalogue,
        fc.array(changes, { minLength: 1, maxLength: 3 }),
        fc.array(arbitraryQuery, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('rating' as const, 'adoption' as const),
        (documentsAtStart, changeSets, queries, sort) => {
          const documents = new Map(documentsAtStart.map((document) => [document.resourceId, document]));
          let segmented = SegmentedIndex.of(build(documents.values()), { recentLimit: 5 });
          for (const changeSet of changeSets) {
            segmented = segmented.withChanges(changeSet);
            for (const [resourceId, document] of changeSet) {
              if (document) documents.set(resourceId, document);
              else documents.delete(resourceId);
            }
          }
          const fresh = build(documents.values());
          const empty: IndexQuery = { terms: [], facetGroups: [], sort, offset: 0, limit: 10 };
          for (const query of [empty, ...queries.map((q) => ({ ...q, sort }))]) {
            expect(comparable(segmented.search(query))).toEqual(comparable(fresh.search(query)));
          }
          // The fresh index's whole order is the documented one.
          const all = fresh.search({ ...empty, limit: 1000 }).hits;
          const expected = [...all].sort(sort === 'rating' ? compareRating : compareAdoption);
          expect(all.map((hit) => hit.resourceId)).toEqual(expected.map((hit) => hit.resourceId));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('forgets a word once its only document is removed', () => {
    const volcano: IndexedDocument = {
      resourceId: 7,
      lowestPriceCents: 0,
      publishedDay: 19_000,
      title: 'Volcans',
      facetIds: [1],
      lexemesA: ['volcan'],
      lexemesB: [],
      lexemesOther: [],
    };
    const segmented = SegmentedIndex.of(build([volcano]));
    const term = { exact: ['volcan'], prefixes: [] };
    expect(segmented.hasMatches(term)).toBe(true);
    expect(segmented.withChanges(new Map([[7, undefined]])).hasMatches(term)).toBe(false);
    const renamed = segmented.withChanges(new Map([[7, { ...volcano, lexemesA: ['seism'] }]]));
    expect(renamed.hasMatches(term)).toBe(false);
    expect(renamed.hasMatches({ exact: ['seism'], prefixes: [] })).toBe(true);
  });
});
