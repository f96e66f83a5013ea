// Browser journeys of the orders module: the referent fills the cart from a teacher's proposal, the
// head sees the remaining right and orders (also without JavaScript), is refused with the shortfall
// when the cart exceeds the right, the publisher delivers, and the head follows up and sees the access.
// Each page is checked with axe-core and photographed.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createOrdersWorld,
  createUser,
  validOffers,
  type OrdersWorld,
  type TestOffer,
  type TestUser,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { axeViolations, launchBrowser, newContext, plainSpaces, screenshot } from './support/browser.js';

let server: TestServer;
let browser: Browser;
let world: OrdersWorld;
let offer: TestOffer;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  world = await createOrdersWorld(server.database.db, { allocationCents: 60_000, allowCoFunding: true });
  offer = (await validOffers(server.database.db, 1, { licenceKind: 'single-seat' }))[0]!;
  await server.database.db
    .insertInto('proposals')
    .values({
      establishment_id: world.establishment.id,
      resource_id: offer.resourceId,
      proposed_by: world.teacher.id,
      note: 'Pour les 5e',
    })
    .execute();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(
  user: TestUser,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  const context = await newContext(browser, options);
  await context.addCookies([{ name: 'ccr_session', value: user.token, url: server.url }]);
  return context;
}

async function expectAccessible(context: BrowserContext, url: string) {
  const page = await context.newPage();
  await page.goto(url);
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
}

describe('orders journeys', () => {
  test('4. referent fills the cart, the head orders, the publisher delivers, the head follows up', async () => {
    const cartUrl = `${server.url}/etablissements/${world.establishment.uai}/panier`;
    const referent = await signedIn(world.referent);
    const page = await referent.newPage();
    await page.goto(cartUrl);
    await page.getByLabel('Offre').first().selectOption(String(offer.id));
    await page.getByLabel('Postes').first().fill('2');
    await page.getByLabel('Quantité').first().fill('2');
    await page.getByRole('button', { name: 'Ajouter au panier' }).first().click();
    await page.waitForURL(/ok=ligne/);
    expect(await page.locator('.fr-alert--success').innerText()).toContain('ajoutée au panier');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'orders-referent-cart');
    await referent.close();

    const head = await signedIn(world.head);
    const headPage = await head.newPage();
    await headPage.goto(cartUrl);
    expect(plainSpaces(await headPage.locator('#droit-de-tirage h2').innerText())).toBe(
      'Droit de tirage restant : 600,00 €',
    );
    expect(await axeViolations(headPage)).toEqual([]);
    await screenshot(headPage, 'orders-head-cart');
    await headPage.getByRole('button', { name: /Passer la commande/ }).click();
    await headPage.waitForURL(/\/commandes\/\d+\?ok=passee/);
    expect(await headPage.locator('h1').innerText()).toMatch(/^Commande n° \d+$/);
    expect(await headPage.locator('.fr-badge').first().innerText()).toMatch(/envoyée/i);
    expect(await axeViolations(headPage)).toEqual([]);
    await screenshot(headPage, 'orders-head-order-placed');
    const orderUrl = headPage.url().split('?')[0]!;

    const publisherUser = await createUser(server.database.db, {
      grants: [{ role: 'publisher', producerId: offer.producerId }],
      name: 'Éditrice',
    });
    const publisher = await signedIn(publisherUser);
    const publisherPage = await publisher.newPage();
    await publisherPage.goto(`${server.url}/editeur/commandes`);
    expect(await axeViolations(publisherPage)).toEqual([]);
    await screenshot(publisherPage, 'orders-publisher');
    const value = offer.delivery === 'access-url' ? 'https://ressources.example.fr/acces/42' : 'CLE-42-ABCD';
    await publisherPage.locator('form[action$="/livrer"] input.fr-input').first().fill(value);
    await publisherPage.getByRole('button', { name: 'Livrer' }).first().click();
    await publisherPage.waitForURL(/ok=livree/);
    await publisher.close();

    await headPage.goto(orderUrl);
    expect(await headPage.locator('.fr-badge').first().innerText()).toMatch(/livrée/i);
    expect(await headPage.locator('table').innerText()).toContain(value);
    expect(await axeViolations(headPage)).toEqual([]);
    await screenshot(headPage, 'orders-head-delivered');
    await headPage.goto(`${server.url}/commandes?etablissement=${world.establishment.uai}`);
    expect(await axeViolations(headPage)).toEqual([]);
    await screenshot(headPage, 'orders-head-list');
    await head.close();
  });

  test('4. over the right: a clear refusal with the shortfall, without JavaScript; nothing changes', async () => {
    const quantity = Math.floor(60_000 / offer.priceCents) + 3;
    await server.app.inject({
      method: 'POST',
      url: `/api/establishments/${world.establishment.uai}/cart/lines`,
      headers: { cookie: `ccr_session=${world.referent.token}`, 'x-csrf-token': world.referent.csrf },
      payload: { offer: offer.id, seats: quantity, quantity },
    });
    const head = await signedIn(world.head, { javaScriptEnabled: false });
    const page = await head.newPage();
    await page.goto(`${server.url}/etablissements/${world.establishment.uai}/panier`);
    const remaining = plainSpaces(await page.locator('#droit-de-tirage h2').innerText());
    // Said before ordering, with the amount and where to declare a co-funding top-up.
    const warning = plainSpaces(await page.locator('#depassement').innerText());
    expect(warning).toMatch(/Le panier dépasse le droit de tirage restant de [\d ]+,\d\d €/);
    expect(await page.locator('#depassement a[href="#complement"]').count()).toBe(1);
    await page.getByRole('button', { name: /Passer la commande/ }).click();
    await page.waitForLoadState();
    const refusal = plainSpaces(await page.locator('#refus').innerText());
    expect(refusal).toMatch(/La commande dépasse le droit de tirage de [\d ]+,\d\d €\./);
    expect(plainSpaces(await page.locator('#droit-de-tirage h2').innerText())).toBe(remaining);
    await screenshot(page, 'orders-head-refused');
    await head.close();
    // axe needs JavaScript: check the same refusal page in a JS context.
    const checker = await signedIn(world.head);
    await expectAccessible(checker, `${server.url}/etablissements/${world.establishment.uai}/panier`);
    await checker.close();
  });
});
