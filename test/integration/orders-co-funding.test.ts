// Co-funded orders shrinking: the top-up pays the order's last euros, so when cancellations or
// rejections leave less of the order than the co-funder still holds, the excess goes back to the
// co-funder ('top-up-refund'), never to the state drawing right. Worked example of the funding
// README: 600 € in two lines of 300 €, top-up 100 €.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- API replies are untyped JSON here: the assertions are the type checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import {
  authHeaders,
  balanceOf,
  createOrdersWorld,
  createUser,
  type OrdersWorld,
  type TestUser,
  closeCampaignAfterDeadline,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let publisher: TestUser;
/** Two offers at exactly 300 € (one per line of the example), of the same producer. */
let offerIds: [number, number];
const LINE = 30_000;
const TOP_UP = 10_000;
const ALLOCATION = 100_000;

const db = () => server.database.db;
let keyCounter = 0;
const newKey = () => `cofinancement-${Date.now()}-${keyCounter++}`;

beforeAll(async () => {
  server = await startTestServer();
  const resource = await db().selectFrom('resources').select('id').orderBy('id').executeTakeFirstOrThrow();
  const producer = await db().selectFrom('producers').select('id').orderBy('id').executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const label of ['Manuel test A (établissement)', 'Manuel test B (établissement)']) {
    const row = await db()
      .insertInto('offers')
      .values({
        producer_id: producer.id,
        label,
        price_cents: LINE,
        tariff: 'normal',
        licence_kind: 'establishment',
        seats: null,
        duration_months: null,
        delivery: 'licence-key',
        eligibility: [],
        valid_from: '2020-01-01',
        valid_until: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db().insertInto('offer_resources').values({ offer_id: row.id, resource_id: resource.id }).execute();
    ids.push(row.id);
  }
  offerIds = [ids[0]!, ids[1]!];
  publisher = await createUser(db(), {
    grants: [{ role: 'publisher', producerId: producer.id }],
    name: 'Éditeur test',
  });
});
afterAll(async () => {
  await server?.close();
});

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function api(user: TestUser, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<Reply> {
  const response = await server.app.inject({
    method,
    url,
    headers: authHeaders(user),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { status: response.statusCode, body: response.body ? response.json() : undefined };
}

/** The example order: two lines of 300 €, with a top-up (100 € from the local authority by default). */
async function order(world: OrdersWorld, topUpCents: number | null = TOP_UP) {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: authHeaders(world.head, { 'idempotency-key': newKey() }),
    payload: {
      establishment: world.establishment.uai,
      lines: offerIds.map((offer) => ({ offer, seats: 30, quantity: 1 })),
      ...(topUpCents === null
        ? {}
        : { topUp: { funder: 'local-authority', amountCents: topUpCents, reference: 'DEL-2026-77' } }),
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json<{ id: number; lines: { id: number }[] }>();
  return { id: body.id, lines: body.lines.map((line) => line.id) };
}

const reject = (orderId: number, lineId: number) =>
  api(publisher, 'POST', `/api/orders/${orderId}/lines/${lineId}/reject`, { reason: 'Offre épuisée' });

/** The order's ledger entries, in order: [kind, amount, drawing right, funder, reference]. */
async function entriesOf(orderId: number) {
  const rows = await db()
    .selectFrom('ledger_entries')
    .select(['kind', 'amount_cents', 'drawing_right_id', 'funder', 'reference'])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return rows.map((row) => [
    row.kind,
    Number(row.amount_cents),
    row.drawing_right_id,
    row.funder,
    row.reference,
  ]);
}

async function refundedOf(orderId: number): Promise<number> {
  const row = await db()
    .selectFrom('order_top_ups')
    .select('refunded_cents')
    .where('order_id', '=', orderId)
    .executeTakeFirstOrThrow();
  return Number(row.refunded_cents);
}

/** Balance = ledger sum on every right touched, and no entry ever left a balance below zero. */
async function expectLedgerConsistent(...rightIds: number[]) {
  for (const id of rightIds) expect(await ledgerBalance(db(), id)).toBe(await balanceOf(db(), id));
  const negative = await db()
    .selectFrom('ledger_entries')
    .select('id')
    .where('drawing_right_id', 'in', rightIds)
    .where('balance_after_cents', '<', 0)
    .execute();
  expect(negative).toEqual([]);
}

/** The drawing-right API figures, checked to add up to the balance. */
async function figures(world: OrdersWorld) {
  const reply = await api(world.head, 'GET', `/api/establishments/${world.establishment.uai}/drawing-right`);
  expect(reply.status).toBe(200);
  const c = reply.body.campaigns[0];
  expect(
    c.allocationCents +
      c.adjustmentsCents +
      c.reallocationsCents +
      c.topUpsCents -
      c.spentCents -
      c.committedCents,
  ).toBe(c.remainingCents);
  return c as Record<string, number>;
}

describe('cancelling a co-funded order', () => {
  it('gives the top-up back to the co-funder: the balance is exactly what it was before the order', async () => {
    const world = await createOrdersWorld(db(), { allocationCents: ALLOCATION, allowCoFunding: true });
    const before = await balanceOf(db(), world.drawingRightId);
    const placed = await order(world);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before - 2 * LINE + TOP_UP);

    const cancelled = await api(world.head, 'POST', `/api/orders/${placed.id}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status.value).toBe('cancelled');
    expect(cancelled.body.topUp).toMatchObject({ amountCents: TOP_UP, refundedCents: TOP_UP });
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before);
    const right = world.drawingRightId;
    expect(await entriesOf(placed.id)).toEqual([
      ['top-up', TOP_UP, right, 'local-authority', 'DEL-2026-77'],
      ['order-debit', -2 * LINE, right, null, null],
      ['cancellation-credit', 2 * LINE, right, null, null],
      ['top-up-refund', -TOP_UP, right, 'local-authority', 'DEL-2026-77'],
    ]);
    expect(await refundedOf(placed.id)).toBe(TOP_UP);
    const audited = await db()
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_type', '=', 'order')
      .where('subject_id', '=', String(placed.id))
      .where('action', 'in', ['order.top-up-refunded', 'order.cancelled'])
      .orderBy('id')
      .execute();
    expect(audited).toEqual([
      {
        action: 'order.top-up-refunded',
        details: {
          amountCents: TOP_UP,
          funder: 'local-authority',
          reference: 'DEL-2026-77',
          drawingRightId: right,
        },
      },
      {
        action: 'order.cancelled',
        details: { from: 'submitted', creditCents: 2 * LINE, topUpRefundCents: TOP_UP },
      },
    ]);
    // The figures: nothing committed, no top-up left, the refund reported apart.
    expect(await figures(world)).toMatchObject({
      allocationCents: ALLOCATION,
      topUpsCents: 0,
      topUpRefundsCents: TOP_UP,
      committedCents: 0,
      spentCents: 0,
      creditsCents: 2 * LINE,
      remainingCents: ALLOCATION,
    });
    // The academy dashboard: the cancelled order consumed nothing of the state's money.
    const dashboard = await api(
      world.staff,
      'GET',
      `/api/campaigns/${world.campaign.id}/academies/${world.academy.id}/dashboard`,
    );
    expect(dashboard.status).toBe(200);
    const rows = dashboard.body.establishments as { key: string }[];
    expect(rows.find((row) => row.key === world.establishment.uai)).toMatchObject({
      allocatedCents: ALLOCATION,
      consumedCents: 0,
    });
    // The head's order page says how much went back to the co-funder.
    const page = await server.app.inject({
      method: 'GET',
      url: `/commandes/${placed.id}`,
      headers: { cookie: `ccr_session=${world.head.token}` },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body.replace(/[\u00a0\u202f]/g, ' ')).toContain(
      '100,00 € rendus au cofinanceur (collectivité territoriale)',
    );
    await expectLedgerConsistent(right);
  });

  it('an order without top-up is credited in full, with no refund entry', async () => {
    const world = await createOrdersWorld(db(), { allocationCents: ALLOCATION, allowCoFunding: true });
    const before = await balanceOf(db(), world.drawingRightId);
    const placed = await order(world, null);
    const cancelled = await api(world.head, 'POST', `/api/orders/${placed.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.topUp).toBeNull();
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before);
    expect((await entriesOf(placed.id)).map(([kind, amount]) => [kind, amount])).toEqual([
      ['order-debit', -2 * LINE],
      ['cancellation-credit', 2 * LINE],
    ]);
    const refundAudits = await db()
      .selectFrom('audit_log')
      .select('id')
      .where('subject_id', '=', String(placed.id))
      .where('action', '=', 'order.top-up-refunded')
      .execute();
    expect(refundAudits).toEqual([]);
    const page = await server.app.inject({
      method: 'GET',
      url: `/commandes/${placed.id}`,
      headers: { cookie: `ccr_session=${world.head.token}` },
    });
    expect(page.body).not.toContain('rendus au cofinanceur');
    await expectLedgerConsistent(world.drawingRightId);
  });
});

describe('rejecting the lines of a co-funded order', () => {
  it('line by line: +300 € without refund, then +300 € and −100 €: net +500 €, the state-funded part', async () => {
    const world = await createOrdersWorld(db(), { allocationCents: ALLOCATION, allowCoFunding: true });
    const before = await balanceOf(db(), world.drawingRightId);
    const placed = await order(world);
    const afterOrder = await balanceOf(db(), world.drawingRightId);
    expect(afterOrder).toBe(before - 50_000);

    const first = await reject(placed.id, placed.lines[0]!);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // 300 € of the order remain: the co-funder's 100 € still pay its last euros.
    expect(await balanceOf(db(), world.drawingRightId)).toBe(afterOrder + LINE);
    expect(await refundedOf(placed.id)).toBe(0);
    expect(await figures(world)).toMatchObject({
      topUpsCents: TOP_UP,
      committedCents: LINE,
      creditsCents: LINE,
    });

    const second = await reject(placed.id, placed.lines[1]!);
    expect(second.status).toBe(200);
    expect(second.body.status.value).toBe('rejected');
    expect(await balanceOf(db(), world.drawingRightId)).toBe(afterOrder + 50_000);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before);
    const right = world.drawingRightId;
    expect(await entriesOf(placed.id)).toEqual([
      ['top-up', TOP_UP, right, 'local-authority', 'DEL-2026-77'],
      ['order-debit', -2 * LINE, right, null, null],
      ['rejection-credit', LINE, right, null, null],
      ['rejection-credit', LINE, right, null, null],
      ['top-up-refund', -TOP_UP, right, 'local-authority', 'DEL-2026-77'],
    ]);
    expect(await refundedOf(placed.id)).toBe(TOP_UP);
    expect(await figures(world)).toMatchObject({
      topUpsCents: 0,
      topUpRefundsCents: TOP_UP,
      committedCents: 0,
      remainingCents: ALLOCATION,
    });
    // The head is told what came back to the right and what went to the co-funder.
    const note = await db()
      .selectFrom('notifications')
      .select('body')
      .where('user_id', '=', world.head.id)
      .where('kind', '=', 'order-line-rejected')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(note.body).toContain('200,00 € reviennent à votre droit de tirage');
    expect(note.body).toContain('100,00 € rendus au cofinanceur (collectivité territoriale)');
    await expectLedgerConsistent(right);
  });

  it('a top-up above the rest of the order is refunded at once, never more than the credit', async () => {
    // Top-up 400 €: once line 1 is rejected, only 300 € remain, so 100 € go back to the co-funder; the
    // delivered line 2 is then paid by the co-funder alone.
    const world = await createOrdersWorld(db(), { allocationCents: ALLOCATION, allowCoFunding: true });
    const before = await balanceOf(db(), world.drawingRightId);
    const placed = await order(world, 40_000);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before - 20_000);
    expect((await reject(placed.id, placed.lines[0]!)).status).toBe(200);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before);
    expect(await refundedOf(placed.id)).toBe(10_000);
    const delivered = await api(
      publisher,
      'POST',
      `/api/orders/${placed.id}/lines/${placed.lines[1]}/deliver`,
      {
        licenceKey: 'CLE-1',
      },
    );
    expect(delivered.body.status.value).toBe('delivered');
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before);
    expect((await entriesOf(placed.id)).map(([kind, amount]) => [kind, amount])).toEqual([
      ['top-up', 40_000],
      ['order-debit', -2 * LINE],
      ['rejection-credit', LINE],
      ['top-up-refund', -10_000],
    ]);
    expect(await figures(world)).toMatchObject({
      topUpsCents: LINE,
      topUpRefundsCents: 10_000,
      spentCents: LINE,
      committedCents: 0,
      remainingCents: ALLOCATION,
    });
    await expectLedgerConsistent(world.drawingRightId);
  });

  it('two rejections at once refund the top-up once', async () => {
    const world = await createOrdersWorld(db(), { allocationCents: ALLOCATION, allowCoFunding: true });
    const before = await balanceOf(db(), world.drawingRightId);
    const placed = await order(world);
    const replies = await Promise.all(placed.lines.map((line) => reject(placed.id, line)));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before);
    expect(await refundedOf(placed.id)).toBe(TOP_UP);
    const refunds = (await entriesOf(placed.id)).filter(([kind]) => kind === 'top-up-refund');
    expect(refunds.map(([, amount]) => amount)).toEqual([-TOP_UP]);
    await expectLedgerConsistent(world.drawingRightId);
  });

  it('after the campaign closed, credit and refund both go to the academy remainder right', async () => {
    const world = await createOrdersWorld(db(), { allocationCents: ALLOCATION, allowCoFunding: true });
    const placed = await order(world);
    // The deadline passes and the national administration closes the campaign.
    const { closed, remainderRightId } = await closeCampaignAfterDeadline(server.app, db(), world);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(0);
    const remainderBefore = await balanceOf(db(), remainderRightId!);

    expect((await reject(placed.id, placed.lines[0]!)).status).toBe(200);
    expect(await balanceOf(db(), remainderRightId!)).toBe(remainderBefore + LINE);
    expect((await reject(placed.id, placed.lines[1]!)).status).toBe(200);
    expect(await balanceOf(db(), remainderRightId!)).toBe(remainderBefore + 50_000);
    // The closed right stays at zero: nothing is credited, nothing refunded from it.
    expect(await balanceOf(db(), world.drawingRightId)).toBe(0);
    expect((await entriesOf(placed.id)).slice(2)).toEqual([
      ['rejection-credit', LINE, remainderRightId!, null, null],
      ['rejection-credit', LINE, remainderRightId!, null, null],
      ['top-up-refund', -TOP_UP, remainderRightId!, 'local-authority', 'DEL-2026-77'],
    ]);
    expect(await refundedOf(placed.id)).toBe(TOP_UP);
    await expectLedgerConsistent(world.drawingRightId, remainderRightId!);
  });
});
