import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { MAX_QUERY_LENGTH, buildTsQuery, foldText, parseSearchQuery, searchTokens } from './search-query.js';

describe('parseSearchQuery', () => {
  it('applies defaults to an empty query', () => {
    expect(parseSearchQuery({})).toEqual({ text: '', filters: {}, sort: 'relevance', page: 1, pageSize: 20 });
  });

  it('turns repeated parameters into OR lists and drops blanks and duplicates', () => {
    const query = parseSearchQuery({ level: ['a', 'b', 'a', ' '], discipline: 'x', q: ' énergie ' });
    expect(query.filters).toEqual({ level: ['a', 'b'], discipline: ['x'] });
    expect(query.text).toBe('énergie');
  });

  it('converts euro price bounds to cents', () => {
    const query = parseSearchQuery({ priceMin: '5', priceMax: '120' });
    expect(query.priceMinCents).toBe(500);
    expect(query.priceMaxCents).toBe(12000);
  });

  it.each([
    [{ page: '-1' }, 'numéro de page'],
    [{ page: '0' }, 'numéro de page'],
    [{ pageSize: '100000' }, 'taille de page'],
    [{ pageSize: 'abc' }, 'taille de page'],
    [{ sort: 'random' }, 'tri'],
    [{ priceMin: '-3' }, 'prix minimum'],
    [{ q: 'x'.repeat(10_240) }, 'trop longue'],
    [{ page: '600', pageSize: '100' }, 'premiers résultats'],
  ])('rejects %j with a French message', (raw, fragment) => {
    expect.assertions(3);
    expect(() => parseSearchQuery(raw)).toThrow(AppError);
    try {
      parseSearchQuery(raw);
    } catch (error) {
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
      expect((error as AppError).message).toContain(fragment);
    }
  });

  it('accepts a query of exactly the maximum length', () => {
    expect(parseSearchQuery({ q: 'a'.repeat(MAX_QUERY_LENGTH) }).text).toHaveLength(MAX_QUERY_LENGTH);
  });
});

describe('searchTokens', () => {
  it('folds case, accents and ligatures', () => {
    expect(foldText('Énergie ŒUVRE Çà')).toBe('energie oeuvre ca');
    expect(searchTokens('Les Énergies renouvelables à l’école')).toEqual([
      'energies',
      'renouvelables',
      'ecole',
    ]);
  });

  it('neutralises SQL and HTML injection attempts into plain words', () => {
    expect(searchTokens("'; DROP TABLE resources; --")).toEqual(['drop', 'table', 'resources']);
    expect(searchTokens('<script>alert(1)</script>')).toEqual(['script', 'alert', '1']);
  });

  it('only ever yields [a-z0-9] tokens, at most ten, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const tokens = searchTokens(text);
        expect(tokens.length).toBeLessThanOrEqual(10);
        for (const token of tokens) expect(token).toMatch(/^[a-z0-9]+$/);
      }),
    );
  });
});

describe('buildTsQuery', () => {
  it('ANDs the words, the last one as a prefix, with typo alternatives ORed', () => {
    expect(buildTsQuery(['energie', 'solaire'], new Map())).toBe('energie & solaire:*');
    expect(buildTsQuery(['enregie', 'solaire'], new Map([['enregie', ['energie']]]))).toBe(
      '(enregie | energie) & solaire:*',
    );
  });
});
