/* eslint-disable @typescript-eslint/no-unsafe-member-access -- API replies are untyped JSON here. */
// An order one may not see answers 404 whatever the verb, exactly as an id that does not exist, on the
// API and the pages; who sees it but may not act gets 403 (issue 9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrdersWorld,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
} from '../support/factories/index.js';
import { apiClient, pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let offer: TestOffer;
let orderId: number;
beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(server.database.db, { allocationCents: 100_000 });
  offer = (await validOffers(server.database.db, 1))[0]!;
  const placed = await api(
    world.head,
    'POST',
    '/api/orders',
    {
      establishment: world.establishment.uai,
      lines: [{ offer: offer.id, seats: seatsFor(offer, 1), quantity: 1 }],
    },
    { 'idempotency-key': 'visibility-1' },
  );
  expect(placed.status).toBe(201);
  orderId = placed.body.id as number;
});
afterAll(async () => {
  await server?.close();
});

const api = apiClient(() => server.app);
const pages = pageClient(() => server.app);
const missing = 2_147_483_000;

describe('cancelling an order', () => {
  it('another establishment’s head gets 404 for an existing id, as for a missing one', async () => {
    const existing = await api(world.otherHead, 'POST', `/api/orders/${orderId}/cancel`);
    const absent = await api(world.otherHead, 'POST', `/api/orders/${missing}/cancel`);
    expect(existing.status).toBe(404);
    expect(absent.status).toBe(404);
    expect(existing.body.error.code).toBe(absent.body.error.code);
    expect(existing.body.error.message).toBe(
      `La commande n° ${orderId} n’existe pas ou ne vous est pas accessible.`,
    );
  });

  it('the other academy’s staff gets 404; its own academy’s staff sees it and gets 403', async () => {
    expect((await api(world.otherStaff, 'POST', `/api/orders/${orderId}/cancel`)).status).toBe(404);
    expect((await api(world.staff, 'POST', `/api/orders/${orderId}/cancel`)).status).toBe(403);
  });

  it('the page answers the same: 404 for the stranger, and the order is untouched', async () => {
    const stranger = await pages.submit(world.otherHead, `/commandes/${orderId}/annuler`, {});
    expect(stranger.status).toBe(404);
    const order = await api(world.head, 'GET', `/api/orders/${orderId}`);
    expect(order.body.status.value).toBe('submitted');
  });
});
