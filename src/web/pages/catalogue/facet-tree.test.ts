import { describe, expect, test } from 'vitest';
import { foldFacetValues } from './facet-tree.js';

const value = (code: string, parent?: string) => ({
  value: code,
  label: code,
  count: 1,
  selected: false,
  ...(parent ? { parent } : {}),
});

describe('folding the level facet', () => {
  test('classes sit under their cycle, in the order given', () => {
    const folded = foldFacetValues([
      value('cycle3'),
      value('cm1', 'cycle3'),
      value('6e', 'cycle3'),
      value('cycle4'),
      value('5e', 'cycle4'),
      value('lycee'),
    ]);
    expect(folded.map((branch) => [branch.value.value, branch.children.map((c) => c.value)])).toEqual([
      ['cycle3', ['cm1', '6e']],
      ['cycle4', ['5e']],
      ['lycee', []],
    ]);
  });

  test('a class whose cycle is not listed stands on its own', () => {
    const folded = foldFacetValues([value('cycle4'), value('cm2', 'cycle3'), value('4e', 'cycle4')]);
    expect(folded.map((branch) => [branch.value.value, branch.children.map((c) => c.value)])).toEqual([
      ['cycle4', ['4e']],
      ['cm2', []],
    ]);
  });
});
