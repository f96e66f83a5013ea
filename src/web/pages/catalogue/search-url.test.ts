import { describe, expect, test } from 'vitest';
import { parseSearchQuery } from '../../../modules/catalogue/search-query.js';
import { lastPageOf, pageWindow } from './pagination.js';
import { atPage, searchHref, searchStateOf, without, withoutAnyFilter, withoutValue } from './search-url.js';

const CYCLE_4_URI = 'http://data.education.fr/voc/scolomfr/concept/scolomfr-voc-022-num-621';

describe('search URLs', () => {
  test('a state has one URL: stable parameter order, defaults left out, URIs as codes', () => {
    const state = searchStateOf(
      parseSearchQuery({
        sort: 'relevance',
        cost: 'no',
        q: ' énergie ',
        level: CYCLE_4_URI,
        page: '1',
        priceMax: '',
      }),
    );
    expect(searchHref(state)).toBe('/recherche?q=%C3%A9nergie&level=scolomfr-voc-022-num-621&cost=no');
    expect(searchHref(searchStateOf(parseSearchQuery({})))).toBe('/recherche');
  });

  test('a URL parses back to the same state', () => {
    const href =
      '/recherche?q=volcan&level=a&level=b&format=c&priceMin=5&priceMax=50&sort=price&page=3&pageSize=50';
    const query = Object.fromEntries(
      [...new URL(href, 'http://x').searchParams.keys()].map((key) => {
        const values = new URL(href, 'http://x').searchParams.getAll(key);
        return [key, values.length === 1 ? values[0] : values];
      }),
    );
    expect(searchHref(searchStateOf(parseSearchQuery(query)))).toBe(href);
  });

  test('removing a value, a facet, the words or the price goes back to page 1 and keeps the rest', () => {
    const state = searchStateOf(
      parseSearchQuery({ q: 'eau', level: ['a', 'b'], cost: 'no', priceMin: '2', sort: 'title', page: '4' }),
    );
    expect(searchHref(withoutValue(state, 'level', 'a'))).toBe(
      '/recherche?q=eau&level=b&cost=no&priceMin=2&sort=title',
    );
    expect(searchHref(without(state, 'level'))).toBe('/recherche?q=eau&cost=no&priceMin=2&sort=title');
    expect(searchHref(without(state, 'q'))).toBe('/recherche?level=a&level=b&cost=no&priceMin=2&sort=title');
    expect(searchHref(without(state, 'price'))).toBe('/recherche?q=eau&level=a&level=b&cost=no&sort=title');
    expect(searchHref(withoutAnyFilter(state))).toBe('/recherche?q=eau&sort=title');
    expect(searchHref(atPage(state, 5))).toContain('page=5');
  });
});

describe('pagination', () => {
  test('shows the first, the last and the neighbours of the current page, with ellipses', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 8)).toEqual([1, 2, null, 8]);
    expect(pageWindow(5, 8)).toEqual([1, null, 4, 5, 6, 7, 8]);
    expect(pageWindow(3, 8)).toEqual([1, 2, 3, 4, null, 8]);
  });

  test('stops at the last reachable page', () => {
    expect(lastPageOf(0, 20)).toBe(1);
    expect(lastPageOf(41, 20)).toBe(3);
    expect(lastPageOf(1_000_000, 20)).toBe(500);
  });
});
