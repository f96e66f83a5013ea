// Browser journeys of the money side: the national administration creates "Plan 2026, phase 1" and
// previews the split academy by academy before committing; academy staff import their establishments
// (a Latin-1 CSV with a wrong line, then the fixed one), select beneficiaries, modulate one amount with
// a reason, and publish. Every page is checked with axe and photographed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeUai } from '../../src/modules/funding/uai.js';
import {
  academyIdOf,
  createEstablishment,
  createUser,
  startFundingServer,
  type TestUser,
} from '../support/factories-funding.js';
import type { TestServer } from '../support/server.js';
import {
  axeViolations,
  launchBrowser,
  newContext,
  plainSpaces,
  screenshot,
  tick,
} from './support/browser.js';

let server: TestServer;
let browser: Browser;
let academyId: number;
let admin: TestUser;
let staff: TestUser;
let campaignUrl = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startFundingServer(), launchBrowser()]);
  const db = server.database.db;
  academyId = await academyIdOf(db, 'rennes');
  admin = await createUser(db, 'national-admin');
  staff = await createUser(db, 'academy-staff', { academyId });
  await createEstablishment(db, {
    departmentCode: '29',
    type: 'lgt',
    pupils: 1200,
    name: 'Lycée de Cornouaille',
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A browser context signed in as the user (the session cookie of a real session). */
async function signedIn(user: TestUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  const token = user.headers.cookie!.split('=')[1]!;
  await context.addCookies([{ name: 'ccr_session', value: token, url: server.url }]);
  return { context, page: await context.newPage() };
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

describe('allocation campaign', () => {
  test('1. national administration creates the campaign and previews the split before committing', async () => {
    const { context, page } = await signedIn(admin);
    await page.goto(`${server.url}/financement/campagnes`);
    await expectAccessible(page);
    await page.getByLabel('Nom de la campagne').fill('Plan 2026, phase 1');
    await page.getByLabel('Enveloppe nationale (en euros)').fill('250 000,005');
    await page.getByLabel('Date limite de commande').fill('2099-07-10');
    await tick(page, 'academy', String(academyId));
    await page.getByRole('button', { name: 'Créer la campagne' }).click();
    // Three decimals: a clear refusal next to the form, the typed values kept.
    await expect.poll(() => page.locator('.fr-alert--error').innerText()).toContain('plus de deux décimales');
    await screenshot(page, 'funding-01-three-decimals');
    await page.getByLabel('Enveloppe nationale (en euros)').fill('250 000');
    await Promise.all([
      page.waitForURL(/\/financement\/campagnes\/\d+/),
      page.getByRole('button', { name: 'Créer la campagne' }).click(),
    ]);
    campaignUrl = page.url().split('?')[0]!;
    await page.getByRole('button', { name: 'Prévisualiser la répartition' }).click();
    await page.getByText('Aperçu de la répartition, non enregistré').waitFor();
    const total = plainSpaces(await page.getByText('Total de l’aperçu').innerText());
    expect(total).toContain('250 000,00 €');
    expect(await page.locator('table').first().innerText()).toContain('plus forts restes');
    await expectAccessible(page);
    await screenshot(page, 'funding-02-split-preview');
    await Promise.all([
      page.waitForURL(/ok=split/),
      page.getByRole('button', { name: 'Valider la répartition' }).click(),
    ]);
    expect(await page.getByRole('status').innerText()).toContain('La répartition a été enregistrée.');
    await context.close();
  });

  test('2. academy staff import a Latin-1 CSV, fix it, select, modulate with a reason and publish', async () => {
    const { context, page } = await signedIn(staff);
    await page.goto(`${server.url}/financement/academies/${academyId}/etablissements`);
    await expectAccessible(page);
    const header = 'UAI;Nom;Type;Secteur;Élèves;Département;Réseau';
    const latin1 = (lines: string[]) => Buffer.from([header, ...lines].join('\r\n'), 'latin1');
    const good = [
      `${makeUai('35', 301)};École élémentaire Châteaubriand;école;public;180;35;`,
      `${makeUai('56', 302)};Collège Jules-Verne;collège;public;640;56;`,
    ];
    await page.setInputFiles('#file', {
      name: 'etablissements.csv',
      mimeType: 'text/csv',
      buffer: latin1([good[0]!, '0350303A;Collège Anne-de-Bretagne;collège;public;-12;35;']),
    });
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.getByText('Erreurs ligne par ligne').waitFor();
    const errors = await page.locator('table').innerText();
    expect(errors).toContain('Ligne 3');
    expect(errors).toContain('nombre d’élèves négatif');
    await expectAccessible(page);
    await screenshot(page, 'funding-03-csv-errors');
    await page.setInputFiles('#file', {
      name: 'etablissements.csv',
      mimeType: 'text/csv',
      buffer: latin1(good),
    });
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('2 établissement(s) créé(s)');
    await screenshot(page, 'funding-04-csv-imported');

    await page.goto(`${campaignUrl}/academies/${academyId}`);
    await expectAccessible(page);
    const ids = await page
      .locator('input[name="establishment"]')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(ids).toHaveLength(3);
    for (const value of ids) await tick(page, 'establishment', value);
    await Promise.all([
      page.waitForURL(/ok=beneficiaries/),
      page.getByRole('button', { name: 'Enregistrer les bénéficiaires' }).click(),
    ]);
    const select = page.getByLabel('Établissement', { exact: true });
    const option = await select.locator('option', { hasText: 'Collège Jules-Verne' }).getAttribute('value');
    await select.selectOption(option);
    await page.getByLabel('Nouveau montant (euros)').fill('2000');
    // Without a reason the browser blocks the form (required; the server refuses it too); with one it goes through.
    await page.getByRole('button', { name: 'Moduler' }).click();
    expect(
      await page
        .getByLabel('Motif (obligatoire, conservé dans le journal)')
        .evaluate((el) => (el as HTMLInputElement).validity.valueMissing),
    ).toBe(true);
    expect(page.url()).not.toContain('ok=modulated');
    await page
      .getByLabel('Motif (obligatoire, conservé dans le journal)')
      .fill('Classe ULIS et section sportive');
    await Promise.all([
      page.waitForURL(/ok=modulated/),
      page.getByRole('button', { name: 'Moduler' }).click(),
    ]);
    expect(await page.locator('table').first().innerText()).toContain(
      'modulée : Classe ULIS et section sportive',
    );
    await screenshot(page, 'funding-05-plan');
    await Promise.all([
      page.waitForURL(/ok=published/),
      page.getByRole('button', { name: 'Publier les dotations' }).click(),
    ]);
    expect(await page.getByRole('status').innerText()).toContain('Les dotations sont publiées');
    expect(plainSpaces(await page.locator('table').first().innerText())).toContain('2 000,00 €');
    await expectAccessible(page);
    await screenshot(page, 'funding-06-published');

    await page.goto(`${campaignUrl}/academies/${academyId}/tableau-de-bord`);
    expect(await page.locator('svg[role="img"] title').count()).toBeGreaterThan(1);
    await expectAccessible(page);
    await screenshot(page, 'funding-07-academy-dashboard');
    await context.close();
  });

  test('3. the national dashboard shows consumption per academy, as a chart and a table', async () => {
    const { context, page } = await signedIn(admin);
    await page.goto(`${campaignUrl}/tableau-de-bord`);
    expect(await page.locator('svg[role="img"]').count()).toBe(2);
    expect(plainSpaces(await page.locator('table').first().innerText())).toContain('Rennes');
    await expectAccessible(page);
    await screenshot(page, 'funding-08-national-dashboard');
    await context.close();
  });

  test('4. after the deadline, the academy sees its remainder and reallocates it to the open campaign', async () => {
    const db = server.database.db;
    const { publishFor } = await import('../support/factories-funding.js');
    const { closeCampaign } = await import('../../src/modules/funding/campaign.service.js');
    const school = await createEstablishment(db, { departmentCode: '35', name: 'École des Lices' });
    const closed = await publishFor(db, admin.actor, staff.actor, academyId, [school.id], {
      name: 'Plan 2025',
      orderingDeadline: '2020-07-10',
    });
    await closeCampaign(db, admin.actor, closed);
    await publishFor(db, admin.actor, staff.actor, academyId, [school.id], { name: 'Plan 2026, phase 2' });
    const { context, page } = await signedIn(staff);
    await page.goto(`${server.url}/financement/campagnes/${closed}/academies/${academyId}`);
    expect(plainSpaces(await page.getByText('Reliquat disponible').innerText())).toContain('500,00 €');
    await page.getByLabel('Campagne de destination').selectOption({ label: 'Plan 2026, phase 2' });
    await page
      .getByLabel('Établissement bénéficiaire')
      .selectOption({ label: `École des Lices (${school.uai})` });
    await page.getByLabel('Montant (euros)').fill('300');
    await page.getByLabel('Motif (obligatoire)').fill('Projet radio de l’école');
    await Promise.all([
      page.waitForURL(/ok=reallocated/),
      page.getByRole('button', { name: 'Réaffecter' }).click(),
    ]);
    expect(plainSpaces(await page.getByText('Reliquat disponible').innerText())).toContain('200,00 €');
    await expectAccessible(page);
    await screenshot(page, 'funding-09-remainder');
    await context.close();
  });
});
