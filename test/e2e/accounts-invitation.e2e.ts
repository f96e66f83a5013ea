// Browser journey of an invited head: the invitation arrives in the outbox (development page), the
// link lets them choose a password, and they land on their account, signed in. axe finds nothing.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inviteUser } from '../../src/modules/accounts/accounts.service.js';
import { createEstablishment } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { axeViolations, launchBrowser, newContext, plainSpaces, screenshot } from './support/browser.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // DEV_OUTBOX=1: the invitation is read on the development outbox page.
  [server, browser] = await Promise.all([startTestServer({ devOutbox: true }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('accounts: invitation', () => {
  test('an invited head follows the link from the outbox, chooses a password and is signed in', async () => {
    const db = server.database.db;
    const establishment = await createEstablishment(db, { name: 'École Jules Ferry' });
    const email = `ce.${establishment.uai.toLowerCase()}@ac-test.fr`;
    await db.transaction().execute((trx) =>
      inviteUser(trx, {
        email,
        displayName: 'Direction – École Jules Ferry',
        grants: [{ role: 'head', establishmentId: establishment.id, academyId: null, producerId: null }],
        invitedBy: null,
      }),
    );

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/dev/outbox`);
    const mail = page.locator('.ccr-email', { hasText: email });
    expect(await mail.locator('h2').innerText()).toBe('Invitation au Catalogue chèque ressources');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-10-outbox');
    await Promise.all([page.waitForURL(/\/invitation\//), mail.locator('a').first().click()]);

    expect(await page.locator('h1').innerText()).toBe('Créer votre compte');
    expect(plainSpaces(await page.locator('main').innerText())).toContain('Direction – École Jules Ferry');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Mot de passe', { exact: false }).first().fill('trop court');
    await page.getByLabel('Confirmez le mot de passe').fill('trop court');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click(),
    ]);
    expect(await page.locator('#nouveau-mot-de-passe-error').innerText()).toBe(
      'Le mot de passe doit contenir au moins 12 caractères.',
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-11-password-too-short');

    await page.locator('#nouveau-mot-de-passe').fill('la rentrée des classes 2026');
    await page.locator('#confirmation-mot-de-passe').fill('la rentrée des classes 2026');
    await Promise.all([
      page.waitForURL(/\/mon-compte\?bienvenue=1$/),
      page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click(),
    ]);
    expect(await page.locator('.fr-alert--success').innerText()).toContain('Vous êtes connecté.');
    expect(await page.locator('#compte-nom').innerText()).toBe('Direction – École Jules Ferry');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-12-welcome');
    await context.close();
  });
});
