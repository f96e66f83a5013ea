// Publishing a resource into the catalogue from an accepted notice, and withdrawing it. Runs in the
// caller's transaction (the expert's decision), so a decision and its resource are written together or
// not at all. The change-log trigger on resources then brings the resource to every node's search
// index within the freshness target.
//
// Offers are never deleted: orders and subscriptions point at them. An offer the new version drops is
// closed (valid_until = today); one it keeps unchanged stays; a new or changed one is added.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { addDays, todayInFrance } from '../../shared/clock.js';
import {
  facetIdsOf,
  indexedTermsOf,
  insertOffers,
  lowestPriceCents,
  writeCatalogueEntries,
} from './catalogue.repository.js';
import type { OfferInput, ResourceInput } from './catalogue.types.js';
import { loadFacetDictionary } from './facet-dictionary.js';

export interface Publication {
  resource: ResourceInput;
  offers: OfferInput[];
  /** The resource this notice became before, when it was accepted once already. */
  resourceId: number | null;
}

/** Offer columns that make two offers the same offer. */
const offerKey = (offer: {
  label: string;
  priceCents: number;
  tariff: string;
  licenceKind: string;
  seats: number | null;
  durationMonths: number | null;
  delivery: string;
}) =>
  JSON.stringify([
    offer.label,
    offer.priceCents,
    offer.tariff,
    offer.licenceKind,
    offer.seats,
    offer.durationMonths,
    offer.delivery,
  ]);

/** Creates or updates the resource of an accepted notice, with its offers. Returns the resource id. */
export async function publishResource(trx: Kysely<Database>, publication: Publication): Promise<number> {
  const { resource } = publication;
  const producer = await trx
    .selectFrom('producers')
    .select(['id', 'code', 'name'])
    .where('code', '=', resource.producerCode)
    .executeTakeFirstOrThrow();
  const dictionary = await loadFacetDictionary(trx);
  const producers = new Map([[producer.code, producer.id]]);
  const names = new Map([[producer.code, producer.name]]);
  // Bundles may cover the producer's other resources, already in the catalogue.
  const offers = publication.offers.map((offer) => ({
    ...offer,
    resourceIdentifiers: [
      resource.identifier,
      ...offer.resourceIdentifiers.filter((id) => id !== resource.identifier),
    ],
  }));

  const sameIdentifier = await trx
    .selectFrom('resources')
    .select(['id', 'producer_id'])
    .where('identifier', '=', resource.identifier)
    .executeTakeFirst();
  const existingId = publication.resourceId ?? sameIdentifier?.id ?? null;
  if (sameIdentifier && sameIdentifier.producer_id !== producer.id) {
    throw new AppError(
      'CONFLICT',
      `Une ressource d’un autre producteur porte déjà l’identifiant « ${resource.identifier} » : la notice ne peut pas être publiée sous cet identifiant.`,
    );
  }
  if (existingId === null) {
    const ids = await writeCatalogueEntries(trx, [{ resource, offers }], dictionary, producers, names);
    return ids.get(resource.identifier)!;
  }

  // An update: close the offers this version drops, add the ones it brings.
  const current = await trx
    .selectFrom('offers as o')
    .innerJoin('offer_resources as l', 'l.offer_id', 'o.id')
    .select([
      'o.id',
      'o.label',
      'o.price_cents',
      'o.tariff',
      'o.licence_kind',
      'o.seats',
      'o.duration_months',
      'o.delivery',
    ])
    .where('l.resource_id', '=', existingId)
    .where('o.producer_id', '=', producer.id)
    .where((eb) =>
      eb.or([eb('o.valid_until', 'is', null), eb('o.valid_until', '>', sql<string>`CURRENT_DATE`)]),
    )
    .execute();
  const wanted = new Map(offers.map((offer) => [offerKey(offer), offer]));
  const kept = new Set<string>();
  const closed: number[] = [];
  for (const row of current) {
    const key = offerKey({
      label: row.label,
      priceCents: row.price_cents,
      tariff: row.tariff,
      licenceKind: row.licence_kind,
      seats: row.seats,
      durationMonths: row.duration_months,
      delivery: row.delivery,
    });
    if (wanted.has(key) && !kept.has(key)) kept.add(key);
    else closed.push(row.id);
  }
  if (closed.length > 0) {
    await trx.updateTable('offers').set({ valid_until: yesterday() }).where('id', 'in', closed).execute();
  }
  const added = [...wanted.entries()].filter(([key]) => !kept.has(key)).map(([, offer]) => offer);
  const live = offers; // what covers the resource once this update is written
  await trx
    .updateTable('resources')
    .set({
      identifier: resource.identifier,
      title: resource.title,
      description: resource.description,
      keywords: resource.keywords,
      languages: resource.languages,
      levels: resource.levels,
      disciplines: resource.disciplines,
      themes: resource.themes,
      types: resource.types,
      formats: resource.formats,
      devices: resource.devices,
      cost: resource.cost,
      licence: resource.licence,
      demo_url: resource.demoUrl,
      updated_on: resource.updatedOn,
      lowest_price_cents: lowestPriceCents(resource, live),
      licence_kinds: [...new Set(live.map((offer) => offer.licenceKind))],
      indexed_terms: indexedTermsOf(resource, producer.name),
      facet_ids: facetIdsOf(resource, live, dictionary),
      withdrawn_at: null,
    })
    .where('id', '=', existingId)
    .execute();
  await insertOffers(trx, added, () => producer.id, new Map([[resource.identifier, existingId]]));
  return existingId;
}

/** The day before today in France: an offer closed today can no longer be ordered today. */
const yesterday = () => addDays(todayInFrance(), -1);

/**
 * Takes a resource out of search at once and closes the offers that cover it alone, so nobody orders
 * it any more; orders, subscriptions and proposals already made keep pointing at it and its offers.
 * Bundles that also cover other resources stay open.
 */
export async function withdrawResource(trx: Kysely<Database>, resourceId: number): Promise<void> {
  await trx
    .updateTable('resources')
    .set({ withdrawn_at: sql<Date>`now()` })
    .where('id', '=', resourceId)
    .where('withdrawn_at', 'is', null)
    .execute();
  await trx
    .updateTable('offers')
    .set({ valid_until: yesterday() })
    .where('id', 'in', (eb) =>
      eb.selectFrom('offer_resources as l').select('l.offer_id').where('l.resource_id', '=', resourceId),
    )
    .where('id', 'not in', (eb) =>
      eb
        .selectFrom('offer_resources as other')
        .select('other.offer_id')
        .where('other.resource_id', '<>', resourceId),
    )
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', todayInFrance())]))
    .execute();
}
