import { describe, expect, it } from 'vitest';
import {
  expandLevels,
  facetKeys,
  facetVocabularies,
  isOpenFacet,
  levels,
  priceBandOf,
  priceBands,
} from './vocabulary.js';

describe('levels hierarchy', () => {
  it('adds the cycle of a class, once', () => {
    // 4e and 3e both belong to cycle 4.
    expect(expandLevels(['scolomfr-voc-022-num-021', 'scolomfr-voc-022-num-023']).sort()).toEqual(
      ['scolomfr-voc-022-num-021', 'scolomfr-voc-022-num-023', 'scolomfr-voc-022-num-621'].sort(),
    );
  });

  it('ignores unknown codes', () => {
    expect(expandLevels(['nope'])).toEqual([]);
  });

  it('every parent is itself a top-level entry listed before its children', () => {
    levels.forEach((level, index) => {
      if (!level.parent) return;
      const parentIndex = levels.findIndex((candidate) => candidate.code === level.parent);
      expect(parentIndex).toBeGreaterThanOrEqual(0);
      expect(parentIndex).toBeLessThan(index);
      expect(levels[parentIndex]!.parent).toBeUndefined();
    });
  });
});

describe('price bands', () => {
  it('places every price in exactly one band', () => {
    for (const cents of [0, 1, 1999, 2000, 4999, 5000, 9999, 10000, 29999, 30000, 10_000_000]) {
      const matching = priceBands.filter(
        (b) => cents >= b.minCents && (b.maxCents === null || cents < b.maxCents),
      );
      expect(matching).toHaveLength(1);
      expect(priceBandOf(cents)).toBe(matching[0]!.code);
    }
  });
});

describe('facet vocabularies', () => {
  it('have unique codes and French labels', () => {
    for (const key of facetKeys) {
      if (isOpenFacet(key)) continue;
      const codes = facetVocabularies[key].map((concept) => concept.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const concept of facetVocabularies[key]) expect(concept.label.length).toBeGreaterThan(0);
    }
  });
});
