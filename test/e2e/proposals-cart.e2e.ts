// Browser journey of a proposal, on a phone (375 px), a tablet (768 px) and a desktop (1280 px): the
// teacher proposes a resource from its page with an offer, seats and a note, and finds it in Mes
// propositions; the digital referent puts it in the cart, pre-filled; the head sees that the cart goes
// beyond the drawing right and by how much, opens the drawing-right page, declares a co-funding
// top-up and orders; the teacher reads "commandé". Every page: zero axe violations, zero console
// errors, a screenshot.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createOrdersWorld, validOffers, type TestOffer, type TestUser } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  centsOf,
  checkPage,
  launchBrowser,
  newContext,
  plainSpaces,
  DEVICE_WIDTHS,
  watchErrors,
} from './support/browser.js';

let server: TestServer;
let browser: Browser;
let offer: TestOffer;
let title: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  offer = (
    await validOffers(server.database.db, 1, { licenceKind: 'single-seat', maxPriceCents: 3_000 })
  )[0]!;
  const resource = await server.database.db
    .selectFrom('resources')
    .select('title')
    .where('id', '=', offer.resourceId)
    .executeTakeFirstOrThrow();
  title = resource.title;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const widths = DEVICE_WIDTHS;

describe('a proposal from the product page to the order', () => {
  for (const { name: device, viewport } of widths) {
    test(`on a ${device} (${viewport.width} px)`, async () => {
      const seats = 24;
      const totalCents = seats * offer.priceCents;
      // The drawing right leaves the cart 10 € short: the head must see it and co-fund.
      const world = await createOrdersWorld(server.database.db, {
        allocationCents: totalCents - 1_000,
        allowCoFunding: true,
      });
      const errors: string[] = [];
      const contexts: BrowserContext[] = [];
      const open = async (user: TestUser) => {
        const context = await newContext(browser, { viewport });
        contexts.push(context);
        await context.addCookies([{ name: 'ccr_session', value: user.token, url: server.url }]);
        const page = await context.newPage();
        watchErrors(page, errors);
        return page;
      };
      const shot = (step: string) => `proposals-cart-${device}-${step}`;

      // 1. The teacher proposes from the product page.
      const teacher = await open(world.teacher);
      await teacher.goto(`${server.url}/ressources/${offer.resourceId}`);
      await checkPage(teacher, shot('01-product'));
      await teacher.getByRole('link', { name: 'Proposer pour mon établissement' }).click();
      const form = teacher.locator('#proposer');
      await form.getByLabel('Offre').selectOption(String(offer.id));
      await form.getByLabel('Nombre d’élèves ou de postes').fill(String(seats));
      await form.getByLabel('Note (facultatif)').fill('Pour les deux classes de 5e');
      await Promise.all([
        teacher.waitForURL(/ok=proposition/),
        form.getByRole('button', { name: 'Proposer', exact: true }).click(),
      ]);
      expect(await teacher.locator('.fr-alert--success').innerText()).toContain(
        'Votre proposition est transmise à l’établissement.',
      );
      await checkPage(teacher, shot('02-proposed'));
      await Promise.all([
        teacher.waitForURL(/\/mes-propositions$/),
        teacher.getByRole('link', { name: 'Suivre mes propositions' }).click(),
      ]);
      const mine = teacher.locator('main .fr-raw-list > li').first();
      expect(await mine.locator('h2').innerText()).toBe(title);
      expect(await mine.locator('.fr-badge').innerText()).toMatch(/^proposé$/i);
      expect(plainSpaces(await mine.innerText())).toContain('Pour les deux classes de 5e');
      await checkPage(teacher, shot('03-mes-propositions'));

      // 2. The referent puts it in the cart, with the teacher's offer and seats already filled in.
      const referent = await open(world.referent);
      const cartUrl = `${server.url}/etablissements/${world.establishment.uai}/panier`;
      await referent.goto(cartUrl);
      const proposal = referent.locator('#propositions li').first();
      expect(await proposal.getByLabel('Postes').inputValue()).toBe(String(seats));
      expect(await proposal.getByLabel('Quantité').inputValue()).toBe(String(seats));
      await checkPage(referent, shot('04-referent-proposals'));
      await Promise.all([
        referent.waitForURL(/ok=ligne/),
        proposal.getByRole('button', { name: 'Ajouter au panier' }).click(),
      ]);
      const line = referent.locator('tbody tr').first();
      expect(await line.locator('td').first().locator('a').innerText()).toBe(title);
      await checkPage(referent, shot('05-referent-cart'));

      // 3. The head sees the cart goes 10 € beyond the right, reads the right, co-funds and orders.
      const head = await open(world.head);
      await head.goto(cartUrl);
      const warning = plainSpaces(await head.locator('#depassement').innerText());
      expect(warning).toContain('Le panier dépasse le droit de tirage restant de 10,00 €');
      await checkPage(head, shot('06-head-over-budget'));
      await Promise.all([
        head.waitForURL(/\/droit-de-tirage$/),
        head.getByRole('link', { name: 'Détail et historique du droit de tirage' }).click(),
      ]);
      expect(centsOf(await head.locator('.fr-callout__title').first().innerText())).toBe(totalCents - 1_000);
      expect(await head.locator('table').last().innerText()).toContain('Dotation');
      await checkPage(head, shot('07-head-drawing-right'));
      await head.goto(cartUrl);
      await head.getByLabel('Financeur').selectOption('local-authority');
      await head.getByLabel(/Montant en euros/).fill('10,00');
      await head.getByLabel(/Référence/).fill('Délibération 2026-42');
      await Promise.all([
        head.waitForURL(/\/commandes\/\d+\?ok=passee/),
        head.getByRole('button', { name: /Passer la commande/ }).click(),
      ]);
      expect(await head.locator('h1').innerText()).toMatch(/^Commande n° \d+$/);
      await checkPage(head, shot('08-head-ordered'));

      // 4. The teacher reads that her proposal was ordered.
      await teacher.goto(`${server.url}/mes-propositions`);
      expect(
        await teacher.locator('main .fr-raw-list > li').first().locator('.fr-badge').innerText(),
      ).toMatch(/^commandé$/i);
      await checkPage(teacher, shot('09-teacher-ordered'));

      for (const context of contexts) await context.close();
      expect(errors).toEqual([]);
    });
  }
});
