// Shapes rows for the JSON API: codes with French labels, never raw database rows.
import type { ResourceInput } from './catalogue.types.js';
import type { OfferRow, ResourceRow } from './resource.repository.js';
import type { ResultRow } from './search.repository.js';
import {
  costs,
  devices,
  disciplines,
  formats,
  labelOf,
  levels,
  licenceKinds,
  licences,
  resourceTypes,
  themes,
  type Concept,
} from './vocabulary.js';

export function resourcePath(identifier: string): string {
  return `/ressources/${encodeURIComponent(identifier)}`;
}

const labelled = (vocabulary: readonly Concept[], codes: readonly string[]) =>
  codes.map((code) => {
    const concept = vocabulary.find((c) => c.code === code);
    return { value: code, label: concept?.label ?? code, ...(concept?.uri ? { uri: concept.uri } : {}) };
  });

/** One code with its label: a resource has exactly one cost and one licence. */
const labelledOne = (vocabulary: readonly Concept[], code: string) => labelled(vocabulary, [code])[0]!;

export function presentResultItem(row: ResultRow) {
  return {
    id: row.identifier,
    title: row.title,
    summary: row.summary,
    url: resourcePath(row.identifier),
    producer: { code: row.producer_code, name: row.producer_name },
    cost: labelledOne(costs, row.cost),
    lowestPriceCents: row.lowest_price_cents,
    levels: labelled(levels, row.levels),
    disciplines: labelled(disciplines, row.disciplines),
    types: labelled(resourceTypes, row.types),
    formats: labelled(formats, row.formats),
    publishedOn: row.published_on,
  };
}

export const tariffLabels = { normal: 'tarif normal', adopter: 'tarif adoptant' } as const;
export const deliveryLabels = {
  'access-url': 'accès en ligne',
  'licence-key': 'clé de licence',
  shipment: 'envoi postal',
} as const;

export function presentOffer(offer: OfferRow) {
  return {
    id: offer.id,
    label: offer.label,
    priceCents: offer.price_cents,
    tariff: {
      value: offer.tariff,
      label: tariffLabels[offer.tariff as keyof typeof tariffLabels] ?? offer.tariff,
    },
    licence: { value: offer.licence_kind, label: labelOf(licenceKinds, offer.licence_kind) },
    seats: offer.seats,
    durationMonths: offer.duration_months,
    delivery: {
      value: offer.delivery,
      label: deliveryLabels[offer.delivery as keyof typeof deliveryLabels] ?? offer.delivery,
    },
    eligibility: offer.eligibility,
    validFrom: offer.valid_from,
    validUntil: offer.valid_until,
    bundle: offer.covers.length > 1,
    covers: offer.covers.map((item) => ({ ...item, url: resourcePath(item.identifier) })),
  };
}

export function presentResource(resource: ResourceRow, offers: readonly OfferRow[]) {
  return {
    id: resource.identifier,
    scolomfrIdentifier: { catalog: 'CCR', entry: resource.identifier },
    title: resource.title,
    description: resource.description,
    keywords: resource.keywords,
    url: resourcePath(resource.identifier),
    producer: {
      code: resource.producer_code,
      name: resource.producer_name,
      kind: resource.producer_kind,
      website: resource.producer_website,
    },
    authors: resource.authors,
    languages: resource.languages,
    levels: labelled(levels, resource.levels),
    disciplines: labelled(disciplines, resource.disciplines),
    themes: labelled(themes, resource.themes),
    types: labelled(resourceTypes, resource.types),
    formats: labelled(formats, resource.formats),
    devices: labelled(devices, resource.devices),
    cost: labelledOne(costs, resource.cost),
    licence: labelledOne(licences, resource.licence),
    accessibility: resource.accessibility,
    demoUrl: resource.demo_url,
    publishedOn: resource.published_on,
    updatedOn: resource.updated_on,
    // Written only as a ResourceInput origin (catalogue.types.ts); the row type says string.
    origin: resource.origin as ResourceInput['origin'],
    source: resource.source_name
      ? { name: resource.source_name, recordUrl: resource.source_record_url }
      : null,
    lowestPriceCents: resource.lowest_price_cents,
    withdrawnAt: resource.withdrawn_at ? new Date(resource.withdrawn_at).toISOString() : null,
    offers: offers.map(presentOffer),
  };
}
