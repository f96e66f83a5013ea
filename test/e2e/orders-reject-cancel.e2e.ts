// Browser journeys of the money coming back: the demo publisher rejects one line of an order with a
// reason and the head sees the reason and exactly that line's total back on the drawing right; the head
// cancels an order not delivered yet, confirming on a page that says what comes back, and gets exactly
// its total back; an order with a delivered line
// can no longer be cancelled. Everyone signs in through the form with the demo accounts; the orders are
// placed by each test itself (JSON API, head's session), so no test depends on the demo orders or on
// another test. Every page visited passes axe-core and is photographed.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deliverLine } from '../../src/modules/orders/fulfilment.service.js';
import { createUser, seatsFor, validOffers, type TestOffer } from '../support/factories/index.js';
import type { TestServer } from '../support/server.js';
import { centsOf, checkPage, plainSpaces, signInWithForm } from './support/browser.js';
import { openDemoJourney, placeOrderAs, remainingRightCents, type DemoJourney } from './support/orders.js';

let demo: DemoJourney;
let server: TestServer;
let head: DemoJourney['head'];
let publisher: DemoJourney['publisher'];
let uai: string;
let publisherProducerId: number;

/** Cheap enough that every test's orders fit in the demo establishment's right (about 1,300 €). */
const MAX_PRICE_CENTS = 20_000;

beforeAll(async () => {
  demo = await openDemoJourney();
  ({ server, head, publisher, uai, publisherProducerId } = demo);
});

afterAll(async () => {
  await demo?.close();
});

const freshPage = () => demo.freshPage();

const lineOf = (offer: TestOffer) => ({ offer: offer.id, seats: seatsFor(offer), quantity: 1 });

/** A status badge's own text (the DSFR badge shows it in capitals). */
async function badgeText(page: Page): Promise<string> {
  return plainSpaces((await page.locator('.fr-badge').first().textContent()) ?? '');
}

/** A line row of an order table: its total and state cells, and its delivery cell (reason, access). */
function lineRow(page: Page, lineId: number) {
  const row = page.locator(`#ligne-${lineId}`);
  return {
    row,
    total: async () => centsOf(await row.locator('td').nth(5).innerText()),
    state: async () => plainSpaces(await row.locator('td').nth(6).innerText()),
    delivery: async () => plainSpaces(await row.locator('td').nth(7).innerText()),
  };
}

describe('orders: rejection and cancellation give the money back', () => {
  test('1. the publisher rejects one line with a reason; the head sees it and gets that line’s total back', async () => {
    const db = server.database.db;
    const [own] = await validOffers(db, 1, {
      producerId: publisherProducerId,
      maxPriceCents: MAX_PRICE_CENTS,
    });
    const other = (await validOffers(db, 10, { maxPriceCents: MAX_PRICE_CENTS })).find(
      (offer) => offer.producerId !== publisherProducerId,
    )!;

    // The head orders one line from the demo publisher and one from another producer.
    const first = await freshPage();
    await signInWithForm(first.page, server.url, head, `/etablissements/${uai}/panier`, 'reject-01-sign-in');
    const order = await placeOrderAs(first.context, server.url, uai, [lineOf(own!), lineOf(other)]);
    const rejected = order.lines.find((line) => line.offer === own!.id)!;
    const kept = order.lines.find((line) => line.offer === other.id)!;
    const before = await remainingRightCents(first.page, server.url, uai);
    await checkPage(first.page, 'reject-02-head-cart-before');

    // The publisher sees only its own line of that order, and refuses it with a reason.
    const { page } = await freshPage();
    await signInWithForm(page, server.url, publisher, '/editeur/commandes', 'reject-03-publisher-sign-in');
    const section = page.locator(`#commande-${order.id}`);
    expect(await section.locator('tbody tr').count()).toBe(1);
    expect(await section.locator(`#ligne-${kept.id}`).count()).toBe(0);
    expect(await lineRow(page, rejected.id).state()).toBe('en attente');
    expect(centsOf(await section.locator('p', { hasText: 'vos lignes' }).innerText())).toBe(
      rejected.lineTotalCents,
    );
    await checkPage(page, 'reject-04-publisher-orders');
    const reason = 'Licence indisponible pour le niveau 5e';
    await section.locator(`#rejeter-${rejected.id}`).fill(reason);
    await Promise.all([
      page.waitForURL(/\/editeur\/commandes\?ok=refusee/),
      section.locator(`form[action$="/lignes/${rejected.id}/rejeter"] button[type=submit]`).click(),
    ]);
    expect(await page.getByRole('status').first().innerText()).toContain('La ligne est refusée');
    expect(await lineRow(page, rejected.id).state()).toBe('refusée');
    // Settled: no more deliver or reject form for that line.
    expect(await page.locator(`form[action*="/lignes/${rejected.id}/"]`).count()).toBe(0);
    await checkPage(page, 'reject-05-publisher-rejected');

    // The head signs in again: the line is refused with the reason, the other one still pending.
    const second = await freshPage();
    await signInWithForm(second.page, server.url, head, `/commandes/${order.id}`, 'reject-06-head-sign-in');
    const rejectedRow = lineRow(second.page, rejected.id);
    expect(await rejectedRow.state()).toBe('refusée');
    expect(await rejectedRow.delivery()).toContain(`Motif du refus : ${reason}`);
    expect(await lineRow(second.page, kept.id).state()).toBe('en attente');
    expect(await badgeText(second.page)).toBe('transmise à l’éditeur');
    const lineTotal = await rejectedRow.total();
    expect(lineTotal).toBe(rejected.lineTotalCents);
    await checkPage(second.page, 'reject-07-head-order');

    const after = await remainingRightCents(second.page, server.url, uai);
    expect(after - before).toBe(lineTotal);
    await checkPage(second.page, 'reject-08-head-cart-after');

    await second.page.goto(`${server.url}/notifications`);
    expect(plainSpaces(await second.page.locator('main').innerText())).toContain(
      `Commande n° ${order.id} : une ligne refusée`,
    );
    await checkPage(second.page, 'reject-09-head-notifications');
  });

  test('2. the head cancels an order not delivered yet from the orders page; its whole total comes back', async () => {
    const offers = await validOffers(server.database.db, 2, { maxPriceCents: MAX_PRICE_CENTS });
    const { context, page } = await freshPage();
    await signInWithForm(page, server.url, head, '/commandes', 'cancel-01-sign-in');
    const order = await placeOrderAs(context, server.url, uai, offers.map(lineOf));
    const before = await remainingRightCents(page, server.url, uai);
    await checkPage(page, 'cancel-02-cart-before');

    await page.goto(`${server.url}/commandes`);
    const listRow = page.locator('tr', { has: page.getByRole('link', { name: `Commande n° ${order.id}` }) });
    expect(plainSpaces((await listRow.locator('td').nth(2).textContent()) ?? '')).toBe('envoyée');
    await checkPage(page, 'cancel-03-orders-list');
    await Promise.all([
      page.waitForURL(new RegExp(`/commandes/${order.id}$`)),
      page.getByRole('link', { name: `Commande n° ${order.id}`, exact: true }).click(),
    ]);
    const total = centsOf(
      await page
        .locator('.ccr-order-summary dt', { hasText: /^Total$/ })
        .locator('xpath=following-sibling::dd[1]')
        .innerText(),
    );
    expect(total).toBe(order.totalCents);
    await checkPage(page, 'cancel-04-order');

    // « Annuler la commande » opens a confirmation page saying what comes back; nothing changes yet.
    await Promise.all([
      page.waitForURL(new RegExp(`/commandes/${order.id}/annuler$`)),
      page.getByRole('link', { name: 'Annuler la commande' }).click(),
    ]);
    expect(plainSpaces(await page.locator('h1').innerText())).toBe(`Annuler la commande n° ${order.id} ?`);
    expect(centsOf(await page.locator('.fr-alert strong').innerText())).toBe(total);
    await checkPage(page, 'cancel-04b-confirmation');
    await Promise.all([
      page.waitForURL(new RegExp(`/commandes/${order.id}\\?ok=annulee$`)),
      page.getByRole('button', { name: 'Confirmer l’annulation' }).click(),
    ]);
    expect(await page.getByRole('status').first().innerText()).toContain(
      'La commande est annulée : son montant est revenu au droit de tirage.',
    );
    expect(await badgeText(page)).toBe('annulée');
    for (const line of order.lines) expect(await lineRow(page, line.id).state()).toBe('annulée');
    expect(await page.getByRole('link', { name: 'Annuler la commande' }).count()).toBe(0);
    await checkPage(page, 'cancel-05-order-cancelled');

    await page.goto(`${server.url}/commandes`);
    expect(plainSpaces((await listRow.locator('td').nth(2).textContent()) ?? '')).toBe('annulée');
    await checkPage(page, 'cancel-06-orders-list-after');

    const after = await remainingRightCents(page, server.url, uai);
    expect(after - before).toBe(total);
    await checkPage(page, 'cancel-07-cart-after');
  });

  test('3. once a line is delivered the order can no longer be cancelled, even by a forged post', async () => {
    const db = server.database.db;
    const [offer] = await validOffers(db, 1, { delivery: 'access-url', maxPriceCents: MAX_PRICE_CENTS });
    const { context, page } = await freshPage();
    await signInWithForm(page, server.url, head, '/commandes', 'delivered-01-sign-in');
    const order = await placeOrderAs(context, server.url, uai, [lineOf(offer!)]);
    const seller = await createUser(db, {
      grants: [{ role: 'publisher', producerId: offer!.producerId }],
      name: 'Éditeur',
    });
    await deliverLine(db, seller.actor, order.id, order.lines[0]!.id, {
      licenceKey: undefined,
      accessUrl: 'https://ressources.example.fr/acces/e2e',
      shipmentNumber: undefined,
    });
    const before = await remainingRightCents(page, server.url, uai);

    await page.goto(`${server.url}/commandes/${order.id}`);
    expect(await badgeText(page)).toBe('livrée');
    expect(await page.getByRole('link', { name: 'Annuler la commande' }).count()).toBe(0);
    await checkPage(page, 'delivered-02-order');

    const me = (await (await context.request.get(`${server.url}/api/me`)).json()) as { csrfToken: string };
    const forged = await context.request.post(`${server.url}/commandes/${order.id}/annuler`, {
      form: { _csrf: me.csrfToken },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(409);
    expect(await remainingRightCents(page, server.url, uai)).toBe(before);
    await checkPage(page, 'delivered-03-cart-unchanged');
  });
});
