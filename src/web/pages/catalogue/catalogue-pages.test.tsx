// Rendering checks that need no database: escaping, status-independent content, the need form rules.
import { describe, expect, test } from 'vitest';
import { parseSearchQuery } from '../../../modules/catalogue/search-query.js';
import type { SearchResult } from '../../../modules/catalogue/search.service.js';
import { facetKeys, type FacetKey } from '../../../modules/catalogue/vocabulary.js';
import { renderErrorPage } from '../../error-page.js';
import { parseNeed } from './need.js';
import { renderResultsPage, renderSearchErrorPage } from './results-page.js';
import { searchStateOf } from './search-url.js';

const HOSTILE = '"><script>alert(1)</script>';

function emptyResult(overrides: Partial<SearchResult> = {}): SearchResult {
  return {
    total: 0,
    page: 1,
    pageSize: 20,
    items: [],
    facets: Object.fromEntries(facetKeys.map((key) => [key, []])) as unknown as Record<FacetKey, []>,
    relaxations: [],
    ...overrides,
  };
}

describe('pages escape what users type', () => {
  test('the words of a search appear escaped on the results page', () => {
    const html = renderResultsPage(searchStateOf(parseSearchQuery({ q: HOSTILE })), emptyResult());
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).toContain('value="&quot;>&lt;script>');
  });

  test('error messages and search text are escaped too', () => {
    expect(renderErrorPage(400, HOSTILE)).not.toContain('<script>alert');
    expect(renderSearchErrorPage(HOSTILE, HOSTILE)).not.toContain('<script>alert');
  });
});

describe('results page', () => {
  test('an empty result lists the relaxations as links that remove one filter', () => {
    const state = searchStateOf(
      parseSearchQuery({ q: 'volcan', level: 'scolomfr-voc-022-num-621', cost: 'no' }),
    );
    const html = renderResultsPage(
      state,
      emptyResult({
        relaxations: [
          { remove: 'level', label: 'le filtre « Niveau »', count: 42 },
          { remove: 'q', label: 'les mots « volcan »', count: 7 },
        ],
      }),
    );
    expect(html).toContain(
      'href="/recherche?q=volcan&amp;cost=no">Retirer le filtre « Niveau » : 42 ressources</a>',
    );
    expect(html).toContain(
      'href="/recherche?level=scolomfr-voc-022-num-621&amp;cost=no">Retirer les mots « volcan » : 7 ressources</a>',
    );
  });

  test('a corrected query says what was searched instead', () => {
    const html = renderResultsPage(
      searchStateOf(parseSearchQuery({ q: 'volcanisne' })),
      emptyResult({ total: 3, correctedText: 'volcanisme' }),
    );
    expect(html).toContain(
      'Résultats pour <strong>« volcanisme »</strong> — aucun résultat pour « volcanisne »',
    );
  });

  test('the page is a complete French document with no inline script or style', () => {
    const html = renderResultsPage(searchStateOf(parseSearchQuery({})), emptyResult());
    expect(html.startsWith('<!DOCTYPE html><html lang="fr" data-fr-scheme="light">')).toBe(true);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
  });
});

describe('comparison need', () => {
  test('defaults to 30 pupils for 12 months without adopter tariff', () => {
    expect(parseNeed({})).toMatchObject({ ok: true, need: { seats: 30, months: 12, adopter: false } });
    expect(parseNeed({ eleves: '120', mois: '36', adoptant: 'oui' })).toMatchObject({
      ok: true,
      need: { seats: 120, months: 36, adopter: true },
    });
  });

  test('refuses what is not a whole number in range, field by field, in French', () => {
    const parsed = parseNeed({ eleves: '2,5', mois: '61' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.eleves).toContain('nombre entier');
    expect(parsed.errors.mois).toContain('entre 1 et 60');
    expect(parsed.form).toEqual({ eleves: '2,5', mois: '61', adoptant: false });
    expect(parseNeed({ eleves: '5001' }).ok).toBe(false);
    expect(parseNeed({ eleves: '' }).ok).toBe(false);
  });
});
