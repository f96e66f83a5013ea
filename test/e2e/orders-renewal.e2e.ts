// Browser journey of a subscription renewal: the demo head signs in through the form, opens the
// establishment's subscriptions page, clicks « Renouveler » on a renewable subscription, reads the
// confirmation page (offer, price, drawing right) and confirms; the renewal order is placed, the
// subscription shows its pending renewal and can no longer be renewed, and the drawing right went down
// by exactly the renewal's total. The demo orders give the head delivered subscriptions; if none is
// renewable, the test makes one through the app (the head orders through the JSON API, the demo
// publisher delivers on its page). Every page visited passes axe-core and is photographed.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seatsFor, validOffers } from '../support/factories/index.js';
import type { TestServer } from '../support/server.js';
import { centsOf, checkPage, plainSpaces, signInWithForm } from './support/browser.js';
import { openDemoJourney, placeOrderAs, remainingRightCents, type DemoJourney } from './support/orders.js';

let demo: DemoJourney;
let server: TestServer;
let head: DemoJourney['head'];
let publisher: DemoJourney['publisher'];
let uai: string;
let publisherProducerId: number;

/** Cheap enough to fit, with its renewal, in the demo establishment's right (about 1,300 €). */
const MAX_PRICE_CENTS = 20_000;

beforeAll(async () => {
  demo = await openDemoJourney();
  ({ server, head, publisher, uai, publisherProducerId } = demo);
});

afterAll(async () => {
  await demo?.close();
});

const freshPage = () => demo.freshPage();

const subscriptionsPath = () => `/etablissements/${uai}/abonnements`;

/** The subscription rows of the subscriptions page that offer « Renouveler ». */
const renewableRows = (page: Page) =>
  page.locator('tr[id^="abonnement-"]', { has: page.getByRole('link', { name: /^Renouveler/ }) });

/** The id of the first renewable subscription shown, or undefined if there is none. */
async function firstRenewableId(page: Page): Promise<number | undefined> {
  if ((await renewableRows(page).count()) === 0) return undefined;
  const id = await renewableRows(page).first().getAttribute('id');
  return Number(id!.replace('abonnement-', ''));
}

/**
 * Makes a renewable subscription through the app: the head orders a subscription offer of the demo
 * publisher (JSON API, the head's session), the publisher signs in and delivers it on its page.
 * Returns the subscription's id as the head's subscriptions page shows it.
 */
async function subscriptionMadeThroughTheApp(headContext: BrowserContext, headPage: Page): Promise<number> {
  const [offer] = await validOffers(server.database.db, 1, {
    producerId: publisherProducerId,
    withDuration: true,
    maxPriceCents: MAX_PRICE_CENTS,
  });
  const order = await placeOrderAs(headContext, server.url, uai, [
    { offer: offer!.id, seats: seatsFor(offer!), quantity: 1 },
  ]);
  const line = order.lines[0]!;

  const { page } = await freshPage();
  await signInWithForm(
    page,
    server.url,
    publisher,
    '/editeur/commandes',
    'renewal-setup-01-publisher-sign-in',
  );
  await page
    .locator(`#livrer-${line.id}`)
    .fill(
      line.delivery.value === 'access-url'
        ? 'https://ressources.example.fr/acces/e2e-renouvellement'
        : 'E2E-0001',
    );
  await Promise.all([
    page.waitForURL(/\/editeur\/commandes\?ok=livree/),
    page.locator(`form[action$="/lignes/${line.id}/livrer"] button[type=submit]`).click(),
  ]);
  await checkPage(page, 'renewal-setup-02-publisher-delivered');

  await headPage.goto(`${server.url}${subscriptionsPath()}`);
  const row = headPage.locator('tr[id^="abonnement-"]', {
    has: headPage.locator(`a[href="/commandes/${order.id}"]`),
  });
  return Number((await row.getAttribute('id'))!.replace('abonnement-', ''));
}

describe('subscriptions: the head renews one', () => {
  test('the head renews from the subscriptions page: order placed, renewal pending, right down by its total', async () => {
    const { context, page } = await freshPage();
    await signInWithForm(page, server.url, head, subscriptionsPath(), 'renewal-01-sign-in');
    expect(plainSpaces(await page.locator('h1').innerText())).toMatch(/^Abonnements de /);
    await checkPage(page, 'renewal-02-subscriptions');
    let subscriptionId = await firstRenewableId(page);
    if (subscriptionId === undefined) {
      subscriptionId = await subscriptionMadeThroughTheApp(context, page);
      await checkPage(page, 'renewal-02b-subscriptions-with-new-one');
    }

    const before = await remainingRightCents(page, server.url, uai);
    await checkPage(page, 'renewal-03-cart-before');

    // The subscription's row: renewable, no renewal yet.
    await page.goto(`${server.url}${subscriptionsPath()}`);
    const row = page.locator(`#abonnement-${subscriptionId}`);
    const renewalCell = async () => plainSpaces(await row.locator('td').nth(4).innerText());
    // The resource first (a link to its page), then the offer subscribed to.
    const nameCell = row.locator('td').nth(1);
    const resources = (await nameCell.locator('a[href^="/ressources/"]').allInnerTexts()).map(plainSpaces);
    expect(resources.length).toBeGreaterThan(0);
    const label = plainSpaces(await nameCell.locator('.fr-text--xs').innerText());
    const named = `${resources.join(', ')} — ${label}`;
    expect(await renewalCell()).not.toContain('Renouvellement commandé');
    await Promise.all([
      page.waitForURL(new RegExp(`/abonnements/${subscriptionId}/renouveler$`)),
      row.getByRole('link', { name: `Renouveler « ${named} »` }).click(),
    ]);

    // The confirmation page: the subscription, the drawing right as the cart shows it, the price.
    expect(plainSpaces(await page.locator('h1').innerText())).toBe(`Renouveler « ${named} »`);
    expect(plainSpaces(await page.locator('dl').first().innerText())).toContain(`n° ${subscriptionId}, du `);
    expect(centsOf(await page.locator('#droit-de-tirage h2').innerText())).toBe(before);
    const section = page.locator('section[aria-labelledby="commande-titre"]');
    const total = centsOf(await section.locator('p', { hasText: /^Total :/ }).innerText());
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(before);
    expect(plainSpaces(await section.locator('p').first().innerText())).toMatch(
      new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`),
    );
    const confirm = section.getByRole('button', { name: /^Confirmer le renouvellement/ });
    expect(await confirm.isEnabled()).toBe(true);
    expect(centsOf(await confirm.innerText())).toBe(total);
    await checkPage(page, 'renewal-04-confirmation');

    await Promise.all([page.waitForURL(/\/commandes\/\d+\?ok=renouvelee$/), confirm.click()]);
    const orderId = Number(/\/commandes\/(\d+)\?/.exec(page.url())![1]);
    expect(await page.getByRole('status').first().innerText()).toContain('Le renouvellement est commandé');
    expect(
      centsOf(
        await page
          .locator('.ccr-order-summary dt', { hasText: /^Total$/ })
          .locator('xpath=following-sibling::dd[1]')
          .innerText(),
      ),
    ).toBe(total);
    const lines = page.locator('table tbody tr');
    expect(await lines.count()).toBe(1);
    expect(plainSpaces(await lines.first().locator('td').nth(0).innerText())).toContain(label);
    const lineName = plainSpaces(await lines.first().locator('td').nth(0).innerText());
    expect(lineName.startsWith(resources[0]!), lineName).toBe(true);
    expect(centsOf(await lines.first().locator('td').nth(5).innerText())).toBe(total);
    expect(plainSpaces(await lines.first().locator('td').nth(6).innerText())).toBe('en attente');
    await checkPage(page, 'renewal-05-order');

    // Back on the subscriptions page: the renewal is pending, and « Renouveler » is gone for that one.
    await page.goto(`${server.url}${subscriptionsPath()}`);
    expect(await renewalCell()).toBe(
      `Renouvellement commandé (commande n° ${orderId}), en attente de livraison`,
    );
    expect(await row.locator(`a[href="/commandes/${orderId}"]`).count()).toBe(1);
    expect(await row.getByRole('link', { name: /^Renouveler/ }).count()).toBe(0);
    await checkPage(page, 'renewal-06-subscriptions-after');

    // A second renewal of the same subscription is refused, and nothing more is debited.
    const again = await page.goto(`${server.url}${subscriptionsPath()}/${subscriptionId}/renouveler`);
    expect(again!.status()).toBe(409);
    expect(plainSpaces(await page.locator('main').innerText())).toContain(
      `déjà en cours (commande n° ${orderId})`,
    );
    await checkPage(page, 'renewal-07-renew-again-refused');

    const after = await remainingRightCents(page, server.url, uai);
    expect(before - after).toBe(total);
    await checkPage(page, 'renewal-08-cart-after');
  });
});
