// Journey 3 of the drawing-rights issue, first step: a teacher proposes a resource from its page,
// without JavaScript (offer, seats, note), comes back to the page with a confirmation, and the
// digital referent finds the proposal on the establishment's cart page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createOrdersWorld,
  validOffers,
  type OrdersWorld,
  type TestOffer,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { axeViolations, launchBrowser, newContext, screenshot } from './support/browser.js';

let server: TestServer;
let browser: Browser;
let world: OrdersWorld;
let offer: TestOffer;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  world = await createOrdersWorld(server.database.db);
  offer = (await validOffers(server.database.db, 1))[0]!;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('proposing a resource', () => {
  test('a teacher proposes from the product page; the referent sees it in the cart page', async () => {
    const resource = await server.database.db
      .selectFrom('resources')
      .select(['identifier', 'title'])
      .where('id', '=', offer.resourceId)
      .executeTakeFirstOrThrow();

    const productUrl = `${server.url}/ressources/${resource.identifier}`;
    // axe needs JavaScript: check the page with the button first, then propose without JavaScript.
    const checker = await newContext(browser);
    await checker.addCookies([{ name: 'ccr_session', value: world.teacher.token, url: server.url }]);
    const checked = await checker.newPage();
    await checked.goto(productUrl);
    expect(await axeViolations(checked)).toEqual([]);
    await checker.close();

    const teacher = await newContext(browser, { javaScriptEnabled: false });
    await teacher.addCookies([{ name: 'ccr_session', value: world.teacher.token, url: server.url }]);
    const page = await teacher.newPage();
    await page.goto(productUrl);
    await screenshot(page, 'orders-propose-01-product');
    // The button is a link to the form below the offers: no JavaScript needed.
    await page.getByRole('link', { name: 'Proposer pour mon établissement' }).click();
    const form = page.locator('#proposer');
    await form.getByLabel('Offre').selectOption(String(offer.id));
    await form.getByLabel('Nombre d’élèves ou de postes').fill('12');
    await form.getByLabel('Note (facultatif)').fill('Pour l’atelier lecture');
    await form.getByRole('button', { name: 'Proposer', exact: true }).click();
    await page.waitForURL(/ok=proposition/);
    expect(await page.locator('.fr-alert--success').innerText()).toContain(
      'Votre proposition est transmise à l’établissement.',
    );
    await screenshot(page, 'orders-propose-02-after');
    await teacher.close();

    const referent = await newContext(browser);
    await referent.addCookies([{ name: 'ccr_session', value: world.referent.token, url: server.url }]);
    const cart = await referent.newPage();
    await cart.goto(`${server.url}/etablissements/${world.establishment.uai}/panier`);
    const proposals = cart.locator('#propositions');
    await expect.poll(() => proposals.innerText()).toContain(resource.title);
    expect(await proposals.innerText()).toContain('« Pour l’atelier lecture »');
    expect(await proposals.getByLabel('Postes').first().inputValue()).toBe('12');
    // The header knows who is signed in on workspace pages too.
    expect(await cart.locator('.fr-header__tools').innerText()).toContain('Mon compte');
    expect(await axeViolations(cart)).toEqual([]);
    await screenshot(cart, 'orders-propose-03-referent-cart');
    await referent.close();
  });
});
