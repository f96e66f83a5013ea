// Browser journey (issue 10, items 4 and 5) on a phone (375 px), a tablet (768 px) and a desktop
// (1280 px): the demo publisher filters its lines (GET form), delivers one and comes back to the same
// filter, finds it among the delivered lines with the totals to invoice, and downloads the CSV of the
// filter; the demo head cancels another order through its confirmation page. Every page: zero axe
// violations, zero console errors or uncaught exceptions, a screenshot.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { todayInFrance } from '../../src/shared/clock.js';
import { seatsFor, validOffers } from '../support/factories/index.js';
import {
  centsOf,
  checkPage,
  newContext,
  plainSpaces,
  signInWithForm,
  DEVICE_WIDTHS,
  watchErrors,
} from './support/browser.js';
import { openDemoJourney, placeOrderAs, type DemoJourney } from './support/orders.js';

let demo: DemoJourney;

beforeAll(async () => {
  demo = await openDemoJourney();
});

afterAll(async () => {
  await demo?.close();
});

const widths = DEVICE_WIDTHS;

describe('publisher lines and the head’s cancellation', () => {
  for (const { name: device, viewport } of widths) {
    test(`on a ${device} (${viewport.width} px)`, async () => {
      const { server, head, publisher, uai, publisherProducerId } = demo;
      const db = server.database.db;
      const shot = (step: string) => `publisher-lines-${device}-${step}`;
      const today = todayInFrance();
      const [own] = await validOffers(db, 1, {
        producerId: publisherProducerId,
        delivery: 'access-url',
        maxPriceCents: 10_000,
      });
      const [other] = await validOffers(db, 1, { maxPriceCents: 10_000 });

      // The head orders a line from the demo publisher, and another order it will cancel.
      const headContext = await newContext(demo.browser, { viewport });
      const headPage = await headContext.newPage();
      const headErrors = watchErrors(headPage);
      await signInWithForm(headPage, server.url, head, '/commandes');
      const line = (offer: typeof own) => ({ offer: offer!.id, seats: seatsFor(offer!), quantity: 1 });
      const delivered = await placeOrderAs(headContext, server.url, uai, [line(own)]);
      const cancelled = await placeOrderAs(headContext, server.url, uai, [line(other)]);
      const lineId = delivered.lines[0]!.id;

      // The publisher filters: lines to deliver, orders placed today.
      const context = await newContext(demo.browser, { viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInWithForm(page, server.url, publisher, '/editeur/commandes');
      await page.locator('#filtre-etat').selectOption('a-livrer');
      await page.locator('#filtre-du').fill(today);
      await page.locator('#filtre-au').fill(today);
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('etat') === 'a-livrer'),
        page.getByRole('button', { name: 'Filtrer' }).click(),
      ]);
      const row = page.locator(`#ligne-${lineId}`);
      expect(plainSpaces(await row.locator('td').nth(6).innerText())).toBe('en attente');
      // The resource first, linked to its page; the establishment to invoice with its address.
      expect(await row.locator(`a[href="/ressources/${own!.resourceId}"]`).count()).toBe(1);
      const section = page.locator(`#commande-${delivered.id}`);
      expect(plainSpaces(await section.locator('address').innerText())).toContain(`(UAI ${uai})`);
      expect(plainSpaces(await section.locator('address').innerText())).toContain('Marseille');
      await checkPage(page, shot('01-to-deliver'));

      // Delivers it: back on the same filter, where it no longer is.
      await section.locator(`#livrer-${lineId}`).fill('https://ressources.example.fr/acces/e2e');
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('ok') === 'livree'),
        section.locator(`form[action$="/lignes/${lineId}/livrer"] button[type=submit]`).click(),
      ]);
      expect(new URL(page.url()).searchParams.get('etat')).toBe('a-livrer');
      expect(await page.getByRole('status').first().innerText()).toContain('La ligne est livrée');
      expect(await page.locator(`#ligne-${lineId}`).count()).toBe(0);
      await checkPage(page, shot('02-delivered-notice'));

      // The delivered lines of today: this one among them, counted in what to invoice.
      await page.locator('#filtre-etat').selectOption('livrees');
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('etat') === 'livrees'),
        page.getByRole('button', { name: 'Filtrer' }).click(),
      ]);
      expect(plainSpaces(await page.locator(`#ligne-${lineId} td`).nth(6).innerText())).toBe('livrée');
      const toInvoice = page
        .locator('#totaux dt', { hasText: /^À facturer/ })
        .locator('xpath=following-sibling::dd[1]');
      expect(centsOf(await toInvoice.innerText())).toBeGreaterThanOrEqual(delivered.lines[0]!.lineTotalCents);
      await checkPage(page, shot('03-delivered-totals'));

      // The CSV of that filter: for French Excel, with this line.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Télécharger ces lignes (CSV)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`lignes-livrees-${today}_au_${today}.csv`);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv).toContain(`;${delivered.id};livrée;${lineId};livrée;`);
      expect(errors).toEqual([]);

      // The head cancels the other order: a confirmation page first, then the button.
      await headPage.goto(`${server.url}/commandes/${cancelled.id}`);
      await Promise.all([
        headPage.waitForURL(new RegExp(`/commandes/${cancelled.id}/annuler$`)),
        headPage.getByRole('link', { name: 'Annuler la commande' }).click(),
      ]);
      expect(centsOf(await headPage.locator('.fr-alert strong').innerText())).toBe(cancelled.totalCents);
      await checkPage(headPage, shot('04-head-confirm-cancel'));
      await Promise.all([
        headPage.waitForURL(new RegExp(`/commandes/${cancelled.id}\\?ok=annulee$`)),
        headPage.getByRole('button', { name: 'Confirmer l’annulation' }).click(),
      ]);
      expect(plainSpaces((await headPage.locator('.fr-badge').first().textContent()) ?? '')).toBe('annulée');
      await checkPage(headPage, shot('05-head-cancelled'));

      // The head's list: the delivered order names its resource; the CSV link is there.
      await headPage.goto(`${server.url}/commandes`);
      const listRow = headPage.locator('tr', {
        has: headPage.getByRole('link', { name: `Commande n° ${delivered.id}` }),
      });
      expect(await listRow.locator(`a[href="/ressources/${own!.resourceId}"]`).count()).toBe(1);
      expect(await headPage.locator(`a[href="/etablissements/${uai}/commandes.csv"]`).count()).toBe(1);
      await checkPage(headPage, shot('06-head-orders'));
      expect(headErrors).toEqual([]);
      await context.close();
      await headContext.close();
    });
  }
});
