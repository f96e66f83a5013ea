// Subscription renewal on a real database (PGlite, or PostgreSQL when DATABASE_URL is set): the head
// renews through the API and the pages, the new subscription continues the old one without gap or
// overlap, a subscription is renewed once, the drawing-right rules apply, nothing is half-written.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- API replies are untyped JSON here: the assertions are the type checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import { addDays, addMonths } from '../../src/modules/orders/orders.money.js';
import { todayInFrance } from '../../src/shared/clock.js';
import { sendSubscriptionReminders } from '../../src/modules/orders/subscriptions.service.js';
import {
  balanceOf,
  createOrdersWorld,
  createUser,
  type OrdersWorld,
  type TestUser,
} from '../support/factories/index.js';
import { apiClient, hidden, pageClient, type Reply } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let publisher: TestUser;
/** Offers made for these tests, all on one resource of the demo catalogue. */
let offers: {
  /** The subscription bought first: a pack of 30 seats for 12 months, 120 €. */
  pack: number;
  /** Another subscription offer of the same resource: a class licence, 12 months, 90 €. */
  classLicence: number;
  /** Same resource, perpetual: never a renewal offer. */
  perpetual: number;
  /** Same resource, reserved to écoles: not for the collège of these tests. */
  schoolsOnly: number;
};
const PACK_PRICE = 12_000;
const CLASS_PRICE = 9_000;

const db = () => server.database.db;
const today = todayInFrance();
let keyCounter = 0;
const newKey = () => `renouvellement-${Date.now()}-${keyCounter++}`;

beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(db(), { allocationCents: 1_000_000 });
  const resource = await db().selectFrom('resources').select('id').orderBy('id').executeTakeFirstOrThrow();
  const producer = await db().selectFrom('producers').select('id').orderBy('id').executeTakeFirstOrThrow();
  const offer = async (values: {
    label: string;
    price: number;
    licence: string;
    seats: number | null;
    duration: number | null;
    delivery: string;
    eligibility?: string[];
  }) => {
    const row = await db()
      .insertInto('offers')
      .values({
        producer_id: producer.id,
        label: values.label,
        price_cents: values.price,
        tariff: 'normal',
        licence_kind: values.licence,
        seats: values.seats,
        duration_months: values.duration,
        delivery: values.delivery,
        eligibility: values.eligibility ?? [],
        valid_from: '2020-01-01',
        valid_until: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db().insertInto('offer_resources').values({ offer_id: row.id, resource_id: resource.id }).execute();
    return row.id;
  };
  offers = {
    pack: await offer({
      label: 'Abonnement test 30 postes',
      price: PACK_PRICE,
      licence: 'multi-seat',
      seats: 30,
      duration: 12,
      delivery: 'access-url',
    }),
    classLicence: await offer({
      label: 'Abonnement test classe',
      price: CLASS_PRICE,
      licence: 'class',
      seats: null,
      duration: 12,
      delivery: 'licence-key',
    }),
    perpetual: await offer({
      label: 'Licence test perpétuelle',
      price: 5_000,
      licence: 'establishment',
      seats: null,
      duration: null,
      delivery: 'licence-key',
    }),
    schoolsOnly: await offer({
      label: 'Abonnement test écoles',
      price: 1_000,
      licence: 'class',
      seats: null,
      duration: 12,
      delivery: 'licence-key',
      eligibility: ['ecole'],
    }),
  };
  publisher = await createUser(db(), {
    grants: [{ role: 'publisher', producerId: producer.id }],
    name: 'Éditeur test',
  });
});
afterAll(async () => {
  await server?.close();
});

const api = apiClient(() => server.app);

function renew(
  user: TestUser | undefined,
  subscription: number,
  body?: object,
  key = newKey(),
  uai = world.establishment.uai,
) {
  return api(user, 'POST', `/api/establishments/${uai}/subscriptions/${subscription}/renew`, body, {
    'idempotency-key': key,
  });
}

/** Delivers every pending line of the order as the publisher; returns the order as it sees it. */
async function deliver(orderId: number): Promise<Reply> {
  const order = await api(publisher, 'GET', `/api/orders/${orderId}`);
  let reply = order;
  for (const line of order.body.lines as { id: number; delivery: { value: string } }[]) {
    const field =
      line.delivery.value === 'access-url'
        ? { accessUrl: 'https://acces.example/abo' }
        : { licenceKey: 'CLE-1' };
    reply = await api(publisher, 'POST', `/api/orders/${orderId}/lines/${line.id}/deliver`, field);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  }
  return reply;
}

/** A delivered subscription of the pack offer (30 seats, one pack) for the world's establishment. */
async function subscribe(target: OrdersWorld = world, quantity = 1): Promise<{ id: number; endsOn: string }> {
  const placed = await api(
    target.head,
    'POST',
    '/api/orders',
    {
      establishment: target.establishment.uai,
      lines: [{ offer: offers.pack, seats: 30 * quantity, quantity }],
    },
    { 'idempotency-key': newKey() },
  );
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const delivered = await deliver(placed.body.id);
  const subscription = delivered.body.lines[0].subscription;
  expect(subscription).toMatchObject({ startsOn: today, endsOn: addMonths(today, 12) });
  return { id: subscription.id, endsOn: subscription.endsOn };
}

async function subscriptionsOf(target: OrdersWorld = world) {
  const reply = await api(
    target.head,
    'GET',
    `/api/establishments/${target.establishment.uai}/subscriptions`,
  );
  expect(reply.status).toBe(200);
  return reply.body.items as {
    id: number;
    startsOn: string;
    endsOn: string;
    state: string;
    renewable: boolean;
    renews: { subscription: number } | null;
    renewal: { status: string; order: number; subscription: number | null; startsOn: string | null } | null;
  }[];
}

async function renewalLines(subscription: number) {
  return db()
    .selectFrom('order_lines')
    .select(['order_id', 'status'])
    .where('renews_subscription_id', '=', subscription)
    .execute();
}

/** Withdraws the pack offer (valid until yesterday), or offers it again. */
async function setPackWithdrawn(withdrawn: boolean) {
  await db()
    .updateTable('offers')
    .set({ valid_until: withdrawn ? addDays(today, -1) : null })
    .where('id', '=', offers.pack)
    .execute();
}

/** Moves a subscription in time: it ended `daysAgo` days ago, after a year. */
async function endedDaysAgo(subscription: number, daysAgo: number) {
  const endsOn = addDays(today, -daysAgo);
  await db()
    .updateTable('subscriptions')
    .set({ starts_on: addMonths(endsOn, -12), ends_on: endsOn })
    .where('id', '=', subscription)
    .execute();
}

describe('POST /api/establishments/:uai/subscriptions/:id/renew', () => {
  it('renews once: same offer and seats, debited, then delivered the day after the old one ends', async () => {
    const old = await subscribe();
    const listed = (await subscriptionsOf()).find((item) => item.id === old.id)!;
    expect(listed).toMatchObject({ state: 'current', renewable: true, renewal: null, renews: null });

    const before = await balanceOf(db(), world.drawingRightId);
    const key = newKey();
    const placed = await renew(world.head, old.id, undefined, key);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body).toMatchObject({
      status: { value: 'submitted' },
      totalCents: PACK_PRICE,
      lines: [{ offer: offers.pack, seats: 30, quantity: 1, unitPriceCents: PACK_PRICE }],
      renews: { subscription: old.id, endsOn: old.endsOn, startsOn: addDays(old.endsOn, 1) },
    });
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before - PACK_PRICE);
    expect(await ledgerBalance(db(), world.drawingRightId)).toBe(before - PACK_PRICE);
    expect(await renewalLines(old.id)).toEqual([{ order_id: placed.body.id, status: 'pending' }]);
    expect((await subscriptionsOf()).find((item) => item.id === old.id)).toMatchObject({
      renewable: false,
      renewal: { status: 'pending', order: placed.body.id, subscription: null },
    });

    // The same request again (a network retry) answers the same order and debits nothing more.
    const retry = await renew(world.head, old.id, undefined, key);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(placed.body.id);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before - PACK_PRICE);

    // Another attempt while the first is pending: refused, nothing debited.
    const second = await renew(world.head, old.id);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');
    expect(second.body.error.message).toContain('déjà en cours');
    expect(second.body.error.message).toContain(`commande n° ${placed.body.id}`);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before - PACK_PRICE);

    // Delivered long before the end: the new subscription continues the old one exactly.
    await deliver(placed.body.id);
    const renewed = await db()
      .selectFrom('subscriptions as s')
      .innerJoin('order_lines as l', 'l.id', 's.order_line_id')
      .select(['s.id', 's.starts_on', 's.ends_on', 's.renewed_from'])
      .where('l.order_id', '=', placed.body.id)
      .executeTakeFirstOrThrow();
    expect(renewed).toMatchObject({
      starts_on: addDays(old.endsOn, 1),
      ends_on: addMonths(addDays(old.endsOn, 1), 12),
      renewed_from: old.id,
    });
    const items = await subscriptionsOf();
    expect(items.find((item) => item.id === old.id)).toMatchObject({
      renewable: false,
      renewal: {
        status: 'renewed',
        order: placed.body.id,
        subscription: renewed.id,
        startsOn: renewed.starts_on,
      },
    });
    // The renewal can itself be renewed later; it says what it renews.
    expect(items.find((item) => item.id === renewed.id)).toMatchObject({
      state: 'upcoming',
      renewable: true,
      renews: { subscription: old.id },
      renewal: null,
    });

    const third = await renew(world.head, old.id);
    expect(third.status).toBe(409);
    expect(third.body.error.message).toContain('a déjà été renouvelé');
    const note = await db()
      .selectFrom('notifications')
      .select('body')
      .where('user_id', '=', world.head.id)
      .where('kind', '=', 'subscription-renewed')
      .executeTakeFirst();
    expect(note?.body).toContain('Abonnement test 30 postes');
  });

  it('a recently ended subscription restarts at delivery; one ended long ago is refused', async () => {
    const old = await subscribe();
    await endedDaysAgo(old.id, 91);
    const tooLate = await renew(world.head, old.id);
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.error).toMatchObject({ code: 'CONFLICT' });
    expect(tooLate.body.error.message).toContain('plus de 90 jours');
    expect(await renewalLines(old.id)).toEqual([]);

    await endedDaysAgo(old.id, 10);
    const placed = await renew(world.head, old.id);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.renews.startsOn).toBe(today);
    const delivered = await deliver(placed.body.id);
    expect(delivered.body.lines[0].subscription).toMatchObject({
      startsOn: today,
      endsOn: addMonths(today, 12),
    });
  });

  it('a cancelled renewal frees the subscription for another one', async () => {
    const old = await subscribe();
    const first = await renew(world.head, old.id);
    expect(first.status).toBe(201);
    const before = await balanceOf(db(), world.drawingRightId);
    expect((await api(world.head, 'POST', `/api/orders/${first.body.id}/cancel`)).status).toBe(200);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before + PACK_PRICE);
    expect((await subscriptionsOf()).find((item) => item.id === old.id)).toMatchObject({
      renewable: true,
      renewal: null,
    });
    const again = await renew(world.head, old.id);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
  });

  it('only the head of the establishment renews: others get 401, 403 or 404 and nothing is written', async () => {
    const old = await subscribe();
    for (const user of [
      world.teacher,
      world.referent,
      world.librarian,
      world.staff,
      world.admin,
      world.otherHead,
      publisher,
    ]) {
      const reply = await renew(user, old.id);
      expect(reply.status, `${user.email}: ${JSON.stringify(reply.body)}`).toBe(403);
      expect(reply.body.error.code).toBe('FORBIDDEN');
    }
    expect((await renew(undefined, old.id)).status).toBe(401);
    // The head of another establishment, through its own UAI: the subscription is not found there.
    const elsewhere = await renew(world.otherHead, old.id, undefined, newKey(), world.other.uai);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('NOT_FOUND');
    expect((await renew(world.head, 2_000_000_000)).status).toBe(404);
    expect(await renewalLines(old.id)).toEqual([]);
    // Reading the list stays with the establishment's team and academy.
    const url = `/api/establishments/${world.establishment.uai}/subscriptions`;
    expect((await api(world.referent, 'GET', url)).status).toBe(200);
    expect((await api(world.teacher, 'GET', url)).status).toBe(403);
    expect((await api(publisher, 'GET', url)).status).toBe(403);
  });

  it('validates the request: Idempotency-Key, body fields, the offer chosen', async () => {
    const old = await subscribe();
    const noKey = await api(
      world.head,
      'POST',
      `/api/establishments/${world.establishment.uai}/subscriptions/${old.id}/renew`,
      {},
    );
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.message).toContain('Idempotency-Key');
    const unknown = await renew(world.head, old.id, { seats: 3 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('Champ inconnu');
    // A perpetual licence or an offer reserved to others is not a renewal offer.
    for (const offer of [offers.perpetual, offers.schoolsOnly]) {
      const reply = await renew(world.head, old.id, { offer });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await renewalLines(old.id)).toEqual([]);
  });

  it('a withdrawn offer: the head is told, then chooses another subscription offer of the resource', async () => {
    const old = await subscribe();
    await setPackWithdrawn(true);
    try {
      const before = await balanceOf(db(), world.drawingRightId);
      const refused = await renew(world.head, old.id);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('PRICE_CHANGED');
      expect(refused.body.error.message).toContain('n’est plus proposée');
      expect(refused.body.error.details).toMatchObject({ withdrawn: true, currentUnitPriceCents: null });
      const alternatives = refused.body.error.details.alternatives.map(
        (offer: { offer: number }) => offer.offer,
      );
      expect(alternatives).toContain(offers.classLicence);
      expect(alternatives).not.toContain(offers.perpetual);
      expect(alternatives).not.toContain(offers.schoolsOnly);
      expect(alternatives).not.toContain(offers.pack);
      expect(await balanceOf(db(), world.drawingRightId)).toBe(before);
      // Naming the withdrawn offer does not bring it back.
      expect((await renew(world.head, old.id, { offer: offers.pack })).status).toBe(400);

      const chosen = await renew(world.head, old.id, { offer: offers.classLicence });
      expect(chosen.status, JSON.stringify(chosen.body)).toBe(201);
      // The same 30 seats, now covered by one class licence.
      expect(chosen.body.lines).toMatchObject([
        { offer: offers.classLicence, seats: 30, quantity: 1, unitPriceCents: CLASS_PRICE },
      ]);
      expect(await balanceOf(db(), world.drawingRightId)).toBe(before - CLASS_PRICE);
      expect(await renewalLines(old.id)).toEqual([{ order_id: chosen.body.id, status: 'pending' }]);
    } finally {
      await setPackWithdrawn(false);
    }
  });

  it('a new price must be confirmed, and the price confirmed must be today’s', async () => {
    const old = await subscribe();
    await db()
      .updateTable('offers')
      .set({ price_cents: PACK_PRICE + 1_000 })
      .where('id', '=', offers.pack)
      .execute();
    try {
      const refused = await renew(world.head, old.id);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('PRICE_CHANGED');
      expect(refused.body.error.message).toMatch(/120,00 € → 130,00 €/);
      expect(refused.body.error.details).toMatchObject({
        withdrawn: false,
        previousUnitPriceCents: PACK_PRICE,
        currentUnitPriceCents: PACK_PRICE + 1_000,
      });
      const stale = await renew(world.head, old.id, {
        offer: offers.pack,
        acceptedUnitPriceCents: PACK_PRICE,
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('PRICE_CHANGED');
      expect(await renewalLines(old.id)).toEqual([]);
      const confirmed = await renew(world.head, old.id, {
        offer: offers.pack,
        acceptedUnitPriceCents: PACK_PRICE + 1_000,
      });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
      expect(confirmed.body.totalCents).toBe(PACK_PRICE + 1_000);
    } finally {
      await db()
        .updateTable('offers')
        .set({ price_cents: PACK_PRICE })
        .where('id', '=', offers.pack)
        .execute();
    }
  });

  it('budget exceeded writes nothing; a closed campaign refuses; a top-up makes it fit', async () => {
    // 200 € allocated, 120 € spent on the first subscription: 80 € left for a 120 € renewal.
    const small = await createOrdersWorld(db(), { allocationCents: 20_000, allowCoFunding: true });
    const old = await subscribe(small);
    // What a refused renewal must leave as it was: the balance, the orders, the ledger.
    const after = async () => ({
      balance: await balanceOf(db(), small.drawingRightId),
      orders: (
        await db()
          .selectFrom('orders')
          .select('id')
          .where('establishment_id', '=', small.establishment.id)
          .execute()
      ).length,
      ledger: (
        await db()
          .selectFrom('ledger_entries')
          .select('id')
          .where('drawing_right_id', '=', small.drawingRightId)
          .execute()
      ).length,
    });
    const before = await after();
    expect(before.balance).toBe(8_000);
    const refused = await renew(small.head, old.id, undefined, newKey(), small.establishment.uai);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('BUDGET_EXCEEDED');
    expect(refused.body.error.details.shortfallCents).toBe(4_000);
    expect(await after()).toEqual(before);
    expect(await renewalLines(old.id)).toEqual([]);
    const audits = await db()
      .selectFrom('audit_log')
      .select('id')
      .where('subject_type', '=', 'subscription')
      .where('subject_id', '=', String(old.id))
      .execute();
    expect(audits).toEqual([]);
    expect((await subscriptionsOf(small)).find((item) => item.id === old.id)?.renewable).toBe(true);

    // After the ordering deadline: CAMPAIGN_CLOSED, nothing written either.
    await db()
      .updateTable('campaigns')
      .set({ ordering_deadline: addDays(today, -1) })
      .where('id', '=', small.campaign.id)
      .execute();
    const closed = await renew(small.head, old.id, undefined, newKey(), small.establishment.uai);
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('CAMPAIGN_CLOSED');
    expect(await after()).toEqual(before);
    await db()
      .updateTable('campaigns')
      .set({ ordering_deadline: '2099-07-10' })
      .where('id', '=', small.campaign.id)
      .execute();

    const topUp = { funder: 'local-authority', amountCents: 4_000, reference: 'DEL-2026-12' };
    const placed = await renew(small.head, old.id, { topUp }, newKey(), small.establishment.uai);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.topUp).toMatchObject({ amountCents: 4_000, reference: 'DEL-2026-12' });
    expect(await balanceOf(db(), small.drawingRightId)).toBe(0);
    expect(await ledgerBalance(db(), small.drawingRightId)).toBe(0);
  });

  it('renewals at once with different keys: exactly one is placed, the others told why', async () => {
    const old = await subscribe();
    const before = await balanceOf(db(), world.drawingRightId);
    const replies = await Promise.all([1, 2, 3, 4].map(() => renew(world.head, old.id)));
    expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409, 409, 409]);
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(reply.body.error.code).toBe('CONFLICT');
      expect(reply.body.error.message).toContain('ne se renouvelle qu’une fois');
    }
    expect(await renewalLines(old.id)).toHaveLength(1);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before - PACK_PRICE);
  });
});

describe('reminders', () => {
  it('link to the subscriptions page, and skip subscriptions whose renewal is ordered', async () => {
    const reminded = await subscribe();
    const renewedAlready = await subscribe();
    expect((await renew(world.head, renewedAlready.id)).status).toBe(201);
    const publicUrl = 'https://catalogue.example.gouv.fr';
    await sendSubscriptionReminders(db(), addDays(reminded.endsOn, -30), { publicUrl });
    const sent = await db()
      .selectFrom('subscriptions')
      .select(['id', 'reminder_sent_at'])
      .where('id', 'in', [reminded.id, renewedAlready.id])
      .execute();
    expect(sent.find((row) => row.id === reminded.id)?.reminder_sent_at).not.toBeNull();
    expect(sent.find((row) => row.id === renewedAlready.id)?.reminder_sent_at).toBeNull();
    const path = `/etablissements/${world.establishment.uai}/abonnements#abonnement-${reminded.id}`;
    const mail = await db()
      .selectFrom('email_outbox')
      .select('body')
      .where('to_email', '=', world.head.email)
      .where('body', 'like', `%abonnement-${reminded.id}%`)
      .executeTakeFirst();
    expect(mail?.body).toContain(`${publicUrl}${path}`);
    expect(mail?.body).toContain('renouveler');
    const note = await db()
      .selectFrom('notifications')
      .select(['link', 'body'])
      .where('user_id', '=', world.head.id)
      .where('kind', '=', 'subscription-expiry')
      .where('link', '=', path)
      .executeTakeFirst();
    expect(note?.body).toContain('Renouveler');
  });
});

describe('pages', () => {
  const { page, submit } = pageClient(() => server.app);
  function formFields(html: string): Record<string, string> {
    return Object.fromEntries(
      ['idempotencyKey', 'offer', 'acceptedUnitPriceCents'].map((name) => [name, hidden(html, name)]),
    );
  }
  const listUrl = () => `/etablissements/${world.establishment.uai}/abonnements`;

  it('the head renews with plain forms; the list then says the renewal is pending', async () => {
    const old = await subscribe();
    const renewUrl = `${listUrl()}/${old.id}/renouveler`;
    const list = await page(world.head, listUrl());
    expect(list.status).toBe(200);
    expect(list.html).toContain(`href="${renewUrl}"`);
    // The referent follows subscriptions but does not renew.
    const referentList = await page(world.referent, listUrl());
    expect(referentList.status).toBe(200);
    expect(referentList.html).toContain(`id="abonnement-${old.id}"`);
    expect(referentList.html).not.toContain('/renouveler');
    expect((await page(world.teacher, listUrl())).status).toBe(403);
    expect((await page(world.referent, renewUrl)).status).toBe(403);
    // The orders follow-up page shows the same button.
    expect((await page(world.head, `/commandes?etablissement=${world.establishment.uai}`)).html).toContain(
      `href="${renewUrl}"`,
    );

    const confirm = await page(world.head, renewUrl);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('Confirmer le renouvellement');
    expect(confirm.html).toContain(`name="_csrf" value="${world.head.csrf}"`);
    expect(confirm.html).toContain(`prendra la suite de l’actuel le`);
    const fields = formFields(confirm.html);
    expect(fields).toMatchObject({ offer: String(offers.pack), acceptedUnitPriceCents: String(PACK_PRICE) });
    expect((await submit(world.head, renewUrl, fields, 'faux')).status).toBe(403);
    expect(await renewalLines(old.id)).toEqual([]);

    const done = await submit(world.head, renewUrl, fields);
    expect(done.status).toBe(303);
    expect(done.location).toMatch(/^\/commandes\/\d+\?ok=renouvelee$/);
    const orderId = Number(/\d+/.exec(done.location!)![0]);
    expect(await renewalLines(old.id)).toEqual([{ order_id: orderId, status: 'pending' }]);
    // A double submit of the same form lands on the same order.
    expect((await submit(world.head, renewUrl, fields)).location).toBe(done.location);
    expect((await page(world.head, done.location!)).html).toContain('Le renouvellement est commandé');
    const after = await page(world.head, listUrl());
    expect(after.html).toContain('Renouvellement commandé');
    expect(after.html).toContain(`href="/commandes/${orderId}"`);
    expect(after.html).not.toContain(`href="${renewUrl}"`);

    // A second attempt from an old page: the list explains why.
    const twice = await submit(world.head, renewUrl, { ...fields, idempotencyKey: newKey() });
    expect(twice.status).toBe(409);
    expect(twice.html).toContain('Renouvellement impossible');
    expect(twice.html).toContain('déjà en cours');
  });

  it('a withdrawn offer: the page offers the alternatives; a refusal keeps the page with its message', async () => {
    const small = await createOrdersWorld(db(), { allocationCents: 20_000 });
    const old = await subscribe(small);
    const renewUrl = `/etablissements/${small.establishment.uai}/abonnements/${old.id}/renouveler`;
    await setPackWithdrawn(true);
    try {
      const withdrawn = await page(small.head, renewUrl);
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.html).toContain('Cette offre n’est plus proposée');
      expect(withdrawn.html).not.toContain('Confirmer le renouvellement');
      expect(withdrawn.html).toContain(`name="offre" value="${offers.classLicence}"`);
      const chosen = await page(small.head, `${renewUrl}?offre=${offers.classLicence}`);
      expect(chosen.html).toContain('Confirmer le renouvellement');
      const fields = formFields(chosen.html);
      expect(fields.offer).toBe(String(offers.classLicence));
      // 80 € left, a 90 € class licence: refused with the shortfall, nothing written.
      const refused = await submit(small.head, renewUrl, fields);
      expect(refused.status).toBe(409);
      expect(refused.html).toContain('Renouvellement refusé');
      expect(refused.html).toMatch(/dépasse le droit de tirage de 10,00 €/);
      expect(refused.html).toContain('Rien n’a été enregistré');
      expect(hidden(refused.html, 'idempotencyKey')).not.toBe(fields.idempotencyKey);
      expect(await renewalLines(old.id)).toEqual([]);
      expect(await balanceOf(db(), small.drawingRightId)).toBe(8_000);
    } finally {
      await setPackWithdrawn(false);
    }
  });
});
