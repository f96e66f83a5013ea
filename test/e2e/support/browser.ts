// Browser helpers for the journeys: Debian's Chromium driven by playwright-core, an axe-core check
// and screenshots in test-results/screenshots (git-ignored).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

export const PHONE = { width: 375, height: 812 };
export const TABLET = { width: 768, height: 1024 };
export const DESKTOP = { width: 1280, height: 900 };
/** The three widths every role's journey runs at (issue 10, item 9). */
export const DEVICE_WIDTHS = [
  { name: 'phone', viewport: PHONE },
  { name: 'tablet', viewport: TABLET },
  { name: 'desktop', viewport: DESKTOP },
] as const;

/** Collects a page's console errors and uncaught exceptions into `errors` (a new list by default). */
export function watchErrors(page: Page, errors: string[] = []): string[] {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message} (${page.url()})`));
  return errors;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Without the last flags, Chromium's background connections are refused in bulk on this machine.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ContextOptions {
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
}

/** A fresh context (empty cache). bypassCSP lets axe-core be injected under our script-src 'self'. */
export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    bypassCSP: true,
    locale: 'fr-FR',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? DESKTOP,
  });
}

/**
 * A context already signed in with the raw token of a session made by a test factory (the value of the
 * ccr_session cookie): no sign-in form, no password hashing.
 */
export async function signedInContext(
  browser: Browser,
  baseUrl: string,
  sessionToken: string,
  options: ContextOptions = {},
): Promise<BrowserContext> {
  const context = await newContext(browser, options);
  await context.addCookies([{ name: 'ccr_session', value: sessionToken, url: baseUrl }]);
  return context;
}

/**
 * Signs in through the real form, as a person does, and waits for the page it sends back to. With a
 * screenshot name, the form itself is checked (checkPage) before it is sent.
 */
export async function signInWithForm(
  page: Page,
  baseUrl: string,
  credentials: { email: string; password: string },
  returnPath: string,
  screenshotName?: string,
): Promise<void> {
  await page.goto(`${baseUrl}/connexion?${new URLSearchParams({ retour: returnPath }).toString()}`);
  await page.getByLabel('Adresse électronique').fill(credentials.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(credentials.password);
  if (screenshotName) await checkPage(page, screenshotName);
  await Promise.all([
    page.waitForURL((url) => `${url.pathname}${url.search}` === returnPath),
    page.getByRole('button', { name: 'Se connecter' }).click(),
  ]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules and best practices) and returns a readable list of
 * violations, empty when the page passes. Needs JavaScript: with it disabled, run it in another page.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return (violations as AxeViolation[]).map(
    (violation) =>
      `${violation.id} (${violation.impact ?? '?'}): ${violation.help} — ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(' '))
        .join(' | ')}`,
  );
}

/** What every page of a journey must pass: no axe-core violation; then its screenshot. */
export async function checkPage(page: Page, screenshotName: string): Promise<void> {
  expect(await axeViolations(page), `axe-core on ${page.url()}`).toEqual([]);
  await screenshot(page, screenshotName);
}

/** Text with every kind of space made a plain space (French numbers use narrow no-break spaces). */
export function plainSpaces(text: string): string {
  return text.replace(/[\s\u202f\u00a0]+/g, ' ').trim();
}

/** Cents of an amount as the pages print it: "1 234,56 €" → 123456 (a minus sign is kept). */
export function centsOf(text: string): number {
  const match = /(-?)(\d[\d ]*),(\d\d) €/.exec(plainSpaces(text));
  if (!match) throw new Error(`No amount in euros in "${text}"`);
  const cents = Number(match[2]!.replace(/ /g, '')) * 100 + Number(match[3]);
  return match[1] ? -cents : cents;
}

/** Ticks a DSFR checkbox the way a user does: by its label (the input itself is visually replaced). */
export async function tick(page: Page, name: string, value: string): Promise<void> {
  const input = page.locator(`input[type=checkbox][name="${name}"][value="${value}"]`);
  const id = await input.getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
}

/** The number in the results heading ("1 234 ressources pour « énergie »"). */
export async function resultTotal(page: Page): Promise<number> {
  const heading = plainSpaces(await page.locator('#resultats-titre').innerText());
  const match = /^(\d[\d ]*) ressources?/.exec(heading);
  if (!match) throw new Error(`No result count in "${heading}"`);
  return Number(match[1]!.replace(/ /g, ''));
}

export async function resultTitles(page: Page): Promise<string[]> {
  return page.locator('.ccr-results .fr-card__title a').allInnerTexts();
}

/** Facet values as shown: label and count, e.g. { label: 'technologie', count: 59, checked: false }. */
export async function facetValues(page: Page, facet: string) {
  return page.locator(`input[type=checkbox][name="${facet}"]`).evaluateAll((inputs) =>
    inputs.map((input) => {
      const label = document.querySelector(`label[for="${input.id}"]`)?.textContent ?? '';
      const match = /^(.*) \(([\d\s\u202f\u00a0]+)\)$/.exec(label.trim());
      return {
        value: (input as HTMLInputElement).value,
        label: match?.[1] ?? label,
        count: match ? Number(match[2]!.replace(/\D/g, '')) : Number.NaN,
        checked: (input as HTMLInputElement).checked,
      };
    }),
  );
}

/** The page does not scroll sideways (tablet check). */
export async function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}
