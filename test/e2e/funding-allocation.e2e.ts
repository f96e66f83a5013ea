// Browser journeys of the money side: the national administration creates "Plan 2026, phase 1" with its
// own pupil bands for collèges (a wrong amount is refused next to its field first), drops an academy
// while the campaign is a draft, and previews the split academy by academy before committing; academy
// staff import their establishments
// (a Latin-1 CSV with a wrong line, then the fixed one), select beneficiaries, modulate one amount with
// a reason, and publish. Every page is checked with axe and photographed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeUai } from '../../src/modules/funding/uai.js';
import { academyIdOf, createEstablishment, createUser, type TestUser } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  axeViolations,
  checkPage,
  launchBrowser,
  plainSpaces,
  screenshot,
  signedInContext,
  tick,
} from './support/browser.js';

let server: TestServer;
let browser: Browser;
let academyId: number;
let nantesId: number;
let admin: TestUser;
let staff: TestUser;
let campaignUrl = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ referenceData: true }), launchBrowser()]);
  const db = server.database.db;
  academyId = await academyIdOf(db, 'rennes');
  nantesId = await academyIdOf(db, 'nantes');
  admin = await createUser(db, { grants: [{ role: 'national-admin' }] });
  staff = await createUser(db, { grants: [{ role: 'academy-staff', academyId }] });
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
  const context = await signedInContext(browser, server.url, user.headers.cookie.split('=')[1]!);
  return { context, page: await context.newPage() };
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

describe('allocation campaign', () => {
  test('1. national administration creates the campaign with its bands, drops an academy, previews the split', async () => {
    const { context, page } = await signedIn(admin);
    await page.goto(`${server.url}/financement/campagnes`);
    await checkPage(page, 'funding-00-campaign-form');
    await page.getByLabel('Nom de la campagne').fill('Plan 2026, phase 1');
    await page.getByLabel('Enveloppe nationale (en euros)').fill('250 000,005');
    await page.getByLabel('Date limite de commande').fill('2099-07-10');
    await tick(page, 'academy', String(academyId));
    await tick(page, 'academy', String(nantesId));
    // Collèges: up to 500 pupils 1,000 €, up to 700 pupils 2,500 € (typed 2,200 € first), above 2,500 €.
    const band = (row: number, part: 'jusqu’à (élèves)' | 'montant (euros)') =>
      page.getByLabel(`Tranche ${row} : ${part} (collège)`, { exact: true });
    await band(1, 'jusqu’à (élèves)').fill('500');
    await band(1, 'montant (euros)').fill('1 000');
    await band(2, 'jusqu’à (élèves)').fill('700');
    await band(2, 'montant (euros)').fill('2 200');
    await band(3, 'jusqu’à (élèves)').fill('');
    await band(3, 'montant (euros)').fill('2 500');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Créer la campagne' }).click(),
    ]);
    // Two mistakes: each refused next to its field, summed up at the top, the typed values kept.
    expect(plainSpaces(await page.locator('.fr-alert--error').innerText())).toContain(
      'Le formulaire contient 2 erreurs',
    );
    expect(await page.locator('#envelope-error').innerText()).toContain('plus de deux décimales');
    expect(await page.locator('#band-college-1-amount-error').innerText()).toBe(
      'Le montant doit être un multiple de 500 €.',
    );
    expect(await band(2, 'montant (euros)').getAttribute('aria-invalid')).toBe('true');
    expect(await band(1, 'jusqu’à (élèves)').inputValue()).toBe('500');
    await checkPage(page, 'funding-01-form-errors');
    await page.getByRole('link', { name: /Collège, tranche 2, montant/ }).click();
    await expect
      .poll(() => band(2, 'montant (euros)').evaluate((el) => el === document.activeElement))
      .toBe(true);
    await band(2, 'montant (euros)').fill('2 500');
    await page.getByLabel('Enveloppe nationale (en euros)').fill('250 000');
    await Promise.all([
      page.waitForURL(/\/financement\/campagnes\/\d+/),
      page.getByRole('button', { name: 'Créer la campagne' }).click(),
    ]);
    campaignUrl = page.url().split('?')[0]!;
    expect(plainSpaces(await page.locator('#regles + ul').innerText())).toContain(
      'Collège : jusqu’à 500 élèves, 1 000,00 € ; jusqu’à 700 élèves, 2 500,00 € ; au-delà, 2 500,00 €',
    );

    // Still a draft: Nantes leaves the campaign.
    await tick(page, 'academy', String(nantesId));
    await Promise.all([
      page.waitForURL(/ok=academies#/),
      page.getByRole('button', { name: 'Enregistrer les académies participantes' }).click(),
    ]);
    expect(await page.getByRole('status').innerText()).toContain(
      'Les académies participantes sont enregistrées',
    );
    expect(await page.locator(`#academies-${nantesId}`).isChecked()).toBe(false);
    await checkPage(page, 'funding-01b-academies');
    await page.getByRole('button', { name: 'Prévisualiser la répartition' }).click();
    await page.getByText('Aperçu de la répartition, non enregistré').waitFor();
    const total = plainSpaces(await page.getByText('Total de l’aperçu').innerText());
    expect(total).toContain('250 000,00 €');
    expect(await page.locator('table').first().innerText()).toContain('plus forts restes');
    expect(await page.locator('table').first().innerText()).not.toContain('Nantes');
    await checkPage(page, 'funding-02-split-preview');
    await Promise.all([
      page.waitForURL(/ok=split/),
      page.getByRole('button', { name: 'Valider la répartition' }).click(),
    ]);
    expect(await page.getByRole('status').innerText()).toContain('La répartition a été enregistrée.');
    await context.close();
  });

  test('1b. without JavaScript, a wrong band comes back next to its cell and nothing is created', async () => {
    const context = await signedInContext(browser, server.url, admin.headers.cookie.split('=')[1]!, {
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/financement/campagnes`);
    const campaigns = await page.locator('table tbody tr').count();
    await page.getByLabel('Enveloppe nationale (en euros)').fill('1 000');
    await page.getByLabel('Date limite de commande').fill('2099-07-10');
    await tick(page, 'academy', String(academyId));
    await page.getByLabel('Tranche 2 : jusqu’à (élèves) (lycée général et technologique)').fill('700');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Créer la campagne' }).click(),
    ]);
    expect(await page.locator('#band-lgt-1-upto-error').innerText()).toBe(
      'Les tranches vont en croissant : indiquez plus de 800 élèves.',
    );
    expect(await page.locator(`#academies-${academyId}`).isChecked()).toBe(true);
    await screenshot(page, 'funding-01c-no-javascript-band-error');
    await page.goto(`${server.url}/financement/campagnes`);
    expect(await page.locator('table tbody tr').count()).toBe(campaigns);
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
    // The collège band typed in the campaign form gives Jules-Verne (640 pupils) its rule amount.
    expect(
      plainSpaces(await page.locator('tr', { hasText: 'Collège Jules-Verne' }).first().innerText()),
    ).toContain('Tranche jusqu’à 700 élèves 2 500,00 €');
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
    await checkPage(page, 'funding-08-national-dashboard');
    // Open since the publication: the participating academies are frozen.
    await page.goto(campaignUrl);
    expect(await page.getByRole('button', { name: 'Enregistrer les académies participantes' }).count()).toBe(
      0,
    );
    expect(plainSpaces(await page.locator('#academies-participantes + p + p').innerText())).toBe(
      'La campagne est ouverte : les académies participantes ne se modifient plus.',
    );
    await checkPage(page, 'funding-08b-campaign-open');
    await context.close();
  });

  test('4. after the deadline, the academy sees its remainder and reallocates it to the open campaign', async () => {
    const db = server.database.db;
    const { publishFor } = await import('../support/factories/index.js');
    const { closeCampaign } = await import('../../src/modules/funding/campaign-closing.js');
    const school = await createEstablishment(db, {
      departmentCode: '35',
      name: 'École des Lices',
      type: 'ecole',
      pupils: 200,
    });
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
