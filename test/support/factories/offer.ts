// Offers of the seeded demo catalogue (tests read them; none is created), and its producers.
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import { todayInFrance } from '../../../src/shared/clock.js';

type Db = Kysely<Database>;

/** The first producer of the seeded catalogue (publisher grants need one). */
export async function anyProducerId(db: Db): Promise<number> {
  const row = await db.selectFrom('producers').select('id').orderBy('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface TestOffer {
  id: number;
  producerId: number;
  priceCents: number;
  licenceKind: string;
  seats: number | null;
  durationMonths: number | null;
  delivery: string;
  label: string;
  resourceId: number;
}

/** Paid offers of the demo catalogue valid today, cheapest first, distinct producers when possible. */
export async function validOffers(
  db: Db,
  count: number,
  filter: {
    licenceKind?: string;
    delivery?: string;
    withDuration?: boolean;
    producerId?: number;
    maxPriceCents?: number;
  } = {},
): Promise<TestOffer[]> {
  const today = todayInFrance();
  let query = db
    .selectFrom('offers as o')
    .innerJoin('offer_resources as link', 'link.offer_id', 'o.id')
    .select([
      'o.id',
      'o.producer_id',
      'o.price_cents',
      'o.licence_kind',
      'o.seats',
      'o.duration_months',
      'o.delivery',
      'o.label',
      'o.eligibility',
      (eb) => eb.fn.min('link.resource_id').as('resource_id'),
    ])
    .where('o.price_cents', '>', 0)
    .where('o.valid_from', '<=', today)
    .where((eb) => eb.or([eb('o.valid_until', 'is', null), eb('o.valid_until', '>=', today)]))
    .groupBy('o.id')
    .orderBy('o.id');
  if (filter.licenceKind) query = query.where('o.licence_kind', '=', filter.licenceKind);
  if (filter.delivery) query = query.where('o.delivery', '=', filter.delivery);
  if (filter.withDuration === true) query = query.where('o.duration_months', 'is not', null);
  if (filter.withDuration === false) query = query.where('o.duration_months', 'is', null);
  if (filter.producerId !== undefined) query = query.where('o.producer_id', '=', filter.producerId);
  if (filter.maxPriceCents !== undefined) query = query.where('o.price_cents', '<=', filter.maxPriceCents);
  const rows = (await query.limit(500).execute()).filter((row) => row.eligibility.length === 0);
  const byProducer = new Map<number, (typeof rows)[number]>();
  for (const row of rows) if (!byProducer.has(row.producer_id)) byProducer.set(row.producer_id, row);
  const picked = [
    ...byProducer.values(),
    ...rows.filter((row) => byProducer.get(row.producer_id) !== row),
  ].slice(0, count);
  if (picked.length < count)
    throw new Error(`Only ${picked.length} valid offers match ${JSON.stringify(filter)}`);
  return picked.map((row) => ({
    id: row.id,
    producerId: row.producer_id,
    priceCents: row.price_cents,
    licenceKind: row.licence_kind,
    seats: row.seats,
    durationMonths: row.duration_months,
    delivery: row.delivery,
    label: row.label,
    resourceId: Number(row.resource_id),
  }));
}

/** Seats a line of `quantity` units of this offer may ask for (the most it covers, capped). */
export function seatsFor(offer: TestOffer, quantity = 1): number {
  if (offer.licenceKind === 'single-seat') return quantity;
  if (offer.licenceKind === 'multi-seat') return (offer.seats ?? 1) * quantity;
  return 30;
}
