// Browser journey (issue 12) on a desktop (1280 px) and a phone (375 px): the demo publisher signs in,
// opens its notices, writes a new one with the pickers (a cycle and a class in the level tree, a
// discipline, a type, a format, a device, the cost, the licence, the update day, an offer in euros),
// first submits it without a title (the error is said next to the field, everything typed kept),
// previews the product page, submits it and finds it pending on its page and in its list; then the
// import page. Every page: zero axe violations, zero console errors or uncaught exceptions, a screenshot.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  checkPage,
  hasNoHorizontalScroll,
  plainSpaces,
  signInWithForm,
  tick,
  DESKTOP,
  PHONE,
  watchErrors,
} from './support/browser.js';
import { openDemoJourney, type DemoJourney } from './support/orders.js';

let demo: DemoJourney;

beforeAll(async () => {
  demo = await openDemoJourney();
});

afterAll(async () => {
  await demo?.close();
});

const CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';

const widths = [
  { name: 'desktop', viewport: DESKTOP },
  { name: 'phone', viewport: PHONE },
] as const;

describe('the publisher writes, previews and submits a notice', () => {
  for (const { name: device, viewport } of widths) {
    test(`on a ${device} (${viewport.width} px)`, async () => {
      const { server, publisher } = demo;
      const shot = (step: string) => `notices-publisher-${device}-${step}`;
      const identifier = `e2e-notice-${device}`;
      const title = `Les fractions en images (${device})`;
      const { page } = await demo.freshPage();
      await page.setViewportSize(viewport);
      const errors = watchErrors(page);

      await signInWithForm(page, server.url, publisher, '/editeur/notices');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Mes notices');
      await checkPage(page, shot('01-list'));

      await Promise.all([
        page.waitForURL(/\/editeur\/notices\/nouvelle$/),
        page.getByRole('link', { name: 'Nouvelle notice' }).click(),
      ]);
      expect(await hasNoHorizontalScroll(page)).toBe(true);
      await checkPage(page, shot('02-form'));

      // Everything but the title, with the pickers.
      await page.locator('#notice-identifier').fill(identifier);
      await page
        .locator('#notice-description')
        .fill('Des fractions dessinées.\n\nAvec des exercices <b>corrigés</b>.');
      await page.locator('#notice-keywords').fill('fractions, nombres');
      await tick(page, 'levels', `${CONCEPT}scolomfr-voc-022-num-014`); // CM1
      await tick(page, 'levels', `${CONCEPT}scolomfr-voc-022-num-621`); // cycle 4, whole
      await tick(page, 'disciplines', `${CONCEPT}scolomfr-voc-015-num-054`);
      await tick(page, 'types', `${CONCEPT}scolomfr-voc-010-num-014`);
      await tick(page, 'formats', `${CONCEPT}scolomfr-voc-046-num-001`);
      await tick(page, 'devices', 'tablet');
      await page.locator('label[for="notice-cost-yes"]').click();
      await page.locator('#notice-licence').selectOption('proprietary');
      await page.locator('#notice-updatedOn').fill('2026-09-01');
      await page.locator('#notice-demoUrl').fill('https://demo.example.fr/fractions');
      await page.locator('#offre-1-label').fill('Licence établissement, un an');
      await page.locator('#offre-1-price').fill('39,90');
      await page.locator('#offre-1-durationMonths').fill('12');

      // Submitted without a title: the browser's own check is skipped (as a browser without it would).
      await page.locator('#notice-title').evaluate((input) => input.removeAttribute('required'));
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Soumettre' }).click(),
      ]);
      expect(await page.locator('#erreurs-notice').innerText()).toContain('Titre');
      expect(await page.locator('#notice-title-error').innerText()).toContain('titre');
      expect(await page.locator('#offre-1-price').inputValue()).toBe('39,90');
      expect(
        await page.locator(`input[name="levels"][value="${CONCEPT}scolomfr-voc-022-num-014"]`).isChecked(),
      ).toBe(true);
      await checkPage(page, shot('03-refused'));

      // The summary links to the field; the title typed, then the preview.
      await page.locator('#erreurs-notice a[href="#notice-title"]').click();
      await page.locator('#notice-title').fill(title);
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Prévisualiser' }).click(),
      ]);
      const preview = page.locator('#apercu');
      expect(await preview.locator('#apercu-titre').innerText()).toBe(title);
      const previewText = plainSpaces(await preview.innerText());
      expect(previewText).toContain('39,90 €');
      expect(previewText).toContain('CM1');
      expect(previewText).toContain('mathématiques');
      expect(previewText).toContain('Avec des exercices <b>corrigés</b>.');
      expect(await page.locator('#notice-title').inputValue()).toBe(title);
      // Nothing scrolls sideways but the offers table, inside its own frame.
      expect(await hasNoHorizontalScroll(page)).toBe(true);
      await checkPage(page, shot('04-preview'));

      // Submitted: its page, pending, with the confirmation.
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('ok') === 'soumise'),
        page.getByRole('button', { name: 'Soumettre' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
      expect(await page.getByRole('status').first().innerText()).toContain('La notice est soumise');
      expect(plainSpaces((await page.locator('main .fr-badge').first().textContent()) ?? '')).toBe(
        'en attente de validation',
      );
      const noticeUrl = new URL(page.url()).pathname;
      await checkPage(page, shot('05-submitted'));

      // In the list of pending notices.
      await page.goto(`${server.url}/editeur/notices`);
      await page.locator('#filtre-statut').selectOption('en-attente');
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('statut') === 'en-attente'),
        page.getByRole('button', { name: 'Filtrer' }).click(),
      ]);
      expect(await page.locator(`a[href="${noticeUrl}"]`).innerText()).toBe(title);
      await checkPage(page, shot('06-pending'));

      // The import page.
      await Promise.all([
        page.waitForURL(/\/editeur\/notices\/import$/),
        page.getByRole('link', { name: 'Importer des notices ScoLOMfr' }).click(),
      ]);
      await checkPage(page, shot('07-import'));
      // The refused form's answer is a 400, on purpose: the browser logs it; nothing else.
      expect(
        errors.filter((error) => !/status of 400 .*\/editeur\/notices\/nouvelle\)$/.test(error)),
      ).toEqual([]);
    });
  }
});
