// Accessibility and weight, measured: zero axe-core violations on every public page, and pages light
// enough for school networks (results HTML ≤ 30 KB gzip, first visit ≤ 300 KB, repeat visit ≤ 40 KB).
import http from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { axeViolations, launchBrowser, newContext, screenshot } from './support/browser.js';

const KB = 1024;
const RESULTS_PATH = `/recherche?q=${encodeURIComponent('énergie')}&level=scolomfr-voc-022-num-621`;

let server: TestServer;
let browser: Browser;
let productPath: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const results = (await (await fetch(`${server.url}/api/resources?cost=yes&pageSize=1`)).json()) as {
    items: { url: string }[];
  };
  productPath = results.items[0]!.url;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  const pages: [name: string, path: () => string, status: number][] = [
    ['home', () => '/', 200],
    ['results', () => `/recherche?q=${encodeURIComponent('énergie')}`, 200],
    ['results-filtered', () => `${RESULTS_PATH}&cost=yes&priceMax=100&sort=price&page=2`, 200],
    ['product', () => productPath, 200],
    ['empty-results', () => `/recherche?q=${encodeURIComponent('énergie')}&cost=no&priceMin=100`, 200],
    ['search-400', () => '/recherche?priceMin=douze', 400],
    ['error-400', () => `${productPath}?eleves=0`, 400],
    ['error-404', () => '/ressources/inconnue', 404],
  ];
  for (const [name, path, status] of pages) {
    test(`${name} has no violation`, async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      const response = await page.goto(`${server.url}${path()}`);
      expect(response?.status()).toBe(status);
      await screenshot(page, `axe-${name}`);
      const violations = await axeViolations(page);
      console.log(`axe ${name}: ${violations.length} violation(s)`);
      expect(violations).toEqual([]);
      await context.close();
    });
  }
});

/** Bytes on the wire for one GET with the given accept-encoding (Node's fetch would decompress). */
function compressedSize(
  url: string,
  encoding: string,
): Promise<{ status: number; bytes: number; encoding?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            bytes,
            encoding: response.headers['content-encoding'],
          }),
        );
      })
      .on('error', reject);
  });
}

/** Sums what the network actually carried for one navigation (compressed bodies and headers), per URL. */
async function transferredBytes(
  page: Page,
  path: string,
): Promise<{ total: number; byUrl: Map<string, number> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const byUrl = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
  cdp.on('Network.loadingFinished', (event) => {
    const url = urls.get(event.requestId) ?? event.requestId;
    // data: URLs (DSFR's inline SVGs) and cache hits carry nothing over the network.
    if (url.startsWith('data:') || event.encodedDataLength === 0) return;
    byUrl.set(url, (byUrl.get(url) ?? 0) + event.encodedDataLength);
  });
  await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
  // Fonts load when text needs them: wait for them so they are counted.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  let total = 0;
  for (const bytes of byUrl.values()) total += bytes;
  return { total, byUrl };
}

function report(title: string, measure: { total: number; byUrl: Map<string, number> }): void {
  const lines = [...measure.byUrl]
    .sort((a, b) => b[1] - a[1])
    .map(([url, bytes]) => `  ${(bytes / KB).toFixed(1).padStart(7)} KB  ${url.replace(server.url, '')}`);
  console.log(`${title}: ${(measure.total / KB).toFixed(1)} KB\n${lines.join('\n')}`);
}

describe('page weight', () => {
  test('the results page HTML is at most 30 KB gzipped', async () => {
    for (const path of [RESULTS_PATH, `/recherche?q=${encodeURIComponent('énergie')}`, '/recherche']) {
      const { status, bytes, encoding } = await compressedSize(`${server.url}${path}`, 'gzip');
      console.log(`results HTML ${path}: ${(bytes / KB).toFixed(1)} KB (${encoding})`);
      expect(status).toBe(200);
      expect(encoding).toBe('gzip');
      expect(bytes).toBeLessThanOrEqual(30 * KB);
    }
  });

  test('first visit ≤ 300 KB and repeat visit ≤ 40 KB on the wire', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const first = await transferredBytes(page, RESULTS_PATH);
    report('first visit (results page, empty cache)', first);
    expect(first.total).toBeLessThanOrEqual(300 * KB);

    // Assets are immutable for a year: a later visit fetches only the HTML.
    const repeat = await transferredBytes(page, `/recherche?q=${encodeURIComponent('énergie')}&sort=newest`);
    report('repeat visit (another results page, warm cache)', repeat);
    expect(repeat.total).toBeLessThanOrEqual(40 * KB);

    const product = await transferredBytes(page, productPath);
    report('repeat visit (product page, warm cache)', product);
    expect(product.total).toBeLessThanOrEqual(40 * KB);
    await context.close();
  });
});
