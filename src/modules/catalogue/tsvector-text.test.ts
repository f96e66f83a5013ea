import { describe, expect, it } from 'vitest';
import { parseTsvectorText } from './tsvector-text.js';

describe('parseTsvectorText', () => {
  it('splits lexemes by their best weight', () => {
    expect(parseTsvectorText("'energ':2A,9C 'solair':3B 'toit':12C 'vent':4")).toEqual({
      a: ['energ'],
      b: ['solair'],
      all: ['energ', 'solair', 'toit', 'vent'],
    });
  });

  it('keeps the best weight whatever the position order', () => {
    expect(parseTsvectorText("'x':7C,2B,9A").a).toEqual(['x']);
  });

  it('reads doubled quotes, backslashes, hyphens and lexemes without positions', () => {
    expect(parseTsvectorText("'l''eau':1A 'a\\\\b':2B 'physique-chim':3C 'nu'").all).toEqual([
      "l'eau",
      'a\\b',
      'physique-chim',
      'nu',
    ]);
  });

  it('returns nothing for an empty vector', () => {
    expect(parseTsvectorText('')).toEqual({ a: [], b: [], all: [] });
  });
});
