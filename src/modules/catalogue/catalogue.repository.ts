// Catalogue writes and reads. Functions take the database handle first so they run the same inside a
// transaction or outside it.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CatalogueEntry, OfferInput, ProducerInput, ResourceInput } from './catalogue.types.js';
import type { FacetDictionary } from './facet-dictionary.js';
import {
  FREE,
  disciplines,
  expandLevels,
  labelOf,
  priceBandOf,
  resourceTypes,
  themes,
} from './vocabulary.js';

export async function insertProducers(
  db: Kysely<Database>,
  producers: readonly ProducerInput[],
): Promise<void> {
  if (producers.length === 0) return;
  await db
    .insertInto('producers')
    .values(producers.map(({ code, name, kind, website }) => ({ code, name, kind, website })))
    .onConflict((conflict) => conflict.column('code').doNothing())
    .execute();
  await db
    .insertInto('facet_values')
    .values(producers.map((producer) => ({ facet: 'producer', code: producer.code, label: producer.name })))
    .onConflict((conflict) => conflict.columns(['facet', 'code']).doNothing())
    .execute();
}

export async function producerIdsByCode(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('producers').select(['id', 'code']).execute();
  return new Map(rows.map((row) => [row.code, row.id]));
}

/** Offers that cover the resource; the lowest price among them is the resource's price. */
function offersCovering(resource: ResourceInput, offers: readonly OfferInput[]): OfferInput[] {
  return offers.filter((offer) => offer.resourceIdentifiers.includes(resource.identifier));
}

export function lowestPriceCents(resource: ResourceInput, offers: readonly OfferInput[]): number {
  if (resource.cost === FREE) return 0;
  const covering = offersCovering(resource, offers);
  // A bundle's price is not the price of one of its parts: prefer the resource's own offers.
  const own = covering.filter((offer) => offer.resourceIdentifiers.length === 1);
  const prices = (own.length > 0 ? own : covering).map((offer) => offer.priceCents);
  return prices.length > 0 ? Math.min(...prices) : 0;
}

/** Every facet value of a resource, as dictionary ids. Levels include their cycle or track. */
export function facetIdsOf(
  resource: ResourceInput,
  offers: readonly OfferInput[],
  dictionary: FacetDictionary,
): number[] {
  const ids = [
    ...expandLevels(resource.levels).map((code) => dictionary.idOf('level', code)),
    ...resource.disciplines.map((code) => dictionary.idOf('discipline', code)),
    ...resource.themes.map((code) => dictionary.idOf('theme', code)),
    ...resource.types.map((code) => dictionary.idOf('type', code)),
    ...resource.formats.map((code) => dictionary.idOf('format', code)),
    ...resource.devices.map((code) => dictionary.idOf('device', code)),
    dictionary.idOf('cost', resource.cost),
    dictionary.idOf('price', priceBandOf(lowestPriceCents(resource, offers))),
    dictionary.idOf('producer', resource.producerCode),
    ...new Set(
      offersCovering(resource, offers).map((offer) => dictionary.idOf('licence', offer.licenceKind)),
    ),
  ];
  return [...new Set(ids)];
}

/** Labels searched with the keywords, so "technologie" or a producer's name find the resource. */
export function indexedTermsOf(resource: ResourceInput, producerName: string): string {
  return [
    producerName,
    ...resource.disciplines.map((code) => labelOf(disciplines, code)),
    ...resource.themes.map((code) => labelOf(themes, code)),
    ...resource.types.map((code) => labelOf(resourceTypes, code)),
  ].join(' ');
}

/**
 * Writes a batch of resources with their offers in one transaction. Bundle offers may reference
 * resources written in earlier batches.
 */
export async function insertCatalogueBatch(
  db: Kysely<Database>,
  entries: readonly CatalogueEntry[],
  dictionary: FacetDictionary,
  producers: ReadonlyMap<string, number>,
  producerNames: ReadonlyMap<string, string>,
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .transaction()
    .execute((trx) => writeCatalogueEntries(trx, entries, dictionary, producers, producerNames));
}

/** insertCatalogueBatch's writes, in the caller's transaction (a notice accepted by an expert). */
export async function writeCatalogueEntries(
  trx: Kysely<Database>,
  entries: readonly CatalogueEntry[],
  dictionary: FacetDictionary,
  producers: ReadonlyMap<string, number>,
  producerNames: ReadonlyMap<string, string>,
): Promise<Map<string, number>> {
  const producerId = (code: string) => {
    const id = producers.get(code);
    if (id === undefined) throw new Error(`Unknown producer ${code}`);
    return id;
  };
  const inserted = await trx
    .insertInto('resources')
    .values(
      entries.map(({ resource, offers, source }) => ({
        identifier: resource.identifier,
        title: resource.title,
        description: resource.description,
        keywords: resource.keywords,
        producer_id: producerId(resource.producerCode),
        authors: resource.authors,
        languages: resource.languages,
        levels: resource.levels,
        disciplines: resource.disciplines,
        themes: resource.themes,
        types: resource.types,
        formats: resource.formats,
        devices: resource.devices,
        cost: resource.cost,
        licence: resource.licence,
        accessibility: resource.accessibility,
        demo_url: resource.demoUrl,
        published_on: resource.publishedOn,
        updated_on: resource.updatedOn,
        origin: resource.origin,
        lowest_price_cents: lowestPriceCents(resource, offers),
        licence_kinds: [...new Set(offersCovering(resource, offers).map((offer) => offer.licenceKind))],
        indexed_terms: indexedTermsOf(resource, producerNames.get(resource.producerCode) ?? ''),
        facet_ids: source?.facetId
          ? [...new Set([...facetIdsOf(resource, offers, dictionary), source.facetId])]
          : facetIdsOf(resource, offers, dictionary),
        ...(source
          ? {
              source_id: source.sourceId,
              source_record_id: source.recordId,
              source_record_url: source.recordUrl,
            }
          : {}),
      })),
    )
    .returning(['id', 'identifier'])
    .execute();
  const resourceIds = new Map(inserted.map((row) => [row.identifier, row.id]));

  await insertOffers(
    trx,
    entries.flatMap((entry) => entry.offers),
    producerId,
    resourceIds,
  );
  return resourceIds;
}

/**
 * Inserts offers and links each to the resources it covers: those of `resourceIds` (just written) or,
 * for a bundle, resources written before. A covered identifier the catalogue lacks is a bug: it throws.
 */
export async function insertOffers(
  trx: Kysely<Database>,
  offers: readonly OfferInput[],
  producerId: (code: string) => number,
  resourceIds: Map<string, number>,
): Promise<void> {
  if (offers.length === 0) return;
  const unknown = [...new Set(offers.flatMap((offer) => offer.resourceIdentifiers))].filter(
    (identifier) => !resourceIds.has(identifier),
  );
  if (unknown.length > 0) {
    const earlier = await trx
      .selectFrom('resources')
      .select(['id', 'identifier'])
      .where('identifier', 'in', unknown)
      .execute();
    for (const row of earlier) resourceIds.set(row.identifier, row.id);
  }
  const offerRows = await trx
    .insertInto('offers')
    .values(
      offers.map((offer) => ({
        producer_id: producerId(offer.producerCode),
        label: offer.label,
        price_cents: offer.priceCents,
        tariff: offer.tariff,
        licence_kind: offer.licenceKind,
        seats: offer.seats,
        duration_months: offer.durationMonths,
        delivery: offer.delivery,
        eligibility: offer.eligibility,
        valid_from: offer.validFrom,
        valid_until: offer.validUntil,
      })),
    )
    .returning('id')
    .execute();
  const links = offers.flatMap((offer, index) =>
    offer.resourceIdentifiers.map((identifier) => {
      const resourceId = resourceIds.get(identifier);
      if (resourceId === undefined)
        throw new Error(`Offer ${offer.label} covers unknown resource ${identifier}`);
      return { offer_id: offerRows[index]!.id, resource_id: resourceId };
    }),
  );
  await trx.insertInto('offer_resources').values(links).execute();
}

/**
 * Rebuilds the lexicon of whole words used for typo tolerance. Run after bulk loads; the words come
 * from titles, keywords and indexed labels (descriptions would add noise more than help).
 */
export async function rebuildSearchTerms(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM search_terms`.execute(trx);
    await sql`
      INSERT INTO search_terms (term, documents)
      SELECT word, ndoc FROM ts_stat(
        $$SELECT to_tsvector('simple_unaccent', title || ' ' || array_to_string(keywords, ' ') || ' ' || indexed_terms) FROM resources$$
      )
      WHERE length(word) >= 3 AND word ~ '^[a-z0-9]+$'`.execute(trx);
  });
}

export async function countResources(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('resources')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
