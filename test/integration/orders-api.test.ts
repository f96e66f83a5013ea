// The orders API on a real database (PGlite, or PostgreSQL when DATABASE_URL is set): placing orders
// that never overdraw, idempotency, authorization per role, publisher fulfilment, cancellation,
// carts with price changes, subscriptions and their reminders.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- API replies are untyped JSON here: the assertions are the type checks. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBalance, postLedgerEntry } from '../../src/modules/funding/ledger.repository.js';
import { addDays } from '../../src/modules/orders/orders.money.js';
import { todayInFrance } from '../../src/shared/clock.js';
import { sendSubscriptionReminders } from '../../src/modules/orders/subscriptions.service.js';
import {
  authHeaders,
  balanceOf,
  createAcademy,
  createCampaign,
  createDrawingRight,
  createEstablishment,
  createOrdersWorld,
  createUser,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
  type TestUser,
} from '../support/factories/index.js';
import { apiClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let offers: TestOffer[];
beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(server.database.db, { allocationCents: 100_000 });
  offers = await validOffers(server.database.db, 3);
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.database.db;
let keyCounter = 0;
const newKey = () => `cle-${Date.now()}-${keyCounter++}`;

const api = apiClient(() => server.app);

function lineOf(offer: TestOffer, quantity = 1) {
  return { offer: offer.id, seats: seatsFor(offer, quantity), quantity };
}

async function order(
  user: TestUser,
  lines: object[],
  extra: object = {},
  key = newKey(),
  uai = world.establishment.uai,
) {
  return api(
    user,
    'POST',
    '/api/orders',
    { establishment: uai, lines, ...extra },
    { 'idempotency-key': key },
  );
}

async function counts(orderId?: number) {
  const orders = await db()
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const ledger = await db()
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const lines = await db()
    .selectFrom('order_lines')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(orderId !== undefined, (q) => q.where('order_id', '=', orderId!))
    .executeTakeFirstOrThrow();
  return { orders: Number(orders.n), ledger: Number(ledger.n), lines: Number(lines.n) };
}

describe('POST /api/orders', () => {
  it('places an order: 201, lines snapshot the offer, the drawing right is debited once', async () => {
    const before = await balanceOf(db(), world.drawingRightId);
    const [a] = offers;
    const reply = await order(world.head, [lineOf(a!, 2)]);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toMatchObject({
      establishment: { uai: world.establishment.uai },
      status: { value: 'submitted', label: 'envoyée' },
      totalCents: a!.priceCents * 2,
      topUp: null,
      lines: [
        {
          offer: a!.id,
          unitPriceCents: a!.priceCents,
          quantity: 2,
          lineTotalCents: a!.priceCents * 2,
          status: { value: 'pending' },
        },
      ],
    });
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before - a!.priceCents * 2);
    const entries = await db()
      .selectFrom('ledger_entries')
      .selectAll()
      .where('order_id', '=', reply.body.id)
      .execute();
    expect(entries.map((e) => [e.kind, Number(e.amount_cents)])).toEqual([
      ['order-debit', -a!.priceCents * 2],
    ]);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'order')
      .where('subject_id', '=', String(reply.body.id))
      .execute();
    expect(audit.map((row) => row.action)).toContain('order.submitted');
  });

  it('only lets the head order: teacher, referent, another head get 403; anonymous 401', async () => {
    for (const user of [
      world.teacher,
      world.referent,
      world.librarian,
      world.otherHead,
      world.staff,
      world.admin,
    ]) {
      const reply = await order(user, [lineOf(offers[0]!)]);
      expect(reply.status).toBe(403);
      expect(reply.body.error.code).toBe('FORBIDDEN');
    }
    expect((await order(undefined as never, [lineOf(offers[0]!)])).status).toBe(401);
  });

  it('asks a signed-out client to sign in before it reads the body: 401, not 400', async () => {
    const invalid = await api(
      undefined,
      'POST',
      '/api/orders',
      { lines: 'none' },
      { 'idempotency-key': 'k' },
    );
    expect(invalid.status).toBe(401);
    expect(invalid.body.error.code).toBe('UNAUTHENTICATED');
    const badId = await api(undefined, 'GET', '/api/orders/not-a-number');
    expect(badId.status).toBe(401);
    // Signing out needs no session: it still answers 204.
    expect((await api(undefined, 'DELETE', '/api/session')).status).toBe(204);
  });

  it('requires an Idempotency-Key of at most 100 characters', async () => {
    const body = { establishment: world.establishment.uai, lines: [lineOf(offers[0]!)] };
    const missing = await api(world.head, 'POST', '/api/orders', body);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('En-tête Idempotency-Key obligatoire.');
    const long = await api(world.head, 'POST', '/api/orders', body, { 'idempotency-key': 'x'.repeat(101) });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/100 caractères/);
  });

  it('validates the body with clear French messages and writes nothing', async () => {
    const before = await counts();
    const cases: [unknown, RegExp][] = [
      [{ establishment: 'nope', lines: [lineOf(offers[0]!)] }, /UAI invalide/],
      [{ establishment: world.establishment.uai, lines: [] }, /au moins une ligne/],
      [
        { establishment: world.establishment.uai, lines: [{ offer: offers[0]!.id, seats: 1, quantity: -1 }] },
        /Quantité/,
      ],
      [
        {
          establishment: world.establishment.uai,
          lines: [{ offer: offers[0]!.id, seats: 1, quantity: 1.5 }],
        },
        /entier/,
      ],
      [{ establishment: world.establishment.uai, lines: [lineOf(offers[0]!)], extra: 1 }, /Champ inconnu/],
      [
        { establishment: world.establishment.uai, lines: [lineOf(offers[0]!), lineOf(offers[0]!)] },
        /deux lignes/,
      ],
      [
        {
          establishment: world.establishment.uai,
          lines: [lineOf(offers[0]!)],
          topUp: { funder: 'bank', amountCents: 10, reference: 'x' },
        },
        /Financeur/,
      ],
      [
        {
          establishment: world.establishment.uai,
          lines: [lineOf(offers[0]!)],
          topUp: { funder: 'academy', amountCents: 10.555, reference: 'x' },
        },
        /entier/,
      ],
    ];
    for (const [body, message] of cases) {
      const reply = await api(world.head, 'POST', '/api/orders', body, { 'idempotency-key': newKey() });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error.code).toBe('VALIDATION_FAILED');
      expect(reply.body.error.message).toMatch(message);
    }
    const malformed = await server.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: {
        ...authHeaders(world.head, { 'idempotency-key': newKey() }),
        'content-type': 'application/json',
      },
      payload: '{"establishment":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).not.toMatch(/at |stack/i);
    expect(await counts()).toEqual(before);
  });

  it('refuses an order over the drawing right with BUDGET_EXCEEDED and the shortfall; nothing changes', async () => {
    const balance = await balanceOf(db(), world.drawingRightId);
    const offer = offers[0]!;
    const quantity = Math.floor(balance / offer.priceCents) + 1;
    const total = offer.priceCents * quantity;
    const before = await counts();
    const reply = await order(world.head, [lineOf(offer, quantity)]);
    expect(reply.status).toBe(409);
    const shortfall = total - balance;
    expect(reply.body.error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      details: { shortfallCents: shortfall, remainingCents: balance, totalCents: total },
    });
    const euros = `${Math.floor(shortfall / 100)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${String(shortfall % 100).padStart(2, '0')} €`;
    expect(reply.body.error.message).toBe(`La commande dépasse le droit de tirage de ${euros}.`);
    expect(await counts()).toEqual(before);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(balance);
  });

  it('refuses a top-up when the campaign does not allow co-funding', async () => {
    const reply = await order(world.head, [lineOf(offers[0]!)], {
      topUp: { funder: 'local-authority', amountCents: 1000, reference: 'DEL-2026-12' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/n’autorise pas le cofinancement/);
  });

  it('refuses offers not valid today, unknown offers, and seats the licences cannot cover', async () => {
    const unknown = await order(world.head, [{ offer: 999_999_999, seats: 1, quantity: 1 }]);
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.details).toEqual({ unavailableOffers: [999_999_999] });
    const single = (await validOffers(db(), 1, { licenceKind: 'single-seat' }))[0]!;
    const tooMany = await order(world.head, [{ offer: single.id, seats: 3, quantity: 2 }]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/couvrent 2 poste/);
  });

  it('is idempotent: the same key twice (sequential, then concurrent) records one order', async () => {
    const key = newKey();
    const before = await counts();
    const first = await order(world.head, [lineOf(offers[1]!)], {}, key);
    const second = await order(world.head, [lineOf(offers[1]!)], {}, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect((await counts()).orders).toBe(before.orders + 1);

    const concurrentKey = newKey();
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => order(world.head, [lineOf(offers[1]!)], {}, concurrentKey)),
    );
    const ids = new Set(replies.map((reply) => reply.body.id));
    expect(ids.size).toBe(1);
    expect(replies.filter((reply) => reply.status === 201)).toHaveLength(1);
    expect(replies.every((reply) => reply.status === 201 || reply.status === 200)).toBe(true);
    const debits = await db()
      .selectFrom('ledger_entries')
      .select('id')
      .where('order_id', '=', [...ids][0])
      .execute();
    expect(debits).toHaveLength(1);
    expect((await counts()).orders).toBe(before.orders + 2);
  });

  it('refuses the same key with another content', async () => {
    const key = newKey();
    expect((await order(world.head, [lineOf(offers[0]!)], {}, key)).status).toBe(201);
    const reply = await order(world.head, [lineOf(offers[0]!, 2)], {}, key);
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('CONFLICT');
  });
});

describe('campaign rules', () => {
  it('refuses orders on a closed campaign and after the deadline (CAMPAIGN_CLOSED)', async () => {
    const academy = await createAcademy(db());
    const closed = await createCampaign(db(), { status: 'closed' });
    const late = await createCampaign(db(), { deadline: '2020-07-10' });
    const a = await createEstablishment(db(), { academy });
    const b = await createEstablishment(db(), { academy });
    await createDrawingRight(db(), {
      campaignId: closed.id,
      academyId: academy.id,
      establishmentId: a.id,
      allocationCents: 50_000,
    });
    await createDrawingRight(db(), {
      campaignId: late.id,
      academyId: academy.id,
      establishmentId: b.id,
      allocationCents: 50_000,
    });
    const headA = await createUser(db(), { grants: [{ role: 'head', establishmentId: a.id }] });
    const headB = await createUser(db(), { grants: [{ role: 'head', establishmentId: b.id }] });
    const replyA = await order(headA, [lineOf(offers[0]!)], {}, newKey(), a.uai);
    expect(replyA.status).toBe(409);
    expect(replyA.body.error.code).toBe('CAMPAIGN_CLOSED');
    expect(replyA.body.error.message).toMatch(/est close/);
    const replyB = await order(headB, [lineOf(offers[0]!)], {}, newKey(), b.uai);
    expect(replyB.status).toBe(409);
    expect(replyB.body.error.code).toBe('CAMPAIGN_CLOSED');
    expect(replyB.body.error.message).toMatch(/date limite/);
  });

  it('accepts a declared top-up when co-funding is allowed, and refuses when even the top-up is short', async () => {
    const co = await createOrdersWorld(db(), { allocationCents: 10_000, allowCoFunding: true });
    const offer = offers[0]!;
    const quantity = Math.floor(10_000 / offer.priceCents) + 1;
    const total = offer.priceCents * quantity;
    const short = total - 10_000;
    const refused = await order(co.head, [lineOf(offer, quantity)], {}, newKey(), co.establishment.uai);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ shortfallCents: short, coFundingAllowed: true });

    const tooSmall = await order(
      co.head,
      [lineOf(offer, quantity)],
      {
        topUp: { funder: 'local-authority', amountCents: short - 1, reference: 'DEL-1' },
      },
      newKey(),
      co.establishment.uai,
    );
    expect(tooSmall.status).toBe(409);
    expect(tooSmall.body.error.details).toMatchObject({ shortfallCents: 1, remainingCents: 10_000 });
    expect(await balanceOf(db(), co.drawingRightId)).toBe(10_000);

    const placed = await order(
      co.head,
      [lineOf(offer, quantity)],
      {
        topUp: { funder: 'local-authority', amountCents: short, reference: 'DEL-2026-42' },
      },
      newKey(),
      co.establishment.uai,
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.topUp).toMatchObject({
      funder: { value: 'local-authority' },
      amountCents: short,
      reference: 'DEL-2026-42',
    });
    expect(await balanceOf(db(), co.drawingRightId)).toBe(0);
    const kinds = await db()
      .selectFrom('ledger_entries')
      .select(['kind', 'amount_cents', 'balance_after_cents', 'funder', 'reference'])
      .where('order_id', '=', placed.body.id)
      .orderBy('id')
      .execute();
    // The top-up is credited first, then the debit: each entry's balance follows from the one before.
    expect(
      kinds.map((k) => [
        k.kind,
        Number(k.amount_cents),
        Number(k.balance_after_cents),
        k.funder,
        k.reference,
      ]),
    ).toEqual([
      ['top-up', short, 10_000 + short, 'local-authority', 'DEL-2026-42'],
      ['order-debit', -total, 0, null, null],
    ]);
    const stored = await db()
      .selectFrom('order_top_ups')
      .select(['funder', 'amount_cents', 'reference'])
      .where('order_id', '=', placed.body.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ funder: 'local-authority', amount_cents: short, reference: 'DEL-2026-42' });
    const audited = await db()
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_type', '=', 'order')
      .where('subject_id', '=', String(placed.body.id))
      .execute();
    expect(audited).toEqual([
      {
        action: 'order.submitted',
        details: { totalCents: total, topUpCents: short, drawingRightId: co.drawingRightId, lines: 1 },
      },
    ]);
    // The refused attempts wrote nothing: no top-up, no entry, no order.
    const writtenForRight = await db()
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('drawing_right_id', '=', co.drawingRightId)
      .executeTakeFirstOrThrow();
    expect(Number(writtenForRight.n)).toBe(1);
  });

  it('orders against the pool a member establishment belongs to', async () => {
    const academy = await createAcademy(db());
    const campaign = await createCampaign(db());
    const school = await createEstablishment(db(), { academy, type: 'ecole' });
    const pool = await createDrawingRight(db(), {
      campaignId: campaign.id,
      academyId: academy.id,
      poolName: 'Réseau test',
      allocationCents: 21_000_00,
    });
    await db()
      .insertInto('pool_members')
      .values({ drawing_right_id: pool, establishment_id: school.id })
      .execute();
    const head = await createUser(db(), { grants: [{ role: 'head', establishmentId: school.id }] });
    const reply = await order(head, [lineOf(offers[0]!)], {}, newKey(), school.uai);
    expect(reply.status).toBe(201);
    expect(await balanceOf(db(), pool)).toBe(21_000_00 - offers[0]!.priceCents);
  });
});

describe('orders decided on a recently read context (the API keeps it 5 s)', () => {
  // Each test places a first order, so the next one is decided on the cached context, then changes
  // a fact behind the cache's back, as another node or an administrator would.
  async function freshWorld(allocationCents = 100_000) {
    const w = await createOrdersWorld(db(), { allocationCents });
    const [offer] = await validOffers(db(), 1);
    const first = await order(w.head, [lineOf(offer!)], {}, newKey(), w.establishment.uai);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    return { w, offer: offer! };
  }

  it('charges the new price when the offer was repriced after the context was read', async () => {
    const { w, offer } = await freshWorld();
    const newPrice = offer.priceCents + 123;
    await db().updateTable('offers').set({ price_cents: newPrice }).where('id', '=', offer.id).execute();
    try {
      const before = await balanceOf(db(), w.drawingRightId);
      const second = await order(w.head, [lineOf(offer)], {}, newKey(), w.establishment.uai);
      expect(second.status, JSON.stringify(second.body)).toBe(201);
      expect(second.body.lines[0].unitPriceCents).toBe(newPrice);
      expect(await balanceOf(db(), w.drawingRightId)).toBe(before - newPrice);
    } finally {
      await db()
        .updateTable('offers')
        .set({ price_cents: offer.priceCents })
        .where('id', '=', offer.id)
        .execute();
    }
  });

  it('refuses, writing nothing, once the campaign closed after the context was read', async () => {
    const { w, offer } = await freshWorld();
    const before = await balanceOf(db(), w.drawingRightId);
    await db().updateTable('campaigns').set({ status: 'closed' }).where('id', '=', w.campaign.id).execute();
    const refused = await order(w.head, [lineOf(offer)], {}, newKey(), w.establishment.uai);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CAMPAIGN_CLOSED');
    expect(await balanceOf(db(), w.drawingRightId)).toBe(before);
    const orders = await db()
      .selectFrom('orders')
      .select('id')
      .where('drawing_right_id', '=', w.drawingRightId)
      .execute();
    expect(orders).toHaveLength(1);
  });

  it('refuses an offer withdrawn after the context was read, and takes it again once it is back', async () => {
    const { w, offer } = await freshWorld();
    await db()
      .updateTable('offers')
      .set({ valid_until: addDays(todayInFrance(), -1) })
      .where('id', '=', offer.id)
      .execute();
    try {
      const refused = await order(w.head, [lineOf(offer)], {}, newKey(), w.establishment.uai);
      expect(refused.status).toBe(409);
      expect(refused.body.error.details).toMatchObject({ unavailableOffers: [offer.id] });
    } finally {
      await db().updateTable('offers').set({ valid_until: null }).where('id', '=', offer.id).execute();
    }
    // The refusal was cached with the withdrawn offer; a refusal is never served from the cache alone.
    const back = await order(w.head, [lineOf(offer)], {}, newKey(), w.establishment.uai);
    expect(back.status, JSON.stringify(back.body)).toBe(201);
  });

  it('gives the exact shortfall when the balance moved after the context was read', async () => {
    const { w, offer } = await freshWorld(50_000);
    // Spend all but 1 cent elsewhere, straight in the ledger.
    const left = await balanceOf(db(), w.drawingRightId);
    await db()
      .transaction()
      .execute((trx) =>
        postLedgerEntry(trx, {
          drawingRightId: w.drawingRightId,
          kind: 'adjust',
          amountCents: -(left - 1),
          reason: 'Test : dépense ailleurs',
        }),
      );
    const refused = await order(w.head, [lineOf(offer)], {}, newKey(), w.establishment.uai);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({
      shortfallCents: offer.priceCents - 1,
      remainingCents: 1,
    });
    expect(await balanceOf(db(), w.drawingRightId)).toBe(1);
  });
});

describe('reading orders', () => {
  let orderId: number;
  let publisher: TestUser;
  let otherPublisher: TestUser;
  beforeAll(async () => {
    const reply = await order(world.head, [lineOf(offers[0]!), lineOf(offers[1]!)]);
    orderId = reply.body.id;
    publisher = await createUser(db(), {
      grants: [{ role: 'publisher', producerId: offers[0]!.producerId }],
    });
    otherPublisher = await createUser(db(), {
      grants: [{ role: 'publisher', producerId: offers[2]!.producerId }],
    });
  });

  it('GET /api/orders/{id}: head, referent, academy staff, national admin see it; others get 404', async () => {
    for (const user of [world.head, world.referent, world.staff, world.admin]) {
      const reply = await api(user, 'GET', `/api/orders/${orderId}`);
      expect(reply.status).toBe(200);
      expect(reply.body.lines).toHaveLength(2);
    }
    for (const user of [world.otherHead, world.otherStaff, world.teacher, otherPublisher]) {
      const reply = await api(user, 'GET', `/api/orders/${orderId}`);
      expect(reply.status).toBe(404);
    }
    expect((await api(undefined, 'GET', `/api/orders/${orderId}`)).status).toBe(401);
    expect((await api(world.head, 'GET', '/api/orders/abc')).status).toBe(400);
  });

  it('a publisher sees only its own lines', async () => {
    const reply = await api(publisher, 'GET', `/api/orders/${orderId}`);
    expect(reply.status).toBe(200);
    expect(reply.body.lines.map((line: { offer: number }) => line.offer)).toEqual([offers[0]!.id]);
    expect(reply.body.totalCents).toBe(offers[0]!.priceCents);
    expect(reply.body.topUp).toBeNull();
    const list = await api(publisher, 'GET', '/api/publisher/orders');
    expect(list.status).toBe(200);
    for (const item of list.body.items) {
      for (const line of item.lines) expect(line.producer.id).toBe(offers[0]!.producerId);
    }
    expect((await api(world.head, 'GET', '/api/publisher/orders')).status).toBe(403);
  });

  it('GET /api/orders?establishment=: the establishment team and its academy only', async () => {
    const url = `/api/orders?establishment=${world.establishment.uai}`;
    for (const user of [world.head, world.referent, world.staff, world.admin]) {
      const reply = await api(user, 'GET', url);
      expect(reply.status).toBe(200);
      expect(reply.body.items.some((item: { id: number }) => item.id === orderId)).toBe(true);
    }
    for (const user of [world.otherHead, world.otherStaff, world.teacher, publisher]) {
      expect((await api(user, 'GET', url)).status).toBe(403);
    }
    expect((await api(world.head, 'GET', '/api/orders?establishment=bad')).status).toBe(400);
    expect((await api(world.head, 'GET', '/api/orders')).status).toBe(400);
  });
});

describe('fulfilment and cancellation', () => {
  it('delivers and rejects lines: statuses follow the table, rejection refunds, subscriptions start', async () => {
    const keyOffer = (await validOffers(db(), 1, { withDuration: true }))[0]!;
    const second = offers.find((offer) => offer.producerId !== keyOffer.producerId)!;
    const publisher = await createUser(db(), {
      grants: [{ role: 'publisher', producerId: keyOffer.producerId }],
    });
    const secondPublisher = await createUser(db(), {
      grants: [{ role: 'publisher', producerId: second.producerId }],
    });
    const placed = await order(world.head, [lineOf(keyOffer), lineOf(second)]);
    expect(placed.status).toBe(201);
    const id = placed.body.id as number;
    const [lineA, lineB] = placed.body.lines as { id: number; offer: number; delivery: { value: string } }[];
    const balanceAfterOrder = await balanceOf(db(), world.drawingRightId);

    // Another publisher cannot touch the line.
    expect(
      (
        await api(secondPublisher, 'POST', `/api/orders/${id}/lines/${lineA!.id}/deliver`, {
          licenceKey: 'K',
        })
      ).status,
    ).toBe(404);
    // The delivery field must match the delivery kind.
    const field = { 'licence-key': 'licenceKey', 'access-url': 'accessUrl', shipment: 'shipmentNumber' }[
      lineA!.delivery.value
    ]!;
    const value = field === 'accessUrl' ? 'https://ressources.example/acces/123' : 'ABCD-1234';
    const wrong = await api(publisher, 'POST', `/api/orders/${id}/lines/${lineA!.id}/deliver`, {});
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/indiquez/);

    const delivered = await api(publisher, 'POST', `/api/orders/${id}/lines/${lineA!.id}/deliver`, {
      [field]: value,
    });
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    expect(delivered.body.status.value).toBe('partly-delivered');
    expect(delivered.body.lines).toHaveLength(1);
    expect(delivered.body.lines[0]).toMatchObject({ status: { value: 'delivered' }, [field]: value });
    expect(delivered.body.lines[0].subscription.endsOn > delivered.body.lines[0].subscription.startsOn).toBe(
      true,
    );

    // Cancelling after a delivery is refused.
    const cancel = await api(world.head, 'POST', `/api/orders/${id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.code).toBe('INVALID_TRANSITION');

    const rejected = await api(secondPublisher, 'POST', `/api/orders/${id}/lines/${lineB!.id}/reject`, {
      reason: 'Offre épuisée',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status.value).toBe('delivered');
    expect(await balanceOf(db(), world.drawingRightId)).toBe(balanceAfterOrder + second.priceCents);
    const again = await api(secondPublisher, 'POST', `/api/orders/${id}/lines/${lineB!.id}/reject`, {
      reason: 'Encore',
    });
    expect(again.status).toBe(409);

    const headView = await api(world.head, 'GET', `/api/orders/${id}`);
    expect(headView.body.lines[1]).toMatchObject({
      status: { value: 'rejected' },
      rejectionReason: 'Offre épuisée',
    });
    const notes = await db()
      .selectFrom('notifications')
      .select('kind')
      .where('user_id', '=', world.head.id)
      .execute();
    expect(notes.map((n) => n.kind)).toContain('order-line-rejected');
  });

  it('rejecting every line rejects the order and refunds it all', async () => {
    const before = await balanceOf(db(), world.drawingRightId);
    const publisher = await createUser(db(), {
      grants: [{ role: 'publisher', producerId: offers[0]!.producerId }],
    });
    const placed = await order(world.head, [lineOf(offers[0]!, 2)]);
    const reply = await api(
      publisher,
      'POST',
      `/api/orders/${placed.body.id}/lines/${placed.body.lines[0].id}/reject`,
      { reason: 'Hors catalogue' },
    );
    expect(reply.body.status.value).toBe('rejected');
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before);
    const tooShort = await api(
      publisher,
      'POST',
      `/api/orders/${placed.body.id}/lines/${placed.body.lines[0].id}/reject`,
      { reason: '' },
    );
    expect(tooShort.status).toBe(400);
  });

  it('the head cancels before delivery for a full credit; teachers cannot', async () => {
    const before = await balanceOf(db(), world.drawingRightId);
    const placed = await order(world.head, [lineOf(offers[0]!), lineOf(offers[1]!)]);
    const publisher = await createUser(db(), {
      grants: [{ role: 'publisher', producerId: offers[0]!.producerId }],
    });
    expect((await api(publisher, 'POST', `/api/orders/${placed.body.id}/transmit`)).body.status.value).toBe(
      'transmitted',
    );
    // Issue 9: who may not see the order (GET answers them 404: a teacher, another establishment's
    // head) gets 404 here too, as for an id that does not exist; who sees it but may not cancel, 403.
    expect((await api(world.teacher, 'POST', `/api/orders/${placed.body.id}/cancel`)).status).toBe(404);
    expect((await api(world.otherHead, 'POST', `/api/orders/${placed.body.id}/cancel`)).status).toBe(404);
    expect((await api(world.otherHead, 'POST', '/api/orders/2147483000/cancel')).status).toBe(404);
    for (const user of [world.referent, world.staff, world.admin, publisher]) {
      expect((await api(user, 'POST', `/api/orders/${placed.body.id}/cancel`)).status).toBe(403);
    }
    const cancelled = await api(world.head, 'POST', `/api/orders/${placed.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status.value).toBe('cancelled');
    expect(
      cancelled.body.lines.every((line: { status: { value: string } }) => line.status.value === 'cancelled'),
    ).toBe(true);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before);
    expect((await api(world.head, 'POST', `/api/orders/${placed.body.id}/cancel`)).status).toBe(409);
    expect(
      (
        await api(
          publisher,
          'POST',
          `/api/orders/${placed.body.id}/lines/${placed.body.lines[0].id}/deliver`,
          { licenceKey: 'x', accessUrl: 'https://a.example', shipmentNumber: '1' },
        )
      ).status,
    ).toBe(409);
  });

  it('requires the CSRF token on state-changing calls with a session', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { cookie: `ccr_session=${world.head.token}`, 'idempotency-key': newKey() },
      payload: { establishment: world.establishment.uai, lines: [lineOf(offers[0]!)] },
    });
    expect(response.statusCode).toBe(403);
  });

  it('keeps the ledger and the balance equal', async () => {
    expect(await ledgerBalance(db(), world.drawingRightId)).toBe(await balanceOf(db(), world.drawingRightId));
    const negative = await db()
      .selectFrom('ledger_entries')
      .select('id')
      .where('balance_after_cents', '<', 0)
      .execute();
    expect(negative).toEqual([]);
  });
});

describe('proposals and cart', () => {
  it('teacher proposes, referent fills the cart, head orders it and the cart empties', async () => {
    const cartWorld = await createOrdersWorld(db(), { allocationCents: 500_000 });
    const uai = cartWorld.establishment.uai;
    const offer = offers[0]!;
    const proposed = await api(cartWorld.teacher, 'POST', `/api/establishments/${uai}/proposals`, {
      resource: offer.resourceId,
      note: 'Pour les 4e',
    });
    expect(proposed.status).toBe(201);
    expect(
      (
        await api(cartWorld.teacher, 'POST', `/api/establishments/${uai}/proposals`, {
          resource: offer.resourceId,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api(world.teacher, 'POST', `/api/establishments/${uai}/proposals`, {
          resource: offer.resourceId,
        })
      ).status,
    ).toBe(403);

    expect(
      (await api(cartWorld.teacher, 'POST', `/api/establishments/${uai}/cart/lines`, lineOf(offer))).status,
    ).toBe(403);
    const added = await api(
      cartWorld.referent,
      'POST',
      `/api/establishments/${uai}/cart/lines`,
      lineOf(offer, 2),
    );
    expect(added.status).toBe(201);
    expect(added.body.proposals[0]).toMatchObject({
      resource: { id: offer.resourceId },
      notes: ['Pour les 4e'],
    });
    expect(added.body.totalCents).toBe(offer.priceCents * 2);
    const librarianAdd = await api(
      cartWorld.librarian,
      'POST',
      `/api/establishments/${uai}/cart/lines`,
      lineOf(offers[1]!),
    );
    expect(librarianAdd.status).toBe(201);

    expect(
      (
        await api(
          cartWorld.referent,
          'POST',
          `/api/establishments/${uai}/cart/order`,
          {},
          { 'idempotency-key': newKey() },
        )
      ).status,
    ).toBe(403);
    const key = newKey();
    const placed = await api(
      cartWorld.head,
      'POST',
      `/api/establishments/${uai}/cart/order`,
      {},
      { 'idempotency-key': key },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.totalCents).toBe(offer.priceCents * 2 + offers[1]!.priceCents);
    const replay = await api(
      cartWorld.head,
      'POST',
      `/api/establishments/${uai}/cart/order`,
      {},
      { 'idempotency-key': key },
    );
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(placed.body.id);
    const cart = await api(cartWorld.head, 'GET', `/api/establishments/${uai}/cart`);
    expect(cart.body.lines).toEqual([]);
    expect(cart.body.drawingRight.remainingCents).toBe(500_000 - placed.body.totalCents);
  });

  it('refuses with PRICE_CHANGED when an offer was repriced or withdrawn, until the head confirms', async () => {
    const cartWorld = await createOrdersWorld(db(), { allocationCents: 500_000 });
    const uai = cartWorld.establishment.uai;
    const [repriced, withdrawn] = await validOffers(db(), 2, { licenceKind: 'establishment' }).catch(() =>
      validOffers(db(), 2),
    );
    await api(cartWorld.referent, 'POST', `/api/establishments/${uai}/cart/lines`, lineOf(repriced!));
    await api(cartWorld.referent, 'POST', `/api/establishments/${uai}/cart/lines`, lineOf(withdrawn!));
    await db()
      .updateTable('offers')
      .set({ price_cents: repriced!.priceCents + 500 })
      .where('id', '=', repriced!.id)
      .execute();
    await db()
      .updateTable('offers')
      .set({ valid_until: addDays(new Date().toISOString().slice(0, 10), -3) })
      .where('id', '=', withdrawn!.id)
      .execute();
    const before = await counts();
    const refused = await api(
      cartWorld.head,
      'POST',
      `/api/establishments/${uai}/cart/order`,
      {},
      { 'idempotency-key': newKey() },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PRICE_CHANGED');
    expect(refused.body.error.details.lines).toEqual([
      expect.objectContaining({
        offer: repriced!.id,
        priceCentsWhenAdded: repriced!.priceCents,
        currentPriceCents: repriced!.priceCents + 500,
        withdrawn: false,
      }),
      expect.objectContaining({ offer: withdrawn!.id, currentPriceCents: null, withdrawn: true }),
    ]);
    expect(await counts()).toEqual(before);
    expect(
      (await api(cartWorld.referent, 'POST', `/api/establishments/${uai}/cart/confirm-prices`)).status,
    ).toBe(403);
    const confirmed = await api(cartWorld.head, 'POST', `/api/establishments/${uai}/cart/confirm-prices`);
    expect(confirmed.body).toMatchObject({ updated: 1, removed: 1 });
    const placed = await api(
      cartWorld.head,
      'POST',
      `/api/establishments/${uai}/cart/order`,
      {},
      { 'idempotency-key': newKey() },
    );
    expect(placed.status).toBe(201);
    expect(placed.body.lines).toHaveLength(1);
    expect(placed.body.lines[0].unitPriceCents).toBe(repriced!.priceCents + 500);
    // Restore the catalogue for later tests.
    await db()
      .updateTable('offers')
      .set({ price_cents: repriced!.priceCents })
      .where('id', '=', repriced!.id)
      .execute();
    await db().updateTable('offers').set({ valid_until: null }).where('id', '=', withdrawn!.id).execute();
  });
});

describe('subscriptions and reminders', () => {
  it('reminds the heads once, 30 days before the end', async () => {
    const subs = await api(world.head, 'GET', `/api/establishments/${world.establishment.uai}/subscriptions`);
    expect(subs.status).toBe(200);
    expect(subs.body.items.length).toBeGreaterThan(0);
    expect(
      (await api(world.teacher, 'GET', `/api/establishments/${world.establishment.uai}/subscriptions`))
        .status,
    ).toBe(403);
    const endsOn = subs.body.items[0].endsOn as string;
    expect((await sendSubscriptionReminders(db(), addDays(endsOn, -31))).reminded).toBe(0);
    expect((await sendSubscriptionReminders(db(), addDays(endsOn, -30))).reminded).toBeGreaterThanOrEqual(1);
    expect((await sendSubscriptionReminders(db(), addDays(endsOn, -29))).reminded).toBe(0);
    const notes = await db()
      .selectFrom('notifications')
      .select(['title'])
      .where('user_id', '=', world.head.id)
      .where('kind', '=', 'subscription-expiry')
      .execute();
    expect(notes.length).toBeGreaterThanOrEqual(1);
    const mails = await db()
      .selectFrom('email_outbox')
      .select('to_email')
      .where('to_email', '=', world.head.email)
      .execute();
    expect(mails.length).toBe(notes.length);
    await sql`SELECT 1`.execute(db());
  });
});
