// Random documents and queries for the property tests of the search index and its segments.
import fc from 'fast-check';
import type { IndexQuery, TermAlternatives } from '../../src/modules/catalogue/search-index.js';

export const LEXEMES = ['energ', 'energet', 'solair', 'volcan', 'manuel', 'cellul', 'fraction', 'climat'];

export const arbitraryDocument = (resourceId: number) =>
  fc.record({
    resourceId: fc.constant(resourceId),
    lowestPriceCents: fc.integer({ min: 0, max: 40_000 }),
    publishedDay: fc.integer({ min: 14_000, max: 20_000 }),
    title: fc.constantFrom(
      'Énergie',
      'énergie solaire',
      'Volcans',
      'Cellules',
      'Atlas',
      'abc',
      'Zèbre',
      'été',
    ),
    facetIds: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 6 }),
    lexemesA: fc.subarray(LEXEMES, { maxLength: 2 }),
    lexemesB: fc.subarray(LEXEMES, { maxLength: 3 }),
    lexemesOther: fc.subarray(LEXEMES, { maxLength: 4 }),
  });

export const arbitraryCatalogue = fc
  .integer({ min: 0, max: 40 })
  .chain((size) => fc.tuple(...Array.from({ length: size }, (_, i) => arbitraryDocument(i * 3 + 1))));

export const arbitraryTerm: fc.Arbitrary<TermAlternatives> = fc.oneof(
  fc.record({ exact: fc.subarray(LEXEMES, { minLength: 1, maxLength: 2 }), prefixes: fc.constant([]) }),
  fc.record({
    exact: fc.constant([]),
    prefixes: fc.subarray(['ener', 'sol', 'v', 'manuel', 'zz'], { minLength: 1, maxLength: 2 }),
  }),
);

const facetValueIds = fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 });

/** Facet groups, and sometimes (as the search service does) the values whose counts each group wants. */
const arbitraryGroups = fc.array(facetValueIds, { maxLength: 3 }).chain((facetGroups) =>
  fc.record({
    facetGroups: fc.constant(facetGroups),
    groupFacets: fc.option(
      fc.tuple(...facetGroups.map(() => fc.uniqueArray(fc.integer({ min: 1, max: 14 })))),
      {
        nil: undefined,
      },
    ),
  }),
);

export const arbitraryQuery: fc.Arbitrary<IndexQuery> = fc
  .record({
    terms: fc.array(arbitraryTerm, { maxLength: 2 }),
    groups: arbitraryGroups,
    priceMinCents: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
    priceMaxCents: fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: undefined }),
    sort: fc.constantFrom('relevance' as const, 'price' as const, 'newest' as const, 'title' as const),
    offset: fc.integer({ min: 0, max: 10 }),
    limit: fc.integer({ min: 0, max: 10 }),
  })
  .map(({ groups, ...query }) => ({
    ...query,
    facetGroups: groups.facetGroups,
    ...(groups.groupFacets ? { groupFacets: groups.groupFacets } : {}),
  }));
