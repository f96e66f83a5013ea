// Reads one resource with its producer and every offer that covers it (bundles included).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export async function findResource(db: Kysely<Database>, reference: string) {
  const query = db
    .selectFrom('resources as r')
    .innerJoin('producers as p', 'p.id', 'r.producer_id')
    .leftJoin('harvest_sources as hs', 'hs.id', 'r.source_id')
    .select([
      'r.id',
      'r.identifier',
      'r.title',
      'r.description',
      'r.keywords',
      'r.authors',
      'r.languages',
      'r.levels',
      'r.disciplines',
      'r.themes',
      'r.types',
      'r.formats',
      'r.devices',
      'r.cost',
      'r.licence',
      'r.accessibility',
      'r.demo_url',
      'r.published_on',
      'r.updated_on',
      'r.origin',
      'r.lowest_price_cents',
      'r.withdrawn_at',
      'p.code as producer_code',
      'p.name as producer_name',
      'p.kind as producer_kind',
      'p.website as producer_website',
      'hs.name as source_name',
      'r.source_record_url',
    ]);
  // A numeric reference is the database id; anything else is the stable identifier.
  return /^\d{1,9}$/.test(reference)
    ? query.where('r.id', '=', Number(reference)).executeTakeFirst()
    : query.where('r.identifier', '=', reference).executeTakeFirst();
}

export type ResourceRow = NonNullable<Awaited<ReturnType<typeof findResource>>>;

export async function findOffersCovering(db: Kysely<Database>, resourceId: number) {
  const offers = await db
    .selectFrom('offers as o')
    .innerJoin('offer_resources as link', 'link.offer_id', 'o.id')
    .where('link.resource_id', '=', resourceId)
    .select([
      'o.id',
      'o.label',
      'o.price_cents',
      'o.tariff',
      'o.licence_kind',
      'o.seats',
      'o.duration_months',
      'o.delivery',
      'o.eligibility',
      'o.valid_from',
      'o.valid_until',
    ])
    .orderBy('o.price_cents')
    .orderBy('o.id')
    .execute();
  if (offers.length === 0) return [];
  // What each offer covers: a bundle lists all its resources.
  const contents = await sql<{ offer_id: number; identifier: string; title: string }>`
    SELECT link.offer_id, r.identifier, r.title
    FROM offer_resources link JOIN resources r ON r.id = link.resource_id
    WHERE link.offer_id = ANY(${offers.map((offer) => offer.id)}::int[])
    ORDER BY link.offer_id, r.title`.execute(db);
  return offers.map((offer) => ({
    ...offer,
    covers: contents.rows
      .filter((row) => row.offer_id === offer.id)
      .map((row) => ({ identifier: row.identifier, title: row.title })),
  }));
}

export type OfferRow = Awaited<ReturnType<typeof findOffersCovering>>[number];
