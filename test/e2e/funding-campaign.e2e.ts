// Browser journey (issue 10, items 6 and 8) at 375, 768 and 1280 px: the national administration
// creates a campaign with "Toutes" the academies (ticked at once by the script), sees a refused split
// weight next to its field, then opens the campaign through its confirmation page; academy staff read
// their dashboard and download a table as CSV; the inspection reads its academy's dashboard, with no
// form and no action. Every page: zero axe violations, zero console errors, a screenshot.
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createEstablishment,
  createFundingTeam,
  createUser,
  publishFor,
  type TestUser,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  checkPage,
  launchBrowser,
  plainSpaces,
  screenshot,
  signedInContext,
  DEVICE_WIDTHS,
  watchErrors,
} from './support/browser.js';

let server: TestServer;
let browser: Browser;
let academyId: number;
let admin: TestUser;
let staff: TestUser;
let inspector: TestUser;
let dashboardUrl = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ referenceData: true }), launchBrowser()]);
  const db = server.database.db;
  ({ academyId, admin, staff } = await createFundingTeam(db));
  inspector = await createUser(db, { grants: [{ role: 'inspector', academyId }] });
  const school = await createEstablishment(db, {
    departmentCode: '35',
    type: 'ecole',
    pupils: 180,
    name: 'École des Lices',
  });
  const college = await createEstablishment(db, {
    departmentCode: '29',
    type: 'college',
    pupils: 640,
    name: 'Collège Jules-Verne',
  });
  const published = await publishFor(db, admin.actor, staff.actor, academyId, [school.id, college.id], {
    name: 'Plan 2025',
  });
  dashboardUrl = `${server.url}/financement/campagnes/${published}/academies/${academyId}/tableau-de-bord`;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const widths = DEVICE_WIDTHS;

/** A signed-in page at a width, collecting its console errors and uncaught exceptions. */
async function open(
  user: TestUser,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await signedInContext(browser, server.url, user.token, { viewport });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

describe('without JavaScript', () => {
  test('Toutes ticks every academy by sending the form back, and Enter in a field still creates', async () => {
    const context = await signedInContext(browser, server.url, admin.token, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/financement/campagnes`);
    await page.getByLabel('Nom de la campagne').fill('Plan sans script');
    await page.getByLabel('Enveloppe nationale (en euros)').fill('30 000');
    await page.getByLabel('Date limite de commande').fill('2099-07-10');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Toutes les académies' }).click(),
    ]);
    expect(await page.locator('input[name="academy"]:checked').count()).toBe(30);
    expect(await page.getByLabel('Nom de la campagne').inputValue()).toBe('Plan sans script');
    expect(await page.locator('[data-check-all-status]').innerText()).toContain(
      'Les 30 académies sont cochées.',
    );
    await screenshot(page, 'funding-campaign-no-js-toutes');
    // Enter in a field presses the form's first submit button: the hidden "Créer la campagne", not "Toutes".
    await Promise.all([
      page.waitForURL(/\/financement\/campagnes\/\d+\?ok=created/),
      page.getByLabel('Nom de la campagne').press('Enter'),
    ]);
    expect(await page.locator('input[name="academy"]:checked').count()).toBe(30);
    await context.close();
  });
});

describe('funding campaign journey', () => {
  for (const { name: device, viewport } of widths) {
    const shot = (step: string) => `funding-campaign-${device}-${step}`;

    test(`national administration on a ${device}: Toutes, a field error, open with confirmation`, async () => {
      const { context, page, errors } = await open(admin, viewport);
      await page.goto(`${server.url}/financement/campagnes`);
      await page.getByLabel('Nom de la campagne').fill(`Plan 2026 (${device})`);
      await page.getByLabel('Enveloppe nationale (en euros)').fill('300 000');
      await page.getByLabel('Date limite de commande').fill('2099-07-10');
      // With the script, "Toutes" ticks the 30 boxes at once, without sending the form.
      const before = page.url();
      await page.getByRole('button', { name: 'Toutes les académies' }).click();
      await expect.poll(() => page.locator('input[name="academy"]:checked').count()).toBe(30);
      expect(page.url()).toBe(before);
      expect(await page.locator('[data-check-all-status]').innerText()).toContain(
        'Les 30 académies sont cochées.',
      );
      await checkPage(page, shot('01-toutes'));
      await page.getByRole('button', { name: 'Aucune académie' }).click();
      await expect.poll(() => page.locator('input[name="academy"]:checked').count()).toBe(0);
      await page.getByRole('button', { name: 'Toutes les académies' }).click();
      await Promise.all([
        page.waitForURL(/\/financement\/campagnes\/\d+\?ok=created/),
        page.getByRole('button', { name: 'Créer la campagne' }).click(),
      ]);
      const campaignUrl = page.url().split('?')[0]!;
      expect(plainSpaces(await page.locator('#academies-participantes ~ form').innerText())).toContain(
        'Versailles',
      );
      expect(await page.locator('input[name="academy"]:checked').count()).toBe(30);

      // Weights that do not add up: the message next to the field, the summary at the top of the form.
      await page.getByLabel('Poids du nombre d’établissements (%)').fill('60');
      await page.getByLabel('Poids du nombre d’élèves (%)').fill('60');
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Prévisualiser la répartition' }).click(),
      ]);
      expect(await page.locator('#wE-error').innerText()).toBe('Les poids doivent totaliser 100 %.');
      expect(await page.locator('#wE').getAttribute('aria-describedby')).toBe('wE-error');
      expect(new URL(page.url()).hash).toBe('#repartition');
      expect(await page.locator('#repartition-erreurs').innerText()).toContain(
        'Le formulaire contient une erreur',
      );
      await checkPage(page, shot('02-field-error'));
      await page.getByRole('link', { name: /Poids du nombre d’établissements : Les poids/ }).click();
      await expect.poll(() => page.locator('#wE').evaluate((el) => el === document.activeElement)).toBe(true);
      await page.getByLabel('Poids du nombre d’établissements (%)').fill('50');
      await page.getByLabel('Poids du nombre d’élèves (%)').fill('50');
      await Promise.all([
        page.waitForURL(/ok=split/),
        page.getByRole('button', { name: 'Valider la répartition' }).click(),
      ]);

      // Opening: the consequences on the campaign page, then a confirmation page.
      expect(await page.locator('#ouvrir ~ ul').first().innerText()).toContain('ne se modifient plus');
      await Promise.all([
        page.waitForURL(/\/ouverture$/),
        page.getByRole('link', { name: 'Ouvrir la campagne' }).click(),
      ]);
      expect(await page.getByText('Ce que l’ouverture change').count()).toBe(1);
      await checkPage(page, shot('03-confirm-opening'));
      await Promise.all([
        page.waitForURL(/ok=opened/),
        page.getByRole('button', { name: 'Confirmer l’ouverture' }).click(),
      ]);
      expect(await page.getByRole('status').innerText()).toContain('La campagne est ouverte');
      expect(await page.locator('.fr-badge').first().innerText()).toBe('OUVERTE');
      expect(page.url().split('?')[0]).toBe(campaignUrl);
      await checkPage(page, shot('04-opened'));
      // The refused split is answered 400 on purpose (bad input is a 4xx), which Chromium logs; nothing else.
      expect(errors.filter((error) => !/status of 400 .*\/repartition#repartition/.test(error))).toEqual([]);
      expect(errors).toHaveLength(1);
      await context.close();
    });

    test(`academy staff on a ${device}: the dashboard, and a table as CSV`, async () => {
      const { context, page, errors } = await open(staff, viewport);
      await page.goto(dashboardUrl);
      expect(plainSpaces(await page.locator('main').innerText())).toContain('Dotation de l’académie');
      await checkPage(page, shot('05-staff-dashboard'));
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Télécharger le tableau « Consommation par établissement »/ }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^campagne-\d+-rennes-par-etablissement\.csv$/);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv).toContain('Établissement;Dotation de l’établissement (euros);Consommé (euros);Taux (%)');
      expect(csv).toMatch(/Collège Jules-Verne \(\w+\);1500;0;0/);
      expect(errors).toEqual([]);
      await context.close();
    });

    test(`inspection on a ${device}: its academy's dashboard, read-only`, async () => {
      const { context, page, errors } = await open(inspector, viewport);
      await page.goto(`${server.url}/mon-espace`);
      await Promise.all([
        page.waitForURL(/tableau-de-bord$/),
        page.getByRole('link', { name: /Tableau de bord – Plan 2025 – Rennes/ }).click(),
      ]);
      expect(page.url()).toBe(dashboardUrl);
      expect(await page.locator('main form').count()).toBe(0);
      expect(await page.locator('main button').count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Réaffecter le reliquat' }).count()).toBe(0);
      expect(await page.locator('main a[download]').count()).toBe(3);
      await checkPage(page, shot('06-inspection-dashboard'));
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
