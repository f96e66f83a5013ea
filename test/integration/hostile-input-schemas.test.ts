/* eslint-disable @typescript-eslint/no-unsafe-member-access -- API replies are untyped JSON here. */
// Strict request schemas (issue 9): JSON numbers are numbers ("3", true and [2] are refused, never
// coerced), unknown keys are refused, a path or query value is one value; and zod's own messages
// (a wrong type) come out in French.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrdersWorld,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
} from '../support/factories/index.js';
import { rowCount } from '../support/database.js';
import { apiClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let offers: TestOffer[];
beforeAll(async () => {
  server = await startTestServer({ referenceData: true });
  world = await createOrdersWorld(server.database.db, { allocationCents: 100_000 });
  offers = await validOffers(server.database.db, 2);
});
afterAll(async () => {
  await server?.close();
});

const api = apiClient(() => server.app);
let keyCounter = 0;

const orderCount = () => rowCount(server.database.db, 'orders');

const placeOrder = (line: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  api(
    world.head,
    'POST',
    '/api/orders',
    { establishment: world.establishment.uai, lines: [line], ...extra },
    { 'idempotency-key': `strict-${keyCounter++}` },
  );

describe('no coercion into numbers in JSON bodies', () => {
  it('order lines refuse "3", true and [2] as a quantity, and nothing is written', async () => {
    const offer = offers[0]!;
    const before = await orderCount();
    for (const quantity of ['1', true, [1], 1.5, null]) {
      const reply = await placeOrder({ offer: offer.id, seats: seatsFor(offer, 1), quantity });
      expect(reply.status, JSON.stringify(quantity)).toBe(400);
      expect(reply.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'Quantité : un nombre entier est attendu.',
      });
    }
    const textOffer = await placeOrder({ offer: String(offer.id), seats: seatsFor(offer, 1), quantity: 1 });
    expect(textOffer.status).toBe(400);
    expect(await orderCount()).toBe(before);
    const valid = await placeOrder({ offer: offer.id, seats: seatsFor(offer, 1), quantity: 1 });
    expect(valid.status).toBe(201);
  });

  it('cart lines and split weights refuse numbers sent as text', async () => {
    const offer = offers[1]!;
    const cart = await api(
      world.referent,
      'POST',
      `/api/establishments/${world.establishment.uai}/cart/lines`,
      {
        offer: offer.id,
        seats: String(seatsFor(offer, 1)),
        quantity: 1,
      },
    );
    expect(cart.status).toBe(400);
    expect(cart.body.error.message).toBe('Nombre de postes : un nombre entier est attendu.');

    const split = await api(world.admin, 'POST', `/api/campaigns/${world.campaign.id}/split/preview`, {
      establishments: '50',
      pupils: 50,
    });
    expect(split.status).toBe(400);
    expect(split.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('unknown keys are refused', () => {
  it('in a campaign, its rules and a band', async () => {
    const body = {
      name: 'Plan strict',
      envelopeEuros: '1 000',
      academyIds: [1],
      orderingDeadline: '2099-07-10',
      remainderPolicy: 'return-to-academy',
    };
    const extra = await api(world.admin, 'POST', '/api/campaigns', { ...body, isAdmin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toContain('isAdmin');
    const nested = await api(world.admin, 'POST', '/api/campaigns', { ...body, rules: { secret: 1 } });
    expect(nested.status).toBe(400);
    const ids = await api(world.admin, 'POST', '/api/campaigns', { ...body, academyIds: ['1'] });
    expect(ids.status).toBe(400);
  });

  it('in the sign-in body', async () => {
    const reply = await api(undefined, 'POST', '/api/session', {
      email: 'personne@exemple.fr',
      password: 'x',
      role: 'national-admin',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('in an order line and a cart order', async () => {
    const offer = offers[0]!;
    const reply = await placeOrder({ offer: offer.id, seats: seatsFor(offer, 1), quantity: 1, price: 0 });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe('Champ inconnu : price.');
  });
});

describe('path and query values', () => {
  it('a number in a path is digits; one value in a query, not a list', async () => {
    expect((await api(world.head, 'GET', '/api/orders/1e3')).status).toBe(400);
    expect((await api(world.head, 'GET', '/api/orders/0x10')).status).toBe(400);
    expect((await api(world.head, 'GET', '/api/orders/%20')).status).toBe(400);
    const uai = world.establishment.uai;
    const list = await api(world.head, 'GET', `/api/orders?establishment=${uai}&establishment=${uai}`);
    expect(list.status).toBe(400);
    expect((await api(world.head, 'GET', `/api/orders?establishment=${uai}`)).status).toBe(200);
  });
});

describe('French messages', () => {
  it('a wrong type that no schema words itself is answered in French', async () => {
    const reply = await api(world.admin, 'POST', '/api/campaigns', {
      name: 12,
      envelopeEuros: '1 000',
      academyIds: [1],
      orderingDeadline: '2099-07-10',
      remainderPolicy: 'return-to-academy',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe('Entrée invalide : chaîne de caractères attendu, nombre reçu');
  });

  it('an unknown key is named in French', async () => {
    const reply = await api(world.admin, 'POST', `/api/campaigns/${world.campaign.id}/split/preview`, {
      establishments: 50,
      pupils: 50,
      extra: 1,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe('Clé non reconnue : "extra"');
  });
});
