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

  test('the title and the heading name the corrected words, accents included', () => {
    const html = renderResultsPage(
      searchStateOf(parseSearchQuery({ q: 'enregie' })),
      emptyResult({ total: 3, correctedText: 'énergie' }),
    );
    expect(html).toContain('<title>« énergie » : 3 ressources - Recherche');
    expect(html).toMatch(/<h2 id="resultats-titre"[^>]*>3 ressources pour « énergie »<\/h2>/);
  });

  const facet = (
    value: string,
    label: string,
    extra: Partial<SearchResult['facets']['level'][number]> = {},
  ) => ({
    value,
    label,
    count: 5,
    selected: false,
    ...extra,
  });

  test('levels fold classes under their cycle, opened when a class is ticked', () => {
    const html = renderResultsPage(
      searchStateOf(parseSearchQuery({})),
      emptyResult({
        total: 5,
        facets: {
          ...emptyResult().facets,
          level: [
            facet('c3', 'cycle 3 (2016)'),
            facet('cm1', 'CM1', { parent: 'c3' }),
            facet('c4', 'cycle 4 (2016)'),
            facet('5e', '5e', { parent: 'c4', selected: true }),
            facet('4e', '4e', { parent: 'c4' }),
          ],
        },
      }),
    );
    expect(html).toContain(
      '<details class="ccr-facet__more"><summary>Détailler : cycle 3 (1 classe)</summary>',
    );
    expect(html).toContain(
      '<details class="ccr-facet__more" open><summary>Détailler : cycle 4 (2 classes)</summary>',
    );
    // Each class's box sits inside its cycle's disclosure.
    expect(html).toMatch(/Détailler : cycle 4[^]*?value="5e"[^]*?value="4e"[^]*?<\/details>/);
  });

  test('"gratuit" is offered once, under Coût, unless the URL chose the free price band', () => {
    const facets = {
      ...emptyResult().facets,
      cost: [facet('no', 'gratuit'), facet('yes', 'payant')],
      price: [facet('free', 'gratuit'), facet('lt50', 'moins de 50 €')],
    };
    const html = renderResultsPage(searchStateOf(parseSearchQuery({})), emptyResult({ total: 5, facets }));
    expect(html.match(/>gratuit \(5\)</g)).toHaveLength(1);
    expect(html).toContain('name="cost" value="no"');
    expect(html).not.toContain('name="price" value="free"');
    const chosen = renderResultsPage(
      searchStateOf(parseSearchQuery({})),
      emptyResult({ total: 5, facets: { ...facets, price: [facet('free', 'gratuit', { selected: true })] } }),
    );
    expect(chosen).toContain('name="price" value="free" checked');
  });

  test('labels take typographic apostrophes', () => {
    const html = renderResultsPage(
      searchStateOf(parseSearchQuery({})),
      emptyResult({
        total: 5,
        facets: { ...emptyResult().facets, type: [facet('manuel', "manuel d'enseignement")] },
      }),
    );
    expect(html).toContain('manuel d’enseignement (5)');
    expect(html).not.toContain("d'enseignement");
  });

  test('the filters script is loaded from our origin, deferred', () => {
    const html = renderResultsPage(searchStateOf(parseSearchQuery({})), emptyResult());
    expect(html).toMatch(/<script defer src="\/static\/app\/[^"]+\/search-filters\.js"><\/script>/);
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
