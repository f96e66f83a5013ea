// Browser journey (issue 12) on a desktop (1280 px) and a phone (375 px): the demo expert signs in,
// filters the queue (publisher, discipline, days waited), opens a notice and reads its checklist,
// refuses it (first without a reason: the error is said next to the field, the choice kept), accepts
// another, follows the link to the resource in the catalogue and finds it with the catalogue search;
// then the public statistics page, grouped by type. Every page: zero axe violations, zero console
// errors or uncaught exceptions, a screenshot. The notices are the test's own (the demo may have none).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, seedDemoWorkspace } from '../../src/demo/workspace.js';
import { submitNotice } from '../../src/modules/notices/notice-review.service.js';
import { createUser, type TestUser } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  checkPage,
  launchBrowser,
  newContext,
  plainSpaces,
  signInWithForm,
  DESKTOP,
  PHONE,
  watchErrors,
} from './support/browser.js';

let server: TestServer;
let browser: Browser;
let expert: { email: string; password: string };
let publisher: TestUser;
let producerId: number;

const CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';
const PHILOSOPHY = 'scolomfr-voc-015-num-059';

function fields(identifier: string, title: string, change: Record<string, unknown> = {}) {
  return {
    identifier,
    title,
    description: 'Textes commentés et exercices de dissertation pour la terminale.',
    keywords: ['philosophie', 'dissertation'],
    levels: [`${CONCEPT}scolomfr-voc-022-num-201`],
    disciplines: [PHILOSOPHY],
    types: ['scolomfr-voc-010-num-027'],
    formats: ['scolomfr-voc-046-num-001'],
    devices: ['computer'],
    cost: 'no',
    licence: 'cc-by',
    updatedOn: '2026-09-01',
    technicalRequirements: 'Navigateur récent',
    demoUrl: 'https://exemple.fr/demo',
    ...change,
  };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const db = server.database.db;
  const accounts = (await seedDemoWorkspace(db))!;
  expert = { email: accounts.find((account) => account.role === 'expert')!.email, password: DEMO_PASSWORD };
  const demoPublisher = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('r.producer_id')
    .where('u.email', '=', accounts.find((account) => account.role === 'publisher')!.email)
    .executeTakeFirstOrThrow();
  producerId = demoPublisher.producer_id!;
  publisher = await createUser(db, { role: 'publisher', producerId });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const widths = [
  { name: 'desktop', viewport: DESKTOP },
  { name: 'phone', viewport: PHONE },
] as const;

describe('the expert reviews notices', () => {
  for (const { name: device, viewport } of widths) {
    test(`on a ${device} (${viewport.width} px)`, async () => {
      const db = server.database.db;
      const shot = (step: string) => `notices-expert-${device}-${step}`;
      const word = `maieutique${device}`;
      const toRefuse = `Pensées sans démonstration (${device})`;
      const toAccept = `Atelier de ${word}`;
      const submitted: number[] = [];
      for (const [identifier, title, change] of [
        [`e2e-refus-${device}`, toRefuse, { demoUrl: undefined }],
        [`e2e-accepte-${device}`, toAccept, { keywords: [word, 'philosophie'] }],
      ] as const) {
        const result = await submitNotice(
          db,
          publisher.actor,
          producerId,
          fields(identifier, title, change),
          'json',
        );
        expect(result.errors).toEqual([]);
        submitted.push(result.notice!);
      }
      // They have waited a month.
      await db
        .updateTable('notices')
        .set({ submitted_at: new Date(Date.now() - 30 * 86_400_000) })
        .where('id', 'in', submitted)
        .execute();

      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInWithForm(page, server.url, expert, '/expertise/notices');
      await checkPage(page, shot('01-queue'));

      // The queue, filtered: the demo publisher, philosophy, waiting 25 days or more.
      await page.locator('#filtre-editeur').selectOption(String(producerId));
      await page.locator('#filtre-discipline').selectOption(PHILOSOPHY);
      await page.locator('#filtre-attente').fill('25');
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('attente') === '25'),
        page.getByRole('button', { name: 'Filtrer' }).click(),
      ]);
      const refuseRow = page.locator(`#notice-${submitted[0]}`);
      expect(plainSpaces(await refuseRow.innerText())).toContain('30 jours');
      expect(await page.locator(`#notice-${submitted[1]}`).count()).toBe(1);
      await checkPage(page, shot('02-filtered'));

      // The notice to refuse: its checklist says the demo is missing.
      await Promise.all([
        page.waitForURL(new RegExp(`/expertise/notices/${submitted[0]}$`)),
        refuseRow.getByRole('link', { name: toRefuse }).click(),
      ]);
      expect(await page.locator('h1').innerText()).toBe(toRefuse);
      const demoCheck = page.locator('#critere-demo');
      expect(plainSpaces((await demoCheck.textContent()) ?? '')).toContain('non rempli');
      expect(plainSpaces((await page.locator('#critere-technical').textContent()) ?? '')).not.toContain(
        'non rempli',
      );
      await checkPage(page, shot('03-review'));

      // Refused without a reason: said next to the reasons, the choice kept.
      await page.locator('label[for="decision-refuse"]').click();
      await Promise.all([
        page.waitForURL(new RegExp(`/expertise/notices/${submitted[0]}/decision#notice-decision$`)),
        page.getByRole('button', { name: 'Enregistrer la décision' }).click(),
      ]);
      expect(plainSpaces(await page.locator('#raisons-messages').innerText())).toBe(
        'Un refus ou une demande de modifications donne au moins une raison.',
      );
      expect(await page.locator('#decision-refuse').isChecked()).toBe(true);
      await checkPage(page, shot('04-refusal-without-reason'));
      await page.locator('#raison-demo').fill('Ajoutez une démonstration ou un spécimen consultable.');
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('ok') === 'refusee'),
        page.getByRole('button', { name: 'Enregistrer la décision' }).click(),
      ]);
      expect(await page.getByRole('status').first().innerText()).toContain('Notice refusée');
      await checkPage(page, shot('05-refused'));

      // The other one is accepted; the confirmation links its resource.
      await page.goto(`${server.url}/expertise/notices/${submitted[1]}`);
      expect(
        plainSpaces(await page.locator('section[aria-labelledby="notice-criteres"]').innerText()),
      ).toContain('Tous les critères formels sont remplis.');
      await page.locator('label[for="decision-accept"]').click();
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('ok') === 'validee'),
        page.getByRole('button', { name: 'Enregistrer la décision' }).click(),
      ]);
      const confirmation = page.getByRole('status').first();
      expect(await confirmation.innerText()).toContain('Notice validée : elle est dans le catalogue.');
      await checkPage(page, shot('06-accepted'));
      await Promise.all([
        page.waitForURL(/\/ressources\/\d+$/),
        confirmation.getByRole('link', { name: 'Voir la ressource dans le catalogue' }).click(),
      ]);
      expect(await page.locator('h1').innerText()).toBe(toAccept);

      // The catalogue search finds it once the index has followed the change log.
      let found = false;
      for (let attempt = 0; attempt < 50 && !found; attempt++) {
        await page.goto(`${server.url}/recherche?q=${word}`);
        found = (await page.getByRole('link', { name: toAccept }).count()) > 0;
        if (!found) await page.waitForTimeout(200);
      }
      expect(found).toBe(true);
      await checkPage(page, shot('07-search'));

      // The public statistics: totals, chart and table; grouped by type.
      await page.goto(`${server.url}/statistiques/notices`);
      expect(await page.locator('svg[role="img"]').count()).toBe(1);
      expect(await page.locator('table caption').innerText()).toContain('par éditeur');
      await checkPage(page, shot('08-statistics'));
      await page.locator('#par').selectOption('type');
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('par') === 'type'),
        page.getByRole('button', { name: 'Afficher' }).click(),
      ]);
      expect(plainSpaces(await page.locator('table').innerText())).toContain('activité pédagogique');
      await checkPage(page, shot('09-statistics-by-type'));
      // The refusal without a reason answered 400 on purpose; nothing else may fail.
      const refused = new RegExp(
        `status of 400 .*/expertise/notices/${submitted[0]}/decision(#notice-decision)?\\)$`,
      );
      expect(errors.filter((error) => !refused.test(error))).toEqual([]);
      await context.close();
    });
  }
});
