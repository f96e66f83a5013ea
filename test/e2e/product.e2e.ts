// Browser journey of a teacher comparing the offers of one product: the whole notice, every offer side
// by side, the cheapest for the need, and bundles that link to the resources they contain.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compareOffers } from '../../src/modules/catalogue/offer-comparison.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { axeViolations, launchBrowser, newContext, plainSpaces, screenshot } from './support/browser.js';

interface ApiOffer {
  id: number;
  label: string;
  priceCents: number;
  tariff: { value: 'normal' | 'adopter' };
  licence: { value: 'single-seat' | 'multi-seat' | 'class' | 'establishment' | 'open' };
  seats: number | null;
  durationMonths: number | null;
  bundle: boolean;
  covers: { identifier: string; title: string; url: string }[];
}

interface ApiResource {
  id: string;
  title: string;
  url: string;
  offers: ApiOffer[];
}

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${server.url}${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** A paid resource whose offers include a bundle, found through the JSON API. */
async function resourceWithBundle(): Promise<ApiResource> {
  const page = await api<{ items: { id: string }[] }>('/api/resources?cost=yes&pageSize=100');
  for (const item of page.items) {
    const resource = await api<ApiResource>(`/api/resources/${encodeURIComponent(item.id)}`);
    if (resource.offers.some((offer) => offer.bundle) && resource.offers.length >= 3) return resource;
  }
  throw new Error('No resource with a bundle offer in the first 100 paid resources');
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

describe('product page', () => {
  test('2. notice, offers side by side, cheapest offer for 30 pupils over 12 months, bundle contents', async () => {
    const resource = await resourceWithBundle();
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}${resource.url}`);
    expect(await page.locator('h1').innerText()).toBe(resource.title);

    const fields = await page.locator('.ccr-notice dt').allInnerTexts();
    for (const field of [
      'Producteur',
      'Niveaux',
      'Disciplines',
      'Thèmes',
      'Type de ressource',
      'Formats',
      'Équipements',
      'Licence',
      'Accessibilité',
      'Démonstration ou spécimen',
      'Publiée le',
      'Mise à jour le',
      'Identifiant',
    ]) {
      expect(fields, field).toContain(field);
    }
    expect(await page.locator('.fr-table tbody tr').count()).toBe(resource.offers.length);
    const headers = (await page.locator('.fr-table thead th').allInnerTexts()).map(plainSpaces);
    // The total for the need comes right after the price, so it stays in view on a tablet.
    expect(headers[6]).toMatch(/^Total pour /);
    expect(headers).toEqual([
      'Offre',
      'Tarif',
      'Licence',
      'Durée',
      'Livraison',
      'Prix',
      headers[6],
      'Contenu',
    ]);
    await screenshot(page, 'product-01-notice');
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('#besoin-eleves').fill('30');
    await page.locator('#besoin-mois').fill('12');
    await Promise.all([
      page.waitForURL(/eleves=30/),
      page.getByRole('button', { name: 'Comparer les offres' }).click(),
    ]);
    const need = { seats: 30, months: 12, adopter: false };
    const expected = compareOffers(
      resource.offers.map((offer) => ({
        id: offer.id,
        priceCents: offer.priceCents,
        tariff: offer.tariff.value,
        licenceKind: offer.licence.value,
        seats: offer.seats,
        durationMonths: offer.durationMonths,
      })),
      need,
    );
    const callout = plainSpaces(await page.locator('.ccr-compare .fr-callout').innerText());
    expect(callout).toContain('Offre la moins chère pour 30 élèves pendant 12 mois');
    expect(callout).toContain(plainSpaces(euros.format(expected.lowestCents! / 100)));
    const cheapestRows = page.locator('.fr-table tbody tr.ccr-cheapest');
    expect(await cheapestRows.count()).toBe(expected.cheapest.size);
    expect(await cheapestRows.first().innerText()).toMatch(/la moins chère/i);
    await screenshot(page, 'product-02-compared');

    // The adopter tariff changes the comparison: adopter offers get a total instead of "réservée".
    await page.locator('label[for="besoin-adoptant"]').click();
    await Promise.all([
      page.waitForURL(/adoptant=/),
      page.getByRole('button', { name: 'Comparer les offres' }).click(),
    ]);
    expect(await page.locator('.fr-table tbody').innerText()).not.toContain('réservée aux adoptants');

    const bundle = resource.offers.find((offer) => offer.bundle)!;
    const bundleRow = page.locator('.fr-table tbody tr', { hasText: bundle.label }).first();
    expect(plainSpaces(await bundleRow.innerText())).toContain(`Lot de ${bundle.covers.length} ressources`);
    const others = bundle.covers.filter((item) => item.identifier !== resource.id);
    const links = bundleRow.locator('.ccr-bundle a');
    expect(await links.allInnerTexts()).toEqual(others.map((item) => item.title));
    await screenshot(page, 'product-03-bundle');
    await Promise.all([page.waitForURL(/\/ressources\//), links.first().click()]);
    expect(await page.locator('h1').innerText()).toBe(others[0]!.title);
    // The bundle shows on the product page of each resource it contains.
    expect(await page.locator('.fr-table tbody', { hasText: bundle.label }).count()).toBe(1);
    await context.close();
  });

  test('2b. a need out of range is refused with a French message next to the field (400)', async () => {
    const resource = await resourceWithBundle();
    const response = await fetch(`${server.url}${resource.url}?eleves=0&mois=12`);
    expect(response.status).toBe(400);

    const context = await newContext(browser);
    const page = await context.newPage();
    const visit = await page.goto(`${server.url}${resource.url}?eleves=abc&mois=99`);
    expect(visit?.status()).toBe(400);
    expect(await page.locator('#besoin-eleves-error').innerText()).toContain('nombre entier');
    expect(await page.locator('#besoin-mois-error').innerText()).toContain('entre 1 et 60');
    expect(await page.locator('#besoin-eleves').getAttribute('aria-describedby')).toContain(
      'besoin-eleves-error',
    );
    await screenshot(page, 'product-04-invalid-need');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
