// Queries of the orders module only: no rules here. Every function takes the handle first (db or trx),
// so the same query runs inside a use case's transaction.
import { spendableBy } from '../funding/funding.repository.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, OrderStatus } from '../../db/schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

const establishmentColumns = ['id', 'uai', 'name', 'type', 'academy_id as academyId'] as const;

export async function findEstablishmentByUai(db: Db, uai: string) {
  return db
    .selectFrom('establishments')
    .select(establishmentColumns)
    .where('uai', '=', uai)
    .executeTakeFirst();
}
export type EstablishmentRow = NonNullable<Awaited<ReturnType<typeof findEstablishmentByUai>>>;

export async function findEstablishmentById(db: Db, id: number): Promise<EstablishmentRow | undefined> {
  return db.selectFrom('establishments').select(establishmentColumns).where('id', '=', id).executeTakeFirst();
}

/** UAI and name of these establishments, by name. */
export async function listEstablishmentNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('establishments')
    .select(['uai', 'name'])
    .where('id', 'in', ids)
    .orderBy('name')
    .execute();
}

/**
 * The drawing rights an establishment may spend: its own, or the pool it belongs to, newest campaign
 * first, open campaigns before others.
 */
export async function findDrawingRightsOf(db: Db, establishmentId: number) {
  return db
    .selectFrom('drawing_rights as dr')
    .innerJoin('campaigns as c', 'c.id', 'dr.campaign_id')
    .select([
      'dr.id',
      'dr.status',
      'dr.balance_cents as balanceCents',
      'dr.pool_name as poolName',
      'c.id as campaignId',
      'c.name as campaignName',
      'c.status as campaignStatus',
      'c.ordering_deadline as orderingDeadline',
      'c.rules',
    ])
    .where(spendableBy(establishmentId))
    .orderBy(sql`c.status = 'open'`, 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}
export type DrawingRightRow = Awaited<ReturnType<typeof findDrawingRightsOf>>[number];

export async function findOffers(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('offers as o')
    .innerJoin('producers as p', 'p.id', 'o.producer_id')
    .select([
      'o.id',
      'o.producer_id',
      'p.name as producer_name',
      'o.label',
      'o.price_cents',
      'o.licence_kind',
      'o.seats',
      'o.duration_months',
      'o.delivery',
      'o.eligibility',
      'o.valid_from',
      'o.valid_until',
      'o.version',
    ])
    .where('o.id', 'in', ids)
    .execute();
}
export type OfferRow = Awaited<ReturnType<typeof findOffers>>[number];

/**
 * The establishment and the drawing rights it may spend (its own, or its pool's), in one round trip:
 * the hot path of every order. Each branch is an index lookup ((campaign_id, establishment_id) per
 * campaign; pool_members by establishment). No rights → one row with right_id null.
 */
export async function findOrderingContext(db: Db, uai: string, offerIds: readonly number[]) {
  const result = await sql<{
    id: number;
    uai: string;
    name: string;
    type: string;
    academy_id: number;
    right_id: number | null;
    right_status: 'active' | 'closed' | null;
    balance_cents: number | null;
    pool_name: string | null;
    campaign_id: number | null;
    campaign_name: string | null;
    campaign_status: 'draft' | 'open' | 'closed' | 'settled' | null;
    ordering_deadline: string | null;
    rules: unknown;
    offers: (OfferRow & { resources: LineResource[] })[];
  }>`
    SELECT e.id, e.uai, e.name, e.type, e.academy_id,
           r.id AS right_id, r.status AS right_status, r.balance_cents, r.pool_name,
           r.campaign_id, r.campaign_name, r.campaign_status, r.ordering_deadline, r.rules,
           (SELECT coalesce(json_agg(json_build_object(
                     'id', o.id, 'producer_id', o.producer_id, 'producer_name', p.name, 'label', o.label,
                     'price_cents', o.price_cents, 'licence_kind', o.licence_kind, 'seats', o.seats,
                     'duration_months', o.duration_months, 'delivery', o.delivery, 'eligibility', o.eligibility,
                     'valid_from', o.valid_from, 'valid_until', o.valid_until, 'version', o.version,
                     -- Named in the order's reply (resource first, then offer).
                     'resources', (SELECT coalesce(json_agg(json_build_object('id', r.id, 'title', r.title)
                                    ORDER BY r.title, r.id), '[]'::json)
                                   FROM offer_resources link JOIN resources r ON r.id = link.resource_id
                                   WHERE link.offer_id = o.id))), '[]'::json)
            FROM offers o JOIN producers p ON p.id = o.producer_id
            WHERE o.id = ANY(${[...offerIds]}::int[])) AS offers
    FROM establishments e
    LEFT JOIN LATERAL (
      SELECT dr.id, dr.status, dr.balance_cents, dr.pool_name, c.id AS campaign_id, c.name AS campaign_name,
             c.status AS campaign_status, c.ordering_deadline, c.rules
      FROM campaigns c JOIN drawing_rights dr ON dr.campaign_id = c.id AND dr.establishment_id = e.id
      UNION ALL
      SELECT dr.id, dr.status, dr.balance_cents, dr.pool_name, c.id, c.name, c.status, c.ordering_deadline, c.rules
      FROM pool_members pm JOIN drawing_rights dr ON dr.id = pm.drawing_right_id
      JOIN campaigns c ON c.id = dr.campaign_id
      WHERE pm.establishment_id = e.id
    ) r ON true
    WHERE e.uai = ${uai}
    ORDER BY (r.campaign_status = 'open') DESC NULLS LAST, r.campaign_id DESC NULLS LAST`.execute(db);
  const first = result.rows[0];
  if (!first) return undefined;
  const establishment = {
    id: first.id,
    uai: first.uai,
    name: first.name,
    type: first.type,
    academyId: first.academy_id,
  };
  const rights: DrawingRightRow[] = result.rows
    .filter((row) => row.right_id !== null)
    .map((row) => ({
      id: row.right_id!,
      status: row.right_status!,
      balanceCents: Number(row.balance_cents),
      poolName: row.pool_name,
      campaignId: row.campaign_id!,
      campaignName: row.campaign_name!,
      campaignStatus: row.campaign_status!,
      orderingDeadline: row.ordering_deadline!,
      rules: row.rules,
    }));
  return { establishment, rights, offers: first.offers };
}
export type OrderingContext = NonNullable<Awaited<ReturnType<typeof findOrderingContext>>>;

/** One order to write: what placeOrder decided, and the facts it decided on. */
export interface OrderWrite {
  establishmentId: number;
  drawingRightId: number;
  totalCents: number;
  topUp: { funder: string; amountCents: number; reference: string } | undefined;
  idempotencyKey: string;
  placedBy: number;
  lines: readonly OrderLineSnapshot[];
  /** The day the order was decided on (campaign deadline) and the versions of the offers it holds. */
  today: string;
  offerVersions: readonly { id: number; version: number }[];
  /** The instant to record instead of the database's now() (the demo's past campaign). */
  placedAt?: Date | undefined;
}

/**
 * What became of one order of insertOrders: written, with the ids it got; or not written, with what
 * its drawing right had left once the statement's other orders were written, under the statement's
 * lock (so a refusal gives the exact shortfall), and whether the other facts it was decided on held.
 */
export type OrderWriteOutcome =
  | {
      written: true;
      id: number;
      created_at: unknown;
      updated_at: unknown;
      /** Order line id by offer id. */
      lineIds: Map<number, number>;
    }
  | {
      written: false;
      balanceCents: number;
      rightStatus: string;
      /** The campaign is still open before its deadline and the order's offers are unchanged. */
      factsHold: boolean;
    };

/**
 * Places orders in ONE statement: the debit of their drawing rights, and for each order written, the
 * order, its lines, the optional top-up, the ledger entries (top-up credit, then the debit, with their
 * balances after) and the audit row. It applies the ledger's rule of postLedgerEntry
 * (ledger.repository.ts) to the entries of each order.
 *
 * Before writing, it re-checks the facts each order was decided on: the right is active, its campaign
 * open and before its deadline, and none of its offers (price, validity…) has changed since their
 * `offerVersions` were read. So a decision taken on a cached ordering context can never write a
 * stale price or order from a closed campaign: that order is not written instead.
 *
 * Several orders share one statement when the API is busy (OrderWriteBatcher), several of them on one
 * right too (a hot establishment). The rights are locked in id order first (two statements never wait
 * on each other in a cycle) and read at their latest balance; the orders on one right are then taken
 * in the order given while the right affords them all: a prefix. An order after the first that does
 * not fit is not written, even if it would fit alone: its outcome gives the balance left, and
 * placeOrder writes it again. No other statement can change a right between its lock and its debit,
 * so the balances after that the ledger records are the ones the debit leaves.
 *
 * One statement is atomic without BEGIN/COMMIT round trips, and the drawing rights' rows stay locked
 * only while PostgreSQL executes it: that is what lets one hot establishment take hundreds of orders a
 * second. A reused idempotency key raises a unique violation (23505), and nothing at all is written.
 * Returns one outcome per order, in the order given.
 */
export async function insertOrders(db: Db, orders: readonly OrderWrite[]): Promise<OrderWriteOutcome[]> {
  const payload = JSON.stringify(
    orders.map((order, i) => {
      const topUpCents = order.topUp?.amountCents ?? 0;
      return {
        i,
        drawing_right_id: order.drawingRightId,
        establishment_id: order.establishmentId,
        total_cents: order.totalCents,
        top_up_cents: topUpCents,
        funder: order.topUp?.funder ?? null,
        reference: order.topUp?.reference ?? null,
        idempotency_key: order.idempotencyKey,
        placed_by: order.placedBy,
        today: order.today,
        offer_versions: order.offerVersions,
        placed_at: order.placedAt?.toISOString() ?? null,
        lines: order.lines.map((line, n) => ({ ...lineColumnsOf(line), n })),
        audit: {
          totalCents: order.totalCents,
          topUpCents,
          drawingRightId: order.drawingRightId,
          lines: order.lines.length,
        },
      };
    }),
  );
  const result = await sql<{
    i: number;
    id: number | null;
    created_at: unknown;
    updated_at: unknown;
    lines: { id: number; offer: number }[] | null;
    /** null, like right_status, when the order's drawing right does not exist. */
    balance_cents: string | null;
    right_status: string | null;
    facts_hold: boolean;
  }>`
    WITH x AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${payload}::jsonb) AS x(i int, drawing_right_id int, establishment_id int,
        total_cents bigint, top_up_cents bigint, funder text, reference text, idempotency_key text,
        placed_by int, today date, offer_versions jsonb, placed_at timestamptz, lines jsonb,
        audit jsonb)
    ), locked AS MATERIALIZED (
      -- Locks every right of the statement in id order (no deadlock between statements) and reads its
      -- latest committed balance.
      SELECT d.id, d.balance_cents, d.status, d.campaign_id FROM drawing_rights d
      WHERE d.id = ANY(${orders.map((order) => order.drawingRightId)}::int[]) ORDER BY d.id FOR NO KEY UPDATE
    ), facts AS MATERIALIZED (
      -- One row per order, also when its right does not exist (then the facts do not hold).
      SELECT x.i,
             EXISTS (SELECT 1 FROM campaigns c
                     WHERE c.id = locked.campaign_id AND c.status = 'open' AND c.ordering_deadline >= x.today)
             -- Only the order's own offers matter: other catalogue writes leave it alone.
             AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(x.offer_versions) AS v(id int, version int)
                             LEFT JOIN offers o ON o.id = v.id
                             WHERE o.version IS DISTINCT FROM v.version) AS hold
      FROM x LEFT JOIN locked ON locked.id = x.drawing_right_id
    ), accepted AS MATERIALIZED (
      -- Per right, in the order given, the balance after each order: the prefix that stays ≥ 0 fits
      -- (a top-up never exceeds its order's total, so the balance only goes down).
      SELECT * FROM (
        SELECT x.*, locked.balance_cents - sum(x.total_cents - x.top_up_cents)
                 OVER (PARTITION BY x.drawing_right_id ORDER BY x.i) AS balance_after
        FROM x JOIN facts ON facts.i = x.i JOIN locked ON locked.id = x.drawing_right_id
        WHERE facts.hold AND locked.status = 'active'
      ) running
      WHERE running.balance_after >= 0
    ), debit AS (
      UPDATE drawing_rights d SET balance_cents = d.balance_cents - s.spent
      FROM (SELECT drawing_right_id, sum(total_cents - top_up_cents) AS spent FROM accepted GROUP BY drawing_right_id) s
      -- Re-checked by PostgreSQL on the row's latest version: never below zero, whatever was computed.
      WHERE d.id = s.drawing_right_id AND d.status = 'active' AND d.balance_cents - s.spent >= 0
      RETURNING d.id, d.balance_cents
    ), o AS (
      INSERT INTO orders (establishment_id, drawing_right_id, status, total_cents, top_up_cents, idempotency_key, placed_by,
                          created_at, updated_at)
      SELECT a.establishment_id, a.drawing_right_id, 'submitted', a.total_cents, a.top_up_cents, a.idempotency_key, a.placed_by,
             coalesce(a.placed_at, now()), coalesce(a.placed_at, now())
      FROM accepted a JOIN debit ON debit.id = a.drawing_right_id ORDER BY a.i
      RETURNING id, establishment_id, idempotency_key, created_at, updated_at
    ), w AS MATERIALIZED (
      SELECT a.*, o.id, o.created_at, o.updated_at
      FROM o JOIN accepted a ON a.establishment_id = o.establishment_id AND a.idempotency_key = o.idempotency_key
    ), l AS (
      INSERT INTO order_lines (order_id, offer_id, producer_id, label, unit_price_cents, licence_kind, seats,
                               duration_months, quantity, line_total_cents, delivery)
      SELECT w.id, y.offer_id, y.producer_id, y.label, y.unit_price_cents, y.licence_kind, y.seats,
             y.duration_months, y.quantity, y.line_total_cents, y.delivery
      FROM w, jsonb_to_recordset(w.lines) AS y(offer_id int, producer_id int, label text,
           unit_price_cents int, licence_kind text, seats int, duration_months int, quantity int,
           line_total_cents bigint, delivery text, n int)
      ORDER BY w.i, y.n
      RETURNING id, order_id, offer_id
    ), t AS (
      INSERT INTO order_top_ups (order_id, funder, amount_cents, reference)
      SELECT w.id, w.funder, w.top_up_cents, w.reference FROM w WHERE w.top_up_cents > 0 ORDER BY w.i
    ), entries AS (
      -- The top-up is credited before the debit; ids follow the ORDER BY, so each ledger reads in order.
      INSERT INTO ledger_entries (drawing_right_id, kind, amount_cents, balance_after_cents, order_id, funder,
                                  reference, actor_user_id, created_at)
      SELECT w.drawing_right_id, e.kind, e.amount, e.balance_after, w.id, e.funder, e.reference, w.placed_by,
             coalesce(w.placed_at, now())
      FROM w, LATERAL (VALUES
        (1, 'top-up', w.top_up_cents, w.balance_after + w.total_cents, w.funder, w.reference),
        (2, 'order-debit', -w.total_cents, w.balance_after, NULL, NULL)
      ) AS e(seq, kind, amount, balance_after, funder, reference)
      WHERE e.seq = 2 OR w.top_up_cents > 0
      ORDER BY w.i, e.seq
    ), a AS (
      INSERT INTO audit_log (actor_user_id, action, subject_type, subject_id, details)
      SELECT w.placed_by, 'order.submitted', 'order', w.id::text, w.audit FROM w ORDER BY w.i
    )
    SELECT x.i, w.id, w.created_at, w.updated_at,
           (SELECT json_agg(json_build_object('id', l.id, 'offer', l.offer_id)) FROM l WHERE l.order_id = w.id) AS lines,
           -- What the right has left once this statement's orders are written.
           coalesce(debit.balance_cents, locked.balance_cents) AS balance_cents, locked.status AS right_status,
           facts.hold AS facts_hold
    FROM x JOIN facts ON facts.i = x.i
    LEFT JOIN w ON w.i = x.i
    LEFT JOIN locked ON locked.id = x.drawing_right_id
    LEFT JOIN debit ON debit.id = x.drawing_right_id`.execute(db);
  const outcomes = new Array<OrderWriteOutcome>(orders.length);
  for (const row of result.rows) {
    outcomes[row.i] =
      row.id !== null
        ? {
            written: true,
            id: row.id,
            created_at: row.created_at,
            updated_at: row.updated_at,
            lineIds: new Map((row.lines ?? []).map((line) => [line.offer, line.id])),
          }
        : {
            written: false,
            // A right that does not exist was not locked: nothing to spend.
            balanceCents: Number(row.balance_cents ?? 0),
            rightStatus: row.right_status ?? 'closed',
            factsHold: row.facts_hold,
          };
  }
  return outcomes;
}

/** Inserts the order unless its idempotency key was used already; returns its id, or undefined. */
export async function insertOrderOnce(
  trx: Db,
  order: {
    establishmentId: number;
    drawingRightId: number;
    status: OrderStatus;
    totalCents: number;
    topUpCents: number;
    idempotencyKey: string;
    placedBy: number;
  },
): Promise<{ id: number; created_at: unknown; updated_at: unknown } | undefined> {
  return trx
    .insertInto('orders')
    .values({
      establishment_id: order.establishmentId,
      drawing_right_id: order.drawingRightId,
      status: order.status,
      total_cents: order.totalCents,
      top_up_cents: order.topUpCents,
      idempotency_key: order.idempotencyKey,
      placed_by: order.placedBy,
    })
    .onConflict((oc) => oc.columns(['establishment_id', 'idempotency_key']).doNothing())
    .returning(['id', 'created_at', 'updated_at'])
    .executeTakeFirst();
}

export interface OrderLineSnapshot {
  offerId: number;
  producerId: number;
  producerName: string;
  label: string;
  unitPriceCents: number;
  licenceKind: string;
  seats: number;
  durationMonths: number | null;
  quantity: number;
  lineTotalCents: number;
  delivery: string;
}

/** The order_lines columns a snapshot fills: one mapping for every insert and for replies built from it. */
export function lineColumnsOf(line: OrderLineSnapshot) {
  return {
    offer_id: line.offerId,
    producer_id: line.producerId,
    label: line.label,
    unit_price_cents: line.unitPriceCents,
    licence_kind: line.licenceKind,
    seats: line.seats,
    duration_months: line.durationMonths,
    quantity: line.quantity,
    line_total_cents: line.lineTotalCents,
    delivery: line.delivery,
  };
}

/** Returns the ids of the lines, in the order given. */
export async function insertOrderLines(trx: Db, orderId: number, lines: readonly OrderLineSnapshot[]) {
  return trx
    .insertInto('order_lines')
    .values(
      lines.map((line) => ({
        order_id: orderId,
        ...lineColumnsOf(line),
        licence_key: null,
        access_url: null,
        shipment_number: null,
        rejection_reason: null,
        delivered_at: null,
      })),
    )
    .returning('id')
    .execute();
}

/** A resource an order line's offer covers: one for a plain offer, several for a bundle. */
export interface LineResource {
  id: number;
  title: string;
}

/**
 * The resources the offer of a line covers, by title, as a JSON array column: the offer the line
 * snapshots may cover a bundle, and every list names the resource before the offer.
 */
export function resourcesOfLine(offerIdColumn: string) {
  return sql<LineResource[]>`(SELECT coalesce(json_agg(json_build_object('id', r.id, 'title', r.title)
      ORDER BY r.title, r.id), '[]'::json)
    FROM offer_resources link JOIN resources r ON r.id = link.resource_id
    WHERE link.offer_id = ${sql.ref(offerIdColumn)})`;
}

const orderColumns = [
  'o.id',
  'o.establishment_id',
  'o.drawing_right_id',
  'o.status',
  'o.total_cents',
  'o.top_up_cents',
  'o.idempotency_key',
  'o.placed_by',
  'o.created_at',
  'o.updated_at',
  'e.uai',
  'e.name as establishment_name',
  'e.academy_id',
  'c.id as campaign_id',
  'c.name as campaign_name',
] as const;

function ordersQuery(db: Db) {
  return db
    .selectFrom('orders as o')
    .innerJoin('establishments as e', 'e.id', 'o.establishment_id')
    .innerJoin('drawing_rights as dr', 'dr.id', 'o.drawing_right_id')
    .innerJoin('campaigns as c', 'c.id', 'dr.campaign_id')
    .select(orderColumns);
}

export async function findOrder(db: Db, id: number) {
  return ordersQuery(db).where('o.id', '=', id).executeTakeFirst();
}
export type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

export async function findOrderByKey(db: Db, establishmentId: number, key: string) {
  return ordersQuery(db)
    .where('o.establishment_id', '=', establishmentId)
    .where('o.idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function listOrdersOfEstablishment(db: Db, establishmentId: number, limit = 200) {
  return ordersQuery(db)
    .where('o.establishment_id', '=', establishmentId)
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(limit)
    .execute();
}

/** Orders holding at least one line of these producers, newest first. */
export async function listOrdersOfProducers(db: Db, producerIds: readonly number[], limit = 200) {
  if (producerIds.length === 0) return [];
  return ordersQuery(db)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('order_lines as l')
          .select('l.id')
          .whereRef('l.order_id', '=', 'o.id')
          .where('l.producer_id', 'in', producerIds),
      ),
    )
    .where('o.status', '<>', 'draft')
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(limit)
    .execute();
}

/** Locks the order row for the rest of the transaction: publisher and head actions serialize on it. */
export async function lockOrder(trx: Transaction<Database>, id: number) {
  return trx
    .selectFrom('orders')
    .select(['id', 'status', 'establishment_id', 'drawing_right_id', 'total_cents'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** What an order line shows, for the establishment's orders and the publisher's lines alike. */
const orderLineColumns = [
  'l.id',
  'l.order_id',
  'l.offer_id',
  'l.producer_id',
  'p.name as producer_name',
  'l.label',
  'l.unit_price_cents',
  'l.licence_kind',
  'l.seats',
  'l.duration_months',
  'l.quantity',
  'l.line_total_cents',
  'l.delivery',
  'l.status',
  'l.licence_key',
  'l.access_url',
  'l.shipment_number',
  'l.rejection_reason',
  'l.delivered_at',
] as const;

export async function findOrderLines(db: Db, orderIds: readonly number[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('order_lines as l')
    .leftJoin('subscriptions as s', 's.order_line_id', 'l.id')
    .innerJoin('producers as p', 'p.id', 'l.producer_id')
    .select([
      ...orderLineColumns,
      's.id as subscription_id',
      's.starts_on',
      's.ends_on',
      resourcesOfLine('l.offer_id').as('resources'),
    ])
    .where('l.order_id', 'in', orderIds)
    .orderBy('l.id')
    .execute();
}
export type OrderLineRow = Awaited<ReturnType<typeof findOrderLines>>[number];

export async function findTopUps(db: Db, orderIds: readonly number[]) {
  if (orderIds.length === 0) return [];
  return db.selectFrom('order_top_ups').selectAll().where('order_id', 'in', orderIds).execute();
}

export async function updateOrderStatus(trx: Db, id: number, status: OrderStatus) {
  await trx
    .updateTable('orders')
    .set({ status, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Cancels the order's pending lines; returns their totals (what goes back to the drawing right). */
export async function cancelPendingLines(trx: Db, orderId: number) {
  return trx
    .updateTable('order_lines')
    .set({ status: 'cancelled' })
    .where('order_id', '=', orderId)
    .where('status', '=', 'pending')
    .returning('line_total_cents')
    .execute();
}

/** The statuses of an order's lines (the order's own status follows from them). */
export async function findLineStatuses(db: Db, orderId: number) {
  return db.selectFrom('order_lines').select('status').where('order_id', '=', orderId).execute();
}

/** One line of the order, with what delivering or rejecting it needs. */
export async function findOrderLine(db: Db, orderId: number, lineId: number) {
  return db
    .selectFrom('order_lines')
    .select([
      'id',
      'status',
      'delivery',
      'label',
      'line_total_cents',
      'duration_months',
      'producer_id',
      'renews_subscription_id',
      resourcesOfLine('order_lines.offer_id').as('resources'),
    ])
    .where('id', '=', lineId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
}

/** Any line of the order from one of these producers. */
export async function findLineOfProducers(db: Db, orderId: number, producerIds: readonly number[]) {
  return db
    .selectFrom('order_lines')
    .select('id')
    .where('order_id', '=', orderId)
    .where('producer_id', 'in', producerIds)
    .executeTakeFirst();
}

export async function markLineDelivered(
  trx: Db,
  lineId: number,
  delivery: {
    licenceKey: string | null;
    accessUrl: string | null;
    shipmentNumber: string | null;
    deliveredAt: Date;
  },
) {
  await trx
    .updateTable('order_lines')
    .set({
      status: 'delivered',
      licence_key: delivery.licenceKey,
      access_url: delivery.accessUrl,
      shipment_number: delivery.shipmentNumber,
      delivered_at: delivery.deliveredAt,
    })
    .where('id', '=', lineId)
    .execute();
}

export async function markLineRejected(trx: Db, lineId: number, reason: string) {
  await trx
    .updateTable('order_lines')
    .set({ status: 'rejected', rejection_reason: reason })
    .where('id', '=', lineId)
    .execute();
}

/**
 * Subscription offers (with a duration) valid on `today` that cover a resource of `offerId`, the
 * offer itself among them while it is offered; cheapest first.
 */
export async function findSubscriptionOffersLike(db: Db, offerId: number, today: string) {
  return (
    db
      .selectFrom('offers as o')
      .innerJoin('producers as p', 'p.id', 'o.producer_id')
      .select([
        'o.id',
        'o.label',
        'p.name as producer_name',
        'o.licence_kind',
        'o.seats',
        'o.duration_months',
        'o.price_cents',
        'o.eligibility',
      ])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('offer_resources as mine')
            .innerJoin('offer_resources as theirs', 'theirs.resource_id', 'mine.resource_id')
            .select('mine.offer_id')
            .where('mine.offer_id', '=', offerId)
            .whereRef('theirs.offer_id', '=', 'o.id'),
        ),
      )
      .where('o.valid_from', '<=', today)
      .where((eb) => eb.or([eb('o.valid_until', 'is', null), eb('o.valid_until', '>=', today)]))
      // Only offers with a duration start a subscription when delivered.
      .where('o.duration_months', '>', 0)
      .orderBy('o.price_cents')
      .orderBy('o.id')
      .limit(50)
      .execute()
  );
}

/** The order's top-up, locked until the transaction ends (two refunds never give the same euros). */
export async function lockTopUp(trx: Db, orderId: number) {
  return trx
    .selectFrom('order_top_ups')
    .select(['funder', 'amount_cents', 'refunded_cents', 'reference'])
    .where('order_id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
}

/** Σ of the order's lines neither cancelled nor rejected, in cents. */
export async function remainingLinesCents(db: Db, orderId: number): Promise<number> {
  const row = await db
    .selectFrom('order_lines')
    .select(sql<number>`coalesce(sum(line_total_cents), 0)`.as('cents'))
    .where('order_id', '=', orderId)
    .where('status', 'not in', ['cancelled', 'rejected'])
    .executeTakeFirstOrThrow();
  return Number(row.cents);
}

export async function addTopUpRefunded(trx: Db, orderId: number, cents: number) {
  await trx
    .updateTable('order_top_ups')
    .set({ refunded_cents: sql`refunded_cents + ${cents}::bigint` })
    .where('order_id', '=', orderId)
    .execute();
}

export type LineState = 'pending' | 'delivered' | 'rejected' | 'cancelled';

/** Which lines of a producer a list or an export shows: one state, and the order's French day range. */
export interface ProducerLinesFilter {
  state?: LineState | undefined;
  /** 'YYYY-MM-DD': orders placed on or after that day, in France. */
  from?: string | undefined;
  /** 'YYYY-MM-DD': orders placed on or before that day, in France. */
  to?: string | undefined;
}

/** The producers' lines of orders no longer drafts, with the filter applied (no columns chosen). */
function producerLinesQuery(db: Db, producerIds: readonly number[], filter: ProducerLinesFilter) {
  let query = db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .where('l.producer_id', 'in', producerIds)
    .where('o.status', '<>', 'draft');
  if (filter.state) query = query.where('l.status', '=', filter.state);
  // The day the order was placed in France, as every date of the domain (shared/clock.ts).
  const parisDay = sql<string>`(o.created_at AT TIME ZONE 'Europe/Paris')::date`;
  if (filter.from) query = query.where(parisDay, '>=', sql<string>`${filter.from}::date`);
  if (filter.to) query = query.where(parisDay, '<=', sql<string>`${filter.to}::date`);
  return query;
}

/**
 * One page of the producers' order lines matching the filter, newest order first, each with its order,
 * the establishment to deliver and invoice (address, contact) and the resources of its offer.
 */
export async function listProducerLines(
  db: Db,
  producerIds: readonly number[],
  filter: ProducerLinesFilter,
  page: { limit: number; offset: number },
) {
  if (producerIds.length === 0) return [];
  return producerLinesQuery(db, producerIds, filter)
    .innerJoin('establishments as e', 'e.id', 'o.establishment_id')
    .innerJoin('producers as p', 'p.id', 'l.producer_id')
    .select([
      ...orderLineColumns,
      'o.status as order_status',
      'o.created_at as order_created_at',
      'e.uai',
      'e.name as establishment_name',
      'e.address',
      'e.contact_email',
      'e.contact_phone',
      resourcesOfLine('l.offer_id').as('resources'),
    ])
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .orderBy('l.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
export type ProducerLineRow = Awaited<ReturnType<typeof listProducerLines>>[number];

/** How many lines match the filter, and how many of them are delivered with their amount (to invoice). */
export async function summarizeProducerLines(
  db: Db,
  producerIds: readonly number[],
  filter: ProducerLinesFilter,
) {
  if (producerIds.length === 0)
    return { lines: 0, delivered: 0, deliveredCents: 0, pending: 0, pendingCents: 0 };
  const row = await producerLinesQuery(db, producerIds, filter)
    .select([
      sql<string>`count(*)`.as('lines'),
      sql<string>`count(*) FILTER (WHERE l.status = 'delivered')`.as('delivered'),
      sql<string>`coalesce(sum(l.line_total_cents) FILTER (WHERE l.status = 'delivered'), 0)`.as(
        'delivered_cents',
      ),
      sql<string>`count(*) FILTER (WHERE l.status = 'pending')`.as('pending'),
      sql<string>`coalesce(sum(l.line_total_cents) FILTER (WHERE l.status = 'pending'), 0)`.as(
        'pending_cents',
      ),
    ])
    .executeTakeFirstOrThrow();
  return {
    lines: Number(row.lines),
    delivered: Number(row.delivered),
    deliveredCents: Number(row.delivered_cents),
    pending: Number(row.pending),
    pendingCents: Number(row.pending_cents),
  };
}
