// Browser journey: a head signs in through the form, sees their name on their account page, reads a
// notification, marks it read, and signs out. Works with and without JavaScript; axe finds nothing.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { notifyUser } from '../../src/modules/notifications/notifications.repository.js';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  axeViolations,
  launchBrowser,
  newContext,
  plainSpaces,
  screenshot,
  TABLET,
} from './support/browser.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('accounts', () => {
  test('sign in with the form, see your name, read a notification, sign out', async () => {
    const establishment = await createEstablishment(server.database.db, { name: 'Collège Jean Moulin' });
    const {
      email,
      password,
      id: userId,
    } = await createUser(server.database.db, {
      name: 'Sophie Laurent',
      grants: [{ role: 'head', establishmentId: establishment.id, academyId: null, producerId: null }],
      password: TEST_PASSWORD,
    });
    await notifyUser(server.database.db, userId, {
      kind: 'allocation',
      title: 'Votre droit de tirage est publié',
      body: 'Votre établissement dispose de 1 500 € pour la campagne « Plan 2026, phase 1 ».',
    });

    const context = await newContext(browser);
    const page = await context.newPage();
    // A page for signed-in users sends a visitor to the form, then back.
    await page.goto(`${server.url}/notifications`);
    expect(new URL(page.url()).pathname).toBe('/connexion');
    expect(await page.locator('h1').innerText()).toBe('Connexion');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-01-sign-in');

    // Wrong password first: a clear message, nothing revealed, the email kept.
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    expect(plainSpaces(await page.locator('.fr-alert--error').innerText())).toContain(
      'Adresse électronique ou mot de passe incorrect.',
    );
    expect(await page.getByLabel('Adresse électronique').inputValue()).toBe(email);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-02-wrong-password');

    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await Promise.all([
      page.waitForURL(/\/notifications$/),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    expect(await page.locator('h1').innerText()).toBe('Mes notifications');
    expect(await page.locator('.ccr-notification').innerText()).toContain('Votre droit de tirage est publié');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-03-notifications');
    await Promise.all([
      page.waitForURL(/\/notifications$/),
      page.getByRole('button', { name: /Marquer comme lue/ }).click(),
    ]);
    expect(await page.locator('main').innerText()).toContain('Aucune notification non lue.');

    await page.goto(`${server.url}/mon-compte`);
    expect(await page.locator('#compte-nom').innerText()).toBe('Sophie Laurent');
    expect(plainSpaces(await page.locator('.ccr-roles').innerText())).toBe(
      `chef d’établissement : Collège Jean Moulin (${establishment.uai})`,
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-04-account');

    await Promise.all([
      page.waitForURL(/\/connexion\?deconnecte=1$/),
      page.getByRole('button', { name: 'Se déconnecter' }).click(),
    ]);
    expect(await page.locator('.fr-alert--success').innerText()).toContain('Vous êtes déconnecté.');
    await page.goto(`${server.url}/mon-compte`);
    expect(new URL(page.url()).pathname).toBe('/connexion');
    await context.close();
  });

  test('without JavaScript on a tablet: sign in and sign out still work', async () => {
    const { email, password } = await createUser(server.database.db, {
      name: 'Karim Benali',
      password: TEST_PASSWORD,
    });
    const context = await newContext(browser, { javaScriptEnabled: false, viewport: TABLET });
    const page = await context.newPage();
    await page.goto(`${server.url}/connexion`);
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await Promise.all([
      page.waitForURL(/\/mon-compte$/),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    expect(await page.locator('#compte-nom').innerText()).toBe('Karim Benali');
    await screenshot(page, 'accounts-05-account-tablet-no-js');
    await Promise.all([
      page.waitForURL(/\/connexion\?deconnecte=1$/),
      page.getByRole('button', { name: 'Se déconnecter' }).click(),
    ]);
    await context.close();
  });
});
