// What the catalogue accepts when a resource is written (seed, publisher submission, harvest).
export interface ProducerInput {
  code: string;
  name: string;
  kind: 'publisher' | 'platform' | 'public' | 'collaborative' | 'teacher';
  website: string | null;
}

export interface ResourceInput {
  identifier: string;
  title: string;
  description: string;
  keywords: string[];
  producerCode: string;
  authors: string[];
  languages: string[];
  levels: string[];
  disciplines: string[];
  themes: string[];
  types: string[];
  formats: string[];
  devices: string[];
  cost: 'no' | 'yes';
  licence: string;
  accessibility: string;
  demoUrl: string | null;
  publishedOn: string;
  updatedOn: string;
  origin: 'publisher' | 'harvested' | 'teacher';
}

export interface OfferInput {
  producerCode: string;
  label: string;
  priceCents: number;
  tariff: 'normal' | 'adopter';
  licenceKind: 'single-seat' | 'multi-seat' | 'class' | 'establishment' | 'open';
  seats: number | null;
  durationMonths: number | null;
  delivery: 'access-url' | 'licence-key' | 'shipment';
  eligibility: string[];
  validFrom: string;
  validUntil: string | null;
  /** One identifier for a plain offer, several for a bundle. */
  resourceIdentifiers: string[];
}

export interface CatalogueEntry {
  resource: ResourceInput;
  /** Offers introduced with this resource (a bundle may also cover resources written before). */
  offers: OfferInput[];
  /** A harvested resource's source and record, written with it; the source's facet value added. */
  source?: { sourceId: number; recordId: string; recordUrl: string | null; facetId: number | null };
}
