// Demo orders in every state for the demo establishments, placed and moved through the real use cases
// so the ledger, subscriptions, notifications and audit log are exactly what users would produce.
import type { Kysely } from 'kysely';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Database, OrderStatus } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import type { Actor } from '../modules/accounts/actor.js';
import { deliverLine, rejectLine, transmitOrder } from '../modules/orders/fulfilment.service.js';
import { seatsCovered } from '../modules/orders/orders.money.js';
import { todayInFrance } from '../shared/clock.js';
import {
  findDrawingRightsOf,
  findEstablishmentById,
  insertOrderLines,
  insertOrderOnce,
} from '../modules/orders/orders.repository.js';
import type { DeliverLineInput } from '../modules/orders/orders.schema.js';
import { cancelOrder } from '../modules/orders/orders.service.js';
import { allowsCoFunding } from '../modules/orders/order-decision.js';
import { OrderWriteBatcher } from '../modules/orders/order-write-batcher.js';
import { placeOrder } from '../modules/orders/place-order.js';
import { orderStatuses } from '../modules/orders/orders.workflow.js';

export interface DemoOrdersOptions {
  /** Demo establishments (each with a drawing right in an open campaign) and the user id of their head. */
  heads: { establishmentId: number; userId: number }[];
  /** The user recorded as acting for publishers when lines are delivered or rejected (default: the head). */
  publisherUserId?: number;
  today?: string;
}

const none = { licenceKey: undefined, accessUrl: undefined, shipmentNumber: undefined };
const deliveries: Record<string, DeliverLineInput> = {
  'licence-key': { ...none, licenceKey: 'DEMO-7K2P-QX94-LM3R' },
  'access-url': { ...none, accessUrl: 'https://ressources.example.fr/acces/demo' },
  shipment: { ...none, shipmentNumber: 'COLIS-2026-000123' },
};

function actorOf(userId: number, grants: Actor['grants']): Actor {
  return { userId, email: '', displayName: 'démo', csrfToken: '', grants };
}

/** Offers of 200 € at most, valid on `today`, open to every establishment, by id. */
function cheapOffersValidOn(db: Kysely<Database>, today: string) {
  return db
    .selectFrom('offers')
    .where('price_cents', '>', 0)
    .where('price_cents', '<=', 20_000)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
    .where((eb) => eb.fn('cardinality', ['eligibility']), '=', 0)
    .orderBy('id');
}

/**
 * Two cheap offers valid today from two producers, the first with a duration (a subscription at
 * delivery). Exported so the demo can give the publisher account the first offer's producer.
 */
export async function pickDemoOffers(db: Kysely<Database>, today: string = todayInFrance()) {
  const candidates = await cheapOffersValidOn(db, today)
    .select([
      'id',
      'producer_id',
      'label',
      'price_cents',
      'licence_kind',
      'seats',
      'duration_months',
      'delivery',
    ])
    .limit(400)
    .execute();
  const first = candidates.find((offer) => offer.duration_months !== null) ?? candidates[0];
  const second = candidates.find((offer) => first && offer.producer_id !== first.producer_id);
  return { first, second };
}

/** The top-up of the demo's co-funded order: half its total, from the local authority. */
export const DEMO_TOP_UP = {
  funder: 'local-authority',
  reference: 'Délibération CP-2026-0142',
} as const;

/**
 * Places, for the demo heads in turn, one order per status (draft, submitted, transmitted,
 * partly-delivered, delivered, rejected, cancelled); then, if the first head's campaign allows
 * co-funding, one more submitted order half paid by a local authority (DEMO_TOP_UP), so the demo shows
 * co-funding. Idempotent: keys are fixed, so a second run finds the orders already placed and leaves
 * them. Returns how many orders each status got.
 */
export async function seedDemoOrders(
  db: Kysely<Database>,
  options: DemoOrdersOptions,
): Promise<Record<OrderStatus, number>> {
  const today = options.today ?? todayInFrance();
  const counts = Object.fromEntries(orderStatuses.map((status) => [status, 0])) as Record<
    OrderStatus,
    number
  >;
  if (options.heads.length === 0) return counts;
  const { first, second } = await pickDemoOffers(db, today);
  if (!first || !second) return counts;
  const line = (offer: typeof first) => ({
    offer: offer.id,
    seats: Math.min(30, seatsCovered(offer.licence_kind, offer.seats, 1)),
    quantity: 1,
  });
  const targets: OrderStatus[] = [
    'submitted',
    'transmitted',
    'partly-delivered',
    'delivered',
    'rejected',
    'cancelled',
    'draft',
  ];

  for (const [index, status] of targets.entries()) {
    const head = options.heads[index % options.heads.length]!;
    const establishment = await findEstablishmentById(db, head.establishmentId);
    if (!establishment) continue;
    const headActor = actorOf(head.userId, [
      { role: 'head', establishmentId: establishment.id, academyId: null, producerId: null },
    ]);
    const publisher = actorOf(options.publisherUserId ?? head.userId, [
      { role: 'publisher', establishmentId: null, academyId: null, producerId: first.producer_id },
      { role: 'publisher', establishmentId: null, academyId: null, producerId: second.producer_id },
    ]);
    const key = `demo-${status}-${establishment.id}`;
    try {
      if (status === 'draft') {
        // A draft is a cart being turned into an order: written, never debited.
        const right = await db
          .selectFrom('drawing_rights')
          .select('id')
          .where('establishment_id', '=', establishment.id)
          .orderBy('id', 'desc')
          .executeTakeFirst();
        if (!right) continue;
        const created = await db.transaction().execute(async (trx) => {
          const inserted = await insertOrderOnce(trx, {
            establishmentId: establishment.id,
            drawingRightId: right.id,
            status: 'draft',
            totalCents: first.price_cents,
            topUpCents: 0,
            idempotencyKey: key,
            placedBy: head.userId,
          });
          if (!inserted) return false;
          await insertOrderLines(trx, inserted.id, [
            {
              offerId: first.id,
              producerId: first.producer_id,
              producerName: '',
              label: first.label,
              unitPriceCents: first.price_cents,
              licenceKind: first.licence_kind,
              seats: line(first).seats,
              durationMonths: first.duration_months,
              quantity: 1,
              lineTotalCents: first.price_cents,
              delivery: first.delivery,
            },
          ]);
          return true;
        });
        if (created) counts.draft += 1;
        continue;
      }
      const placed = await placeOrder(
        db,
        headActor,
        { establishment: establishment.uai, lines: [line(first), line(second)] },
        key,
        { today },
      );
      if (!placed.created) continue;
      const id = placed.order.id;
      const [lineA, lineB] = placed.order.lines;
      const deliver = (l: NonNullable<typeof lineA>) =>
        deliverLine(db, publisher, id, l.id, deliveries[l.delivery.value] ?? deliveries['access-url']!, {
          today,
        });
      if (status === 'transmitted') await transmitOrder(db, publisher, id);
      if (status === 'partly-delivered') await deliver(lineA!);
      if (status === 'delivered') {
        await deliver(lineA!);
        await deliver(lineB!);
      }
      if (status === 'rejected') {
        await rejectLine(db, publisher, id, lineA!.id, 'Licence indisponible pour ce niveau');
        await rejectLine(db, publisher, id, lineB!.id, 'Offre retirée par l’éditeur');
      }
      if (status === 'cancelled') await cancelOrder(db, headActor, id);
      counts[status] += 1;
    } catch (error) {
      // A demo right too small for this order, or a closed campaign: that status is skipped.
      if (
        error instanceof AppError &&
        ['BUDGET_EXCEEDED', 'CAMPAIGN_CLOSED', 'NOT_FOUND'].includes(error.code)
      )
        continue;
      throw error;
    }
  }

  // One unit of each offer: half of that total comes from the local authority.
  const coFunded = await placeDemoCoFundedOrder(
    db,
    options.heads[0]!,
    [line(first), line(second)],
    Math.floor((first.price_cents + second.price_cents) / 2),
    today,
  );
  if (coFunded) counts.submitted += 1;
  return counts;
}

/**
 * One order placed like the others (placeOrder), with half its total topped up by the local authority,
 * when the head's open campaign allows co-funding. Returns whether it was created now.
 */
async function placeDemoCoFundedOrder(
  db: Kysely<Database>,
  head: DemoOrdersOptions['heads'][number],
  lines: { offer: number; seats: number; quantity: number }[],
  amountCents: number,
  today: string,
): Promise<boolean> {
  const establishment = await findEstablishmentById(db, head.establishmentId);
  if (!establishment) return false;
  const right = (await findDrawingRightsOf(db, establishment.id)).find(
    (row) => row.campaignStatus === 'open' && row.status === 'active',
  );
  if (!right || !allowsCoFunding(right.rules) || amountCents < 1) return false;
  const headActor = actorOf(head.userId, [
    { role: 'head', establishmentId: establishment.id, academyId: null, producerId: null },
  ]);
  try {
    const placed = await placeOrder(
      db,
      headActor,
      { establishment: establishment.uai, lines, topUp: { ...DEMO_TOP_UP, amountCents } },
      `demo-co-funded-${establishment.id}`,
      { today },
    );
    return placed.created;
  } catch (error) {
    if (error instanceof AppError && ['BUDGET_EXCEEDED', 'CAMPAIGN_CLOSED'].includes(error.code))
      return false;
    throw error;
  }
}

/**
 * The months of the demo campaign and their weight in orders, after the 2012 report (IGEN-IGAENR
 * 2012-082): about 115 k€ by 15 February, 285 k€ in March, 360 k€ in April, some 360 k€ in May, then
 * the June rush (1.075 M€ by 21 May, 3.043 M€ by 27 June) and the last days before the 10 July deadline.
 */
const campaignMonths = [
  { month: 2, lastDay: 28, weight: 115 },
  { month: 3, lastDay: 31, weight: 285 },
  { month: 4, lastDay: 30, weight: 360 },
  { month: 5, lastDay: 31, weight: 360 },
  { month: 6, lastDay: 30, weight: 1970 },
  { month: 7, lastDay: 10, weight: 400 },
] as const;

/**
 * `count` instants from 1 February to 10 July of the last such season before `today`, spread by month
 * as in 2012 (June the busiest), on office hours, in time order. Deterministic for a seed and a today.
 */
export function demoCampaignInstants(today: string, count: number, seed = 2012): Date[] {
  let year = Number(today.slice(0, 4));
  if (today <= `${year}-07-10`) year -= 1;
  const rng = xoroshiro128plus(seed);
  const int = (min: number, max: number) => uniformInt(rng, min, max);
  const total = campaignMonths.reduce((sum, m) => sum + m.weight, 0);
  const instants: Date[] = [];
  for (let i = 0; i < count; i++) {
    let roll = int(0, total - 1);
    const month = campaignMonths.find((m) => (roll -= m.weight) < 0)!;
    // 7:00 to 16:59 UTC: the same calendar day in France, winter or summer time.
    instants.push(new Date(Date.UTC(year, month.month - 1, int(1, month.lastDay), int(7, 16), int(0, 59))));
  }
  return instants.sort((a, b) => a.getTime() - b.getTime());
}

/**
 * A past campaign for the dashboards: establishments of every academy (not the demo heads') order a
 * part of their drawing right, each academy at its own pace (in 2012 the rates went from 9.8 % to
 * 72 %), from February to the July deadline with the June rush. Orders go through placeOrder (today's
 * rules and offers), recorded at their instant in the calendar (placedAt). Idempotent (fixed keys).
 * Returns how many orders were placed now.
 */
export async function seedDemoCampaignOrders(
  db: Kysely<Database>,
  options: {
    campaignId: number;
    /** The user recorded as placing the orders (the demo head: no other head has an account). */
    placedBy: number;
    /** Establishments left out (the demo heads': their orders are the ones above). */
    excluded: readonly number[];
    today?: string;
    seed?: number;
  },
): Promise<number> {
  const today = options.today ?? todayInFrance();
  // Offers of other producers than the demo publisher's, whose list stays the demo orders above.
  const { first: publisherOffer } = await pickDemoOffers(db, today);
  const offers = await cheapOffersValidOn(db, today)
    .select(['id', 'producer_id', 'price_cents', 'licence_kind', 'seats'])
    .where('producer_id', '!=', publisherOffer?.producer_id ?? -1)
    .limit(3)
    .execute();
  const [first, second] = offers;
  if (!first || !second) return 0;
  const rights = await db
    .selectFrom('drawing_rights as dr')
    .innerJoin('establishments as e', 'e.id', 'dr.establishment_id')
    .select(['dr.academy_id', 'dr.balance_cents', 'e.id', 'e.uai'])
    .where('dr.campaign_id', '=', options.campaignId)
    .where('dr.status', '=', 'active')
    .orderBy('dr.id')
    .execute();
  const rng = xoroshiro128plus(options.seed ?? 2012);
  const int = (min: number, max: number) => uniformInt(rng, min, max);
  // Each academy's share of establishments that order: 10 % to 80 %.
  const pace = new Map<number, number>();
  const buyers = rights.filter((right) => {
    if (options.excluded.includes(right.id)) return false;
    if (!pace.has(right.academy_id)) pace.set(right.academy_id, int(10, 80));
    return int(1, 100) <= pace.get(right.academy_id)!;
  });
  const instants = demoCampaignInstants(today, buyers.length, options.seed);
  // Shuffled so the calendar does not follow the academies' order.
  for (let i = buyers.length - 1; i > 0; i--) {
    const j = int(0, i);
    [buyers[i], buyers[j]] = [buyers[j]!, buyers[i]!];
  }
  // A second run leaves the orders placed (their amounts were drawn from the balances then).
  const done = new Set(
    (
      await db
        .selectFrom('orders')
        .select('idempotency_key')
        .where('idempotency_key', 'like', 'demo-campaign-%')
        .execute()
    ).map((row) => row.idempotency_key),
  );
  // Written 32 at a time in one statement each (the API's batcher), not one statement per order.
  const writes = new OrderWriteBatcher(db, { maxStatements: 1, maxOrders: 32 });
  const placeOne = async (buyer: (typeof buyers)[number], index: number): Promise<boolean> => {
    const offer = offers[index % offers.length]!;
    // Half to all of the right, in whole licences (the 2012 average basket was 501 €).
    const quantity = Math.floor((Number(buyer.balance_cents) * int(50, 100)) / 100 / offer.price_cents);
    const key = `demo-campaign-${buyer.id}`;
    if (quantity < 1 || done.has(key)) return false;
    const actor = actorOf(options.placedBy, [
      { role: 'head', establishmentId: buyer.id, academyId: null, producerId: null },
    ]);
    try {
      const result = await placeOrder(
        db,
        actor,
        {
          establishment: buyer.uai,
          lines: [
            {
              offer: offer.id,
              seats: Math.min(30, seatsCovered(offer.licence_kind, offer.seats, quantity)),
              quantity,
            },
          ],
        },
        key,
        { today, placedAt: instants[index]!, writes },
      );
      return result.created;
    } catch (error) {
      if (error instanceof AppError && ['BUDGET_EXCEEDED', 'CAMPAIGN_CLOSED'].includes(error.code))
        return false;
      throw error;
    }
  };
  let placed = 0;
  for (let start = 0; start < buyers.length; start += 32) {
    const chunk = buyers.slice(start, start + 32);
    const results = await Promise.all(chunk.map((buyer, i) => placeOne(buyer, start + i)));
    placed += results.filter(Boolean).length;
  }
  return placed;
}
