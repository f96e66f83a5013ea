// Browser journeys of a teacher looking for resources: one search box, facets with counts, sorting,
// free resources, empty results that are never a dead end, and URLs that hold the whole state.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  DEVICE_WIDTHS,
  TABLET,
  axeViolations,
  facetValues,
  hasNoHorizontalScroll,
  launchBrowser,
  newContext,
  plainSpaces,
  resultTitles,
  resultTotal,
  screenshot,
  tick,
  watchErrors,
} from './support/browser.js';

const CYCLE_4 = 'scolomfr-voc-022-num-621';
const DOWNLOADABLE = 'scolomfr-voc-046-num-003';
const SVT = 'scolomfr-voc-015-num-069';
const PHYSICS_CHEMISTRY = 'scolomfr-voc-015-num-061';
const TECHNOLOGY = 'scolomfr-voc-015-num-077';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Types words in the search box of the current page and submits, as a user does. */
async function searchFor(page: Page, words: string, inputId = 'q'): Promise<void> {
  await page.locator(`#${inputId}`).fill(words);
  await Promise.all([page.waitForURL(/\/recherche\?/), page.locator(`#${inputId}`).press('Enter')]);
}

/**
 * With JavaScript a ticked box applies at once: ticks it and waits for the page it loads. (Without
 * JavaScript, tick then applyFilters.)
 */
async function tickAndWait(page: Page, name: string, value: string): Promise<void> {
  await Promise.all([
    page.waitForURL((url) => url.searchParams.getAll(name).includes(value)),
    tick(page, name, value),
  ]);
  await page.waitForLoadState('domcontentloaded');
}

async function applyFilters(page: Page): Promise<void> {
  await Promise.all([
    page.waitForURL(/\/recherche\?/),
    page.getByRole('button', { name: 'Appliquer les filtres' }).click(),
  ]);
}

/** Card prices in page order, in cents: "Gratuit" is 0. */
async function cardPrices(page: Page): Promise<number[]> {
  const cards = await page.locator('.ccr-results .fr-card__start').allInnerTexts();
  return cards.map((text) => {
    if (/gratuit/i.test(text)) return 0;
    const match = /à partir de ([\d\s\u202f\u00a0]+),(\d\d)/.exec(text);
    if (!match) throw new Error(`No price in "${text}"`);
    return Number(match[1]!.replace(/\D/g, '')) * 100 + Number(match[2]);
  });
}

describe('searching the catalogue', () => {
  test('1. "énergie" across disciplines and producers, narrowed to cycle 4 downloadable, sorted by price', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(server.url);
    await screenshot(page, 'search-01-home');

    await searchFor(page, 'énergie', 'recherche-accueil');
    expect(new URL(page.url()).searchParams.get('q')).toBe('énergie');
    await screenshot(page, 'search-02-energie');
    const total = await resultTotal(page);
    expect(total).toBeGreaterThan(20);

    // The technology teacher of 2011 had to open SVT and physique-chimie publisher by publisher.
    const disciplines = await facetValues(page, 'discipline');
    for (const code of [SVT, PHYSICS_CHEMISTRY, TECHNOLOGY]) {
      const value = disciplines.find((d) => d.value === code);
      expect(value, code).toBeDefined();
      expect(value!.count).toBeGreaterThan(0);
    }
    const costs = await facetValues(page, 'cost');
    expect(costs.find((c) => c.value === 'no')?.count).toBeGreaterThan(0);
    expect(costs.find((c) => c.value === 'yes')?.count).toBeGreaterThan(0);
    expect((await facetValues(page, 'producer')).length).toBeGreaterThanOrEqual(3);
    const producersOnPage = new Set(await page.locator('.ccr-results .fr-card__detail').allInnerTexts());
    expect(producersOnPage.size).toBeGreaterThanOrEqual(2);

    // Accents, plurals and an unfinished word find the same resources.
    const topResults = (await resultTitles(page)).slice(0, 10);
    for (const variant of ['energie', 'énergies', 'energi']) {
      await searchFor(page, variant);
      const variantTotal = await resultTotal(page);
      expect(variantTotal, variant).toBeGreaterThan(0);
      expect(Math.abs(variantTotal - total) / total, variant).toBeLessThan(0.2);
      const overlap = (await resultTitles(page)).slice(0, 10).filter((title) => topResults.includes(title));
      expect(overlap.length, variant).toBeGreaterThanOrEqual(5);
    }

    await searchFor(page, 'énergie');
    await tickAndWait(page, 'level', CYCLE_4);
    await tickAndWait(page, 'format', DOWNLOADABLE);
    const narrowed = new URL(page.url()).searchParams;
    expect(narrowed.getAll('level')).toEqual([CYCLE_4]);
    expect(narrowed.getAll('format')).toEqual([DOWNLOADABLE]);
    const narrowedTotal = await resultTotal(page);
    expect(narrowedTotal).toBeGreaterThan(0);
    expect(narrowedTotal).toBeLessThan(total);
    // Selected values stay visible, ticked, with their counts; active filters are removable tags.
    const level = (await facetValues(page, 'level')).find((v) => v.value === CYCLE_4);
    expect(level?.checked).toBe(true);
    expect(level?.count).toBeGreaterThan(0);
    const tags = (await page.locator('.ccr-active-filters .fr-tag').allInnerTexts()).map(plainSpaces);
    expect(tags.some((tag) => tag.includes('Niveau : cycle 4'))).toBe(true);
    expect(tags.some((tag) => tag.includes('Format : téléchargeable'))).toBe(true);
    await screenshot(page, 'search-03-cycle4-downloadable');
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('#sort').selectOption('price');
    await Promise.all([page.waitForURL(/sort=price/), page.getByRole('button', { name: 'Trier' }).click()]);
    expect(new URL(page.url()).searchParams.getAll('level')).toEqual([CYCLE_4]);
    expect(await resultTotal(page)).toBe(narrowedTotal);
    const prices = await cardPrices(page);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    await screenshot(page, 'search-04-sorted-by-price');

    const firstTitle = (await resultTitles(page))[0]!;
    await Promise.all([
      page.waitForURL(/\/ressources\//),
      page.locator('.ccr-results .fr-card__title a').first().click(),
    ]);
    expect(await page.locator('h1').innerText()).toBe(firstTitle);
    await screenshot(page, 'search-05-first-product');
    await context.close();
  });

  test('3. free resources come from public bodies, communities and teachers, with facets', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(server.url);
    await Promise.all([page.waitForURL(/cost=no/), page.locator('a[href="/recherche?cost=no"]').click()]);
    await screenshot(page, 'free-01-results');
    expect(await resultTotal(page)).toBeGreaterThan(0);
    expect((await facetValues(page, 'cost')).find((c) => c.value === 'no')?.checked).toBe(true);

    const producers = await server.database.db.selectFrom('producers').select(['code', 'kind']).execute();
    const kindOf = new Map(producers.map((p) => [p.code, p.kind]));
    const kinds = new Set((await facetValues(page, 'producer')).map((value) => kindOf.get(value.value)));
    for (const kind of ['public', 'collaborative', 'teacher']) expect(kinds, kind).toContain(kind);
    // Every other facet still narrows the free resources.
    for (const facet of ['level', 'discipline', 'type', 'format']) {
      expect((await facetValues(page, facet)).length, facet).toBeGreaterThan(0);
    }
    const cards = await page.locator('.ccr-results .fr-card__start').allInnerTexts();
    expect(cards.every((text) => /gratuit/i.test(text))).toBe(true);
    await context.close();
  });

  test('4. empty results offer relaxations, and a typo is corrected', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/recherche?q=${encodeURIComponent('énergie')}`);
    // Free resources above 100 €: nothing can match.
    await tickAndWait(page, 'cost', 'no');
    // A price is typed, then applied with the button (or Enter).
    await page.locator('#priceMin').fill('100');
    await applyFilters(page);
    expect(await resultTotal(page)).toBe(0);
    const relaxations = page.locator('.ccr-relaxations a');
    const texts = (await relaxations.allInnerTexts()).map(plainSpaces);
    expect(texts.some((text) => /^Retirer le filtre « Coût » : \d+ ressources?$/.test(text))).toBe(true);
    expect(texts.some((text) => /^Retirer la fourchette de prix : \d+ ressources?$/.test(text))).toBe(true);
    await screenshot(page, 'empty-01-relaxations');
    expect(await axeViolations(page)).toEqual([]);

    const promised = Number(/: (\d[\d ]*) ressource/.exec(texts[0]!)![1]!.replace(/ /g, ''));
    await Promise.all([page.waitForURL(/\/recherche/), relaxations.first().click()]);
    expect(await resultTotal(page)).toBe(promised);
    expect(new URL(page.url()).searchParams.get('q')).toBe('énergie');
    await screenshot(page, 'empty-02-relaxed');

    await page.goto(`${server.url}/recherche?q=volcanisne`);
    const correction = plainSpaces(await page.locator('.ccr-correction').innerText());
    expect(correction).toBe('Résultats pour « volcanisme » — aucun résultat pour « volcanisne »');
    expect(await resultTotal(page)).toBeGreaterThan(0);
    await screenshot(page, 'empty-03-typo-corrected');

    // The title and the heading say what was searched, as the catalogue spells it.
    await page.goto(`${server.url}/recherche?q=enregie`);
    expect(plainSpaces(await page.locator('#resultats-titre').innerText())).toMatch(
      /^\d[\d ]* ressources? pour « énergie »$/,
    );
    expect(await page.title()).toMatch(/^« énergie » : /);

    await page.goto(`${server.url}/recherche?q=zzyzxquux`);
    expect(await resultTotal(page)).toBe(0);
    expect(await page.getByRole('link', { name: 'Parcourir toutes les ressources' }).count()).toBe(1);
    await screenshot(page, 'empty-04-nothing');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('the filter panel', () => {
  test('6. with JavaScript a ticked box applies at once, to the URL the button gives without it', async () => {
    const start = `${server.url}/recherche?q=${encodeURIComponent('énergie')}`;
    const noJs = await newContext(browser, { javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(start);
    expect(await plain.locator('.ccr-filters__auto').isVisible()).toBe(false);
    await tick(plain, 'discipline', TECHNOLOGY);
    await applyFilters(plain);
    const withoutScript = plain.url();
    await noJs.close();

    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(start);
    // The page says beforehand that a box applies at once (RGAA 7.5).
    expect(await page.locator('.ccr-filters__auto').isVisible()).toBe(true);
    await tickAndWait(page, 'discipline', TECHNOLOGY);
    expect(page.url()).toBe(withoutScript);
    expect((await facetValues(page, 'discipline')).find((v) => v.value === TECHNOLOGY)?.checked).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('7. a short panel: classes folded under their cycle, "gratuit" once, the button in view', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/recherche`);
    // Cycles and tracks show; their classes wait behind "Détailler".
    const levels = page.locator('input[name="level"]');
    expect(await levels.count()).toBeGreaterThan(15);
    const shown = await levels.evaluateAll((inputs) => inputs.filter((i) => i.checkVisibility()).length);
    expect(shown).toBeLessThanOrEqual(8);
    await page.locator('summary', { hasText: 'Détailler : cycle 4' }).click();
    expect(await page.locator('label', { hasText: /^4e \(/ }).isVisible()).toBe(true);

    const gratuit = await page
      .locator('#filtres label')
      .filter({ hasText: /^gratuit \(/ })
      .count();
    expect(gratuit).toBe(1);
    expect((await facetValues(page, 'cost')).some((v) => v.value === 'no')).toBe(true);
    expect(await page.locator('#filtres').innerText()).not.toContain("'");

    // The button stays in view from the top of the panel on.
    const button = page.getByRole('button', { name: 'Appliquer les filtres' });
    for (const where of ['#filtres h2', 'input[name="level"]', '#priceMin']) {
      await page.locator(where).first().scrollIntoViewIfNeeded();
      const box = (await button.boundingBox())!;
      expect(box.y, where).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, where).toBeLessThanOrEqual(900);
    }
    await screenshot(page, 'filters-01-folded');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('on a phone, a tablet and a desktop', () => {
  for (const { name: device, viewport } of DEVICE_WIDTHS) {
    test(`8. ${device} (${viewport.width} px): a typo corrected, a filter applied at once, the button in reach`, async () => {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${server.url}/`);
      await searchFor(page, 'volcanisne', 'recherche-accueil');
      // The heading names the corrected words as the catalogue spells them.
      expect(plainSpaces(await page.locator('.ccr-correction').innerText())).toBe(
        'Résultats pour « volcanisme » — aucun résultat pour « volcanisne »',
      );
      const before = await resultTotal(page);
      expect(before).toBeGreaterThan(0);
      expect(await hasNoHorizontalScroll(page)).toBe(true);
      await screenshot(page, `search-${device}-01-corrected`);
      expect(await axeViolations(page)).toEqual([]);

      // With JavaScript, ticking a box applies it: no button to find 3,000 px down.
      await page.goto(`${server.url}/recherche?q=${encodeURIComponent('énergie')}`);
      const unfiltered = await resultTotal(page);
      await tickAndWait(page, 'cost', 'no');
      expect(await resultTotal(page)).toBeLessThan(unfiltered);
      const button = page.getByRole('button', { name: 'Appliquer les filtres' });
      await page.locator('input[name="level"]').first().scrollIntoViewIfNeeded();
      const box = (await button.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      await screenshot(page, `search-${device}-02-filtered`);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

describe('every state is a URL', () => {
  test('5a. reload in a fresh page and the back button give the same states', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/recherche?q=${encodeURIComponent('énergie')}`);
    await tickAndWait(page, 'discipline', TECHNOLOGY);
    const withDiscipline = {
      url: page.url(),
      total: await resultTotal(page),
      titles: await resultTitles(page),
    };
    await tickAndWait(page, 'level', CYCLE_4);
    const withLevel = { url: page.url(), total: await resultTotal(page), titles: await resultTitles(page) };
    expect(withLevel.total).toBeLessThan(withDiscipline.total);
    const secondPage = page.locator('.fr-pagination a[title="Page 2"]');
    const paged = (await secondPage.count()) > 0;
    if (paged) {
      await Promise.all([page.waitForURL(/page=2/), secondPage.click()]);
      expect(await page.locator('.fr-pagination [aria-current="page"]').innerText()).toBe('2');
    }

    const fresh = await (await newContext(browser)).newPage();
    await fresh.goto(withLevel.url);
    expect(await resultTotal(fresh)).toBe(withLevel.total);
    expect(await resultTitles(fresh)).toEqual(withLevel.titles);
    await fresh.context().close();

    if (paged) await page.goBack();
    expect(page.url()).toBe(withLevel.url);
    await page.goBack();
    expect(page.url()).toBe(withDiscipline.url);
    expect(await resultTotal(page)).toBe(withDiscipline.total);
    expect(await resultTitles(page)).toEqual(withDiscipline.titles);
    expect((await facetValues(page, 'level')).find((v) => v.value === CYCLE_4)?.checked).toBe(false);
    await context.close();
  });

  test('5b. without JavaScript: search, filter, sort, page, product and comparison all work', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url);
    await searchFor(page, 'énergie', 'recherche-accueil');
    const total = await resultTotal(page);
    await tick(page, 'discipline', PHYSICS_CHEMISTRY);
    await tick(page, 'cost', 'yes'); // a paid product, so its page has the comparison form
    await applyFilters(page);
    expect(await resultTotal(page)).toBeLessThan(total);
    await page.locator('#sort').selectOption('newest');
    await Promise.all([page.waitForURL(/sort=newest/), page.getByRole('button', { name: 'Trier' }).click()]);
    await screenshot(page, 'nojs-01-filtered-sorted');
    if ((await page.locator('.fr-pagination a[title="Page 2"]').count()) > 0) {
      await Promise.all([
        page.waitForURL(/page=2/),
        page.locator('.fr-pagination a[title="Page 2"]').click(),
      ]);
      expect(await page.locator('.fr-pagination [aria-current="page"]').innerText()).toBe('2');
    }
    await Promise.all([
      page.waitForURL(/\/ressources\//),
      page.locator('.ccr-results .fr-card__title a').first().click(),
    ]);
    await page.locator('#besoin-eleves').fill('120');
    await Promise.all([
      page.waitForURL(/eleves=120/),
      page.getByRole('button', { name: 'Comparer les offres' }).click(),
    ]);
    expect(plainSpaces(await page.locator('.ccr-compare .fr-callout').innerText())).toMatch(/120 élèves/);
    await screenshot(page, 'nojs-02-product');
    await context.close();
  });

  test('5c. on a tablet (768×1024) nothing scrolls sideways', async () => {
    const context = await newContext(browser, { viewport: TABLET });
    const page = await context.newPage();
    await page.goto(server.url);
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await screenshot(page, 'tablet-01-home');
    await searchFor(page, 'énergie', 'recherche-accueil');
    await tickAndWait(page, 'level', CYCLE_4);
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await screenshot(page, 'tablet-02-results');
    await Promise.all([
      page.waitForURL(/\/ressources\//),
      page.locator('.ccr-results .fr-card__title a').first().click(),
    ]);
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await screenshot(page, 'tablet-03-product');
    await context.close();
  });
});
