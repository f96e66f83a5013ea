// Browser journey (issue 13) across two running instances of the product, each its own process on its
// own embedded database: A holds the demo data, B a catalogue of its own (no demo catalogue, so none
// of A's identifiers), one producer and its national administrator. On B the administrator registers
// A's /oai (one producer's set) at /admin/moissonnage, presses "Moissonner maintenant" and reads the
// run log; the harvested resource is found by B's search, its page says where it came from and links
// the record on A, and "Source" is a facet. Then A's publisher withdraws that resource on A; A's
// GetRecord answers a deleted header; B harvests again: its page says the resource is withdrawn and
// its search no longer finds it. Every page: zero axe violations, no console error, a screenshot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DEMO_PASSWORD } from '../../src/demo/workspace.js';
import { createUserWithPassword } from '../../src/modules/accounts/accounts.service.js';
import { insertProducers } from '../../src/modules/catalogue/catalogue.repository.js';
import {
  checkPage,
  facetValues,
  launchBrowser,
  newContext,
  plainSpaces,
  resultTitles,
  signInWithForm,
  watchErrors,
} from './support/browser.js';
import { freePort, startInstance, type Instance } from './support/instances.js';

/** A demo notice the demo publisher had accepted: a resource of A's catalogue. */
const TITLE = 'Volcans et séismes en 3D';
const IDENTIFIER = 'demo-notice-svt-volcans';
const PUBLISHER = { email: 'editeur@demo.ccr.example', password: DEMO_PASSWORD };
const ADMIN_B = { email: 'admin@catalogue-b.example.fr', password: 'Moissonneuse-B-2026' };
const shot = (step: string) => `harvest-two-instances-${step}`;

let folder: string;
let a: Instance | undefined;
let b: Instance | undefined;
let browser: Browser | undefined;
/** B's database while the test prepares it (B not started yet). */
let bHandle: { close(): Promise<void> } | undefined;
let producer: { code: string; name: string };
const errors: string[] = [];
/** B's admin page of the source, once registered. */
let sourcePath: string;
/** The record on A, as B's product page links it. */
let recordUrl: string;

async function adminPageOnB(): Promise<Page> {
  const context = await newContext(browser!);
  const page = await context.newPage();
  watchErrors(page, errors);
  await signInWithForm(page, b!.url, ADMIN_B, '/admin/moissonnage');
  return page;
}

/** Presses "Moissonner maintenant" and reloads the page until the new run of the log has ended. */
async function harvestNow(page: Page, runsBefore: number): Promise<string[]> {
  await page.goto(`${b!.url}${sourcePath}`);
  await Promise.all([
    page.waitForURL(/\?ok=requested$/),
    page.getByRole('button', { name: 'Moissonner maintenant' }).click(),
  ]);
  expect(await page.locator('.fr-alert--success').innerText()).toContain('Le moissonnage est demandé');
  const rows = page.locator('table tbody tr');
  const deadline = Date.now() + 150_000;
  for (;;) {
    if ((await rows.count()) > runsBefore) {
      // textContent: the badge's capitals are only CSS.
      const cells = (await rows.first().locator('td').allTextContents()).map(plainSpaces);
      if (cells[2] !== 'En cours') return cells;
    }
    if (Date.now() > deadline) throw new Error(`The harvest did not end in time:\n${b!.output()}`);
    await page.waitForTimeout(500);
    await page.reload();
  }
}

/** B's search for the title, reloaded until its index shows `expected` results (it follows writes). */
async function searchOnB(page: Page, expected: number): Promise<string[]> {
  const url = `${b!.url}/recherche?${new URLSearchParams({ q: TITLE }).toString()}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(url);
    const titles = await resultTitles(page);
    if (titles.filter((title) => title === TITLE).length === expected || Date.now() > deadline) {
      return titles;
    }
    await page.waitForTimeout(500);
  }
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-two-instances-'));
  const [portA, portB] = [await freePort(), await freePort()];
  // B's catalogue is prepared while A starts: migrated, with its national administrator.
  const bDataDir = path.join(folder, 'b');
  const prepareB = (async () => {
    const handle = await openDatabase({ dataDir: bDataDir });
    await migrateToLatest(handle.db as never);
    await createUserWithPassword(handle.db, {
      email: ADMIN_B.email,
      displayName: 'Administration du catalogue B',
      password: ADMIN_B.password,
      grants: [{ role: 'national-admin', establishmentId: null, academyId: null, producerId: null }],
    });
    return handle;
  })();
  // Each is kept as soon as it is up, so that afterAll stops it whatever else failed.
  const [, handleB] = await Promise.all([
    startInstance({
      name: 'A',
      dataDir: path.join(folder, 'a'),
      port: portA,
      environment: { DEMO: '1', DEMO_RESOURCES: '300' },
      readyTimeoutMs: 300_000,
    }).then((instance) => (a = instance)),
    prepareB.then((handle) => (bHandle = handle)),
    launchBrowser().then((chromium) => (browser = chromium)),
  ]);
  // The producer of the demo publisher's resource, known to B too (its harvested resources go under it).
  const found = (await (
    await fetch(`${a!.url}/api/resources?${new URLSearchParams({ q: TITLE }).toString()}`)
  ).json()) as { items: { id: string; producer: { code: string; name: string } }[] };
  const item = found.items.find((candidate) => candidate.id === IDENTIFIER);
  if (!item) throw new Error(`A has no resource ${IDENTIFIER}`);
  producer = item.producer;
  await insertProducers(handleB.db, [{ ...producer, kind: 'publisher', website: null }]);
  await handleB.close();
  bHandle = undefined;
  b = await startInstance({
    name: 'B',
    dataDir: bDataDir,
    port: portB,
    environment: { DEMO: '0' },
    readyTimeoutMs: 180_000,
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([a?.stop(), b?.stop(), bHandle?.close()]);
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

describe('a second instance harvests the first one', () => {
  test('B’s national administrator registers A’s /oai and harvests it', async () => {
    const page = await adminPageOnB();
    await checkPage(page, shot('01-sources'));
    await page.goto(`${b!.url}/admin/moissonnage/nouvelle`);
    await page.locator('#source-baseUrl').fill(`${a!.url}/oai`);
    await page.locator('#source-prefix').selectOption('scolomfr');
    await page.locator('#source-set').fill(`producer:${producer.code}`);
    await page.locator('#source-name').fill('Catalogue A');
    await page.locator('#source-producer').selectOption(producer.code);
    await checkPage(page, shot('02-new-source'));
    await Promise.all([
      page.waitForURL(/\/admin\/moissonnage\/\d+\?ok=registered$/),
      page.getByRole('button', { name: 'Enregistrer la source' }).click(),
    ]);
    sourcePath = new URL(page.url()).pathname;
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Source « Catalogue A »');
    expect(await page.getByText('Cette source n’a pas encore été moissonnée.').count()).toBe(1);

    const started = Date.now();
    const run = await harvestNow(page, 0);
    const seconds = (Date.now() - started) / 1000;
    // Columns: start, end, state, read, new, updated, withdrawn, refused, last datestamp, details.
    expect(run[2], run.join(' | ')).toBe('Réussi');
    const [read, created, updated, withdrawn, refused] = run.slice(3, 8).map(Number);
    // The set holds the publisher's live resources and one it had withdrawn (a deleted header, which
    // B, never having had it, has nothing to withdraw for).
    expect({ created, updated, withdrawn, refused }).toEqual({
      created: read! - 1,
      updated: 0,
      withdrawn: 0,
      refused: 0,
    });
    expect(created).toBeGreaterThan(0);
    console.log(`B harvested ${read} records of A in ${seconds.toFixed(1)} s (request to run log)`);
    await checkPage(page, shot('03-run-log'));
    await page.context().close();
  }, 300_000);

  test('B’s search finds the harvested resource; its page says where it came from; "Source" is a facet', async () => {
    const context = await newContext(browser!);
    const page = await context.newPage();
    watchErrors(page, errors);
    const titles = await searchOnB(page, 1);
    expect(titles).toContain(TITLE);
    const sources = await facetValues(page, 'source');
    expect(sources).toEqual([expect.objectContaining({ label: 'Catalogue A', count: 1, checked: false })]);
    await checkPage(page, shot('04-search-b'));

    await Promise.all([
      page.waitForURL(new RegExp(`/ressources/${IDENTIFIER}$`)),
      page.locator('.ccr-results .fr-card__title a', { hasText: TITLE }).click(),
    ]);
    const notice = plainSpaces(await page.locator('dl.ccr-notice').first().innerText());
    expect(notice).toContain('notice moissonnée depuis un autre catalogue (OAI-PMH)');
    expect(notice).toContain('Catalogue A (notice d’origine)');
    recordUrl = (await page.getByRole('link', { name: 'notice d’origine' }).getAttribute('href'))!;
    expect(recordUrl.startsWith(`${a!.url}/oai?`)).toBe(true);
    const record = await (await fetch(recordUrl)).text();
    expect(record).toContain('<GetRecord>');
    expect(record).toContain(TITLE);
    expect(record).not.toContain('status="deleted"');
    await checkPage(page, shot('05-resource-b'));
    await context.close();
  }, 180_000);

  test('withdrawn on A by its publisher: A says deleted, B harvests the deletion and withdraws it too', async () => {
    const context = await newContext(browser!);
    const page = await context.newPage();
    watchErrors(page, errors);
    await signInWithForm(page, a!.url, PUBLISHER, '/editeur/notices');
    await Promise.all([
      page.waitForURL(/\/editeur\/notices\/\d+$/),
      page.getByRole('link', { name: TITLE, exact: true }).click(),
    ]);
    await Promise.all([
      page.waitForURL(/\/retirer$/),
      page.getByRole('link', { name: 'Retirer du catalogue' }).click(),
    ]);
    await checkPage(page, shot('06-withdraw-a'));
    await Promise.all([
      page.waitForURL(/\?ok=retiree$/),
      page.getByRole('button', { name: 'Confirmer le retrait' }).click(),
    ]);
    await context.close();

    const record = await (await fetch(recordUrl)).text();
    expect(record).toMatch(/<header status="deleted">/);
    expect(record).not.toContain('<metadata>');

    const admin = await adminPageOnB();
    const run = await harvestNow(admin, 1);
    expect(run[2], run.join(' | ')).toBe('Réussi');
    expect({ created: Number(run[4]), withdrawn: Number(run[6]), refused: Number(run[7]) }).toEqual({
      created: 0,
      withdrawn: 1,
      refused: 0,
    });
    await checkPage(admin, shot('07-second-run'));
    await admin.context().close();

    const visitor = await (await newContext(browser!)).newPage();
    watchErrors(visitor, errors);
    expect(await searchOnB(visitor, 0)).not.toContain(TITLE);
    await visitor.goto(`${b!.url}/ressources/${IDENTIFIER}`);
    expect(await visitor.locator('.fr-alert__title').first().innerText()).toBe(
      'Ressource retirée du catalogue',
    );
    await checkPage(visitor, shot('08-withdrawn-b'));
    await visitor.context().close();
    expect(errors).toEqual([]);
  }, 400_000);
});
