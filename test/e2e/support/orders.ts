// Order helpers for the journeys: read the remaining drawing right as the cart page shows it, and place
// an order through the JSON API with the session of a browser context (same cookie, its CSRF token).
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import type { PresentedOrder } from '../../../src/modules/orders/orders.presenter.js';
import { centsOf, plainSpaces } from './browser.js';

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
