// Order helpers for the journeys: the demo workspace with a browser; read the remaining drawing right as the cart page shows it, and place
// an order through the JSON API with the session of a browser context (same cookie, its CSRF token).
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemoWorkspace } from '../../../src/demo/workspace.js';
import type { PresentedOrder } from '../../../src/modules/orders/orders.presenter.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { centsOf, launchBrowser, newContext, plainSpaces } from './browser.js';

/** Opens the establishment's cart page and returns "Droit de tirage restant : …" in cents. */
export async function remainingRightCents(page: Page, baseUrl: string, uai: string): Promise<number> {
  await page.goto(`${baseUrl}/etablissements/${uai}/panier`);
  const heading = plainSpaces(await page.locator('#droit-de-tirage h2').innerText());
  if (!heading.startsWith('Droit de tirage restant :')) throw new Error(`Unexpected heading "${heading}"`);
  return centsOf(heading);
}

/** Places an order as the context's signed-in user (POST /api/orders); fails unless it was created. */
export async function placeOrderAs(
  context: BrowserContext,
  baseUrl: string,
  uai: string,
  lines: { offer: number; seats: number; quantity: number }[],
): Promise<PresentedOrder> {
  const me = await context.request.get(`${baseUrl}/api/me`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const response = await context.request.post(`${baseUrl}/api/orders`, {
    headers: { 'x-csrf-token': csrfToken, 'idempotency-key': randomUUID() },
    data: { establishment: uai, lines },
  });
  if (response.status() !== 201) {
    throw new Error(`Order not placed (${response.status()}): ${await response.text()}`);
  }
  return (await response.json()) as PresentedOrder;
}

/** The demo workspace in a test server, a browser, and who plays the head and the publisher. */
export interface DemoJourney {
  server: TestServer;
  browser: Browser;
  head: { email: string; password: string };
  publisher: { email: string; password: string };
  /** The head's establishment. */
  uai: string;
  /** The producer the demo publisher answers for. */
  publisherProducerId: number;
  /** A fresh browser context (no cookie) with one page; closed by close(). */
  freshPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Seeds the demo workspace on a fresh test server and launches the browser, for order journeys. */
export async function openDemoJourney(): Promise<DemoJourney> {
  const [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const db = server.database.db;
  const accounts = (await seedDemoWorkspace(db))!;
  const accountOf = (role: string) => ({
    email: accounts.find((account) => account.role === role)!.email,
    password: DEMO_PASSWORD,
  });
  const grantOf = (email: string) =>
    db
      .selectFrom('role_assignments as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .leftJoin('establishments as e', 'e.id', 'r.establishment_id')
      .select(['e.uai', 'r.producer_id'])
      .where('u.email', '=', email)
      .executeTakeFirstOrThrow();
  const head = accountOf('head');
  const publisher = accountOf('publisher');
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    head,
    publisher,
    uai: (await grantOf(head.email)).uai!,
    publisherProducerId: (await grantOf(publisher.email)).producer_id!,
    freshPage: async () => {
      const context = await newContext(browser);
      contexts.push(context);
      return { context, page: await context.newPage() };
    },
    close: async () => {
      for (const context of contexts) await context.close();
      await browser.close();
      await server.close();
    },
  };
}
