// Browser journey (issue 10, items 1 and 9): every demo role, on a phone (375 px), a tablet (768 px) and a
// desktop (1280 px), signs in (through the DSFR mobile menu below 992 px), opens its home page
// /mon-espace and follows every header link: each page answers, shows who is signed in, has no axe
// violation and no console error or uncaught exception (DSFR's script included); screenshots of each.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { roles } from '../../src/modules/accounts/actor.js';
import { DEMO_PASSWORD, seedDemoWorkspace } from '../../src/demo/workspace.js';
import type { DemoAccount } from '../../src/demo/accounts.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  checkPage,
  launchBrowser,
  newContext,
  screenshot,
  DEVICE_WIDTHS,
  watchErrors,
} from './support/browser.js';

let server: TestServer;
let browser: Browser;
let accounts: DemoAccount[];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  accounts = (await seedDemoWorkspace(server.database.db))!;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const widths = DEVICE_WIDTHS;

/** The header's links: what DSFR copies into the mobile menu. */
async function headerLinks(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('.fr-header__tools-links a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return [...new Set(hrefs.filter((href) => href.startsWith('/')))];
}

describe('navigation', () => {
  for (const { name: device, viewport } of widths) {
    for (const role of roles) {
      test(`${role} on a ${device} (${viewport.width} px): sign in, Mon espace, every header link`, async () => {
        const account = accounts.find((candidate) => candidate.role === role)!;
        const context = await newContext(browser, { viewport });
        const page = await context.newPage();
        const errors = watchErrors(page);
        const shot = (step: string) => `navigation-${role}-${device}-${step}`;

        // Sign in from the home page: through the "Menu" button below 992 px, from the header above.
        await page.goto(`${server.url}/`);
        const mobile = viewport.width < 992;
        if (mobile) {
          await page.getByRole('button', { name: 'Menu' }).click();
          const menu = page.locator('#menu-principal');
          await menu.getByRole('link', { name: 'Se connecter' }).waitFor({ state: 'visible' });
          await checkPage(page, shot('01-menu'));
          await menu.getByRole('link', { name: 'Se connecter' }).click();
        } else {
          await page.locator('.fr-header__tools').getByRole('link', { name: 'Se connecter' }).click();
        }
        await page.waitForURL((url) => url.pathname === '/connexion');
        await page.getByLabel('Adresse électronique').fill(account.email);
        await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
        await Promise.all([
          page.waitForURL((url) => url.pathname !== '/connexion'),
          page.getByRole('button', { name: 'Se connecter' }).click(),
        ]);

        // Home page: reached from the header (through the menu on small screens).
        if (mobile) {
          await page.getByRole('button', { name: 'Menu' }).click();
          const menu = page.locator('#menu-principal');
          await menu.getByRole('link', { name: 'Mon espace' }).waitFor({ state: 'visible' });
          expect(await menu.innerText()).toContain('Mon compte');
          await Promise.all([
            page.waitForURL((url) => url.pathname === '/mon-espace'),
            menu.getByRole('link', { name: 'Mon espace' }).click(),
          ]);
        } else {
          await Promise.all([
            page.waitForURL((url) => url.pathname === '/mon-espace'),
            page.locator('.fr-header__tools').getByRole('link', { name: 'Mon espace' }).click(),
          ]);
        }
        expect(await page.locator('h1').innerText()).toBe('Mon espace');
        await checkPage(page, shot('02-mon-espace'));

        const links = await headerLinks(page);
        expect(links).toContain('/mon-espace');
        expect(links).toContain('/mon-compte');
        for (const [index, href] of links.entries()) {
          const response = await page.goto(`${server.url}${href}`);
          expect(response?.status(), `${role} ${href}`).toBe(200);
          // Who is signed in, on every page.
          expect(await page.locator('.fr-header__tools-links').textContent(), href).toContain(
            account.displayName,
          );
          await checkPage(page, shot(`${String(index + 3).padStart(2, '0')}${href.replaceAll('/', '-')}`));
        }
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }

  test('a signed-out visitor who opens a private page on a phone signs in and is brought back', async () => {
    const account = accounts.find((candidate) => candidate.role === 'head')!;
    const context = await newContext(browser, { viewport: widths[0].viewport });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/mon-espace`);
    const url = new URL(page.url());
    expect(`${url.pathname}${url.search}`).toBe('/connexion?retour=%2Fmon-espace');
    await page.getByLabel('Adresse électronique').fill(account.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((target) => target.pathname === '/mon-espace'),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    await checkPage(page, 'navigation-return-after-sign-in');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('without JavaScript on a phone, the header shows its links (no menu to open)', async () => {
    const context = await newContext(browser, { viewport: widths[0].viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    const signIn = page.locator('.fr-header__tools').getByRole('link', { name: 'Se connecter' });
    expect(await signIn.isVisible()).toBe(true);
    await Promise.all([page.waitForURL((url) => url.pathname === '/connexion'), signIn.click()]);
    await screenshot(page, 'navigation-no-js-phone-sign-in');
    await context.close();
  });
});
