// Browser journey (issue 14, item 7): a visitor, not signed in, on a phone (375 px), opens the public
// statistics from the footer, goes through every page of the index with no axe-core violation and no
// console error, opens a school year from the period links, filters a page by period with the plain GET
// form, and downloads a table's CSV.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemoWorkspace } from '../../src/demo/workspace.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { checkPage, launchBrowser, newContext, PHONE, watchErrors } from './support/browser.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  await seedDemoWorkspace(server.database.db);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('public statistics', () => {
  test('a visitor on a phone reads every page, filters by period and downloads a CSV', async () => {
    const context = await newContext(browser, { viewport: PHONE });
    const page = await context.newPage();
    const errors = watchErrors(page);

    // The footer of any page links to them (here the notices' figures, the oldest statistics page).
    await page.goto(`${server.url}/statistiques/notices`);
    await page.locator('footer').getByRole('link', { name: 'Statistiques publiques' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistiques publiques' }).waitFor();
    await checkPage(page, 'statistics-index-phone');
    const links = await page
      .locator('main .fr-card__title a')
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
    expect(links).toContain('/statistiques/notices');
    expect(links).toContain('/statistiques/consommation');

    for (const href of links) {
      const response = await page.goto(`${server.url}${href}`);
      expect(response?.status(), href).toBe(200);
      await checkPage(page, `statistics${href.replace(/\//g, '-')}-phone`);
    }

    // The school years with orders are one link away; the one shown is marked as the current page.
    await page.goto(`${server.url}/statistiques/commandes/mois`);
    const periods = page.getByRole('navigation', { name: 'Afficher une période' });
    const schoolYear = periods.getByRole('link', { name: /^Année scolaire \d{4}-\d{4}$/ }).first();
    const label = (await schoolYear.textContent())!.trim();
    const start = Number(/\d{4}/.exec(label)![0]);
    await schoolYear.click();
    await page.waitForURL(new RegExp(`from=${start}-09&to=${start + 1}-08`));
    expect(await periods.getByRole('link', { name: label }).getAttribute('aria-current')).toBe('page');
    await checkPage(page, 'statistics-school-year-phone');

    // Any other range: the plain form.
    await page.goto(`${server.url}/statistiques/commandes/mois`);
    await page.getByLabel('Du mois').fill('2000-01');
    await page.getByLabel('Au mois').fill('2000-12');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/from=2000-01&to=2000-12/);
    await page.getByText('Aucune commande sur cette période.').waitFor();

    // A table's CSV link downloads a CSV.
    await page.goto(`${server.url}/statistiques/consommation`);
    const link = page.getByRole('link', { name: /Télécharger ce tableau CSV/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'Académie;Dotation allouée (€);Consommé (€);Taux de consommation (%)',
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
