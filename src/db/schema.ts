// Row types of every table, as Kysely sees them. Each module documents its own tables here.
import type { ColumnType, Generated } from 'kysely';

/** 'YYYY-MM-DD' calendar dates: the pg driver is told not to turn them into Date objects. */
type CalendarDate = string;

export interface ProducerTable {
  id: Generated<number>;
  /** Stable slug, used as the producer facet value. */
  code: string;
  name: string;
  /** publisher | platform | public | collaborative | teacher */
  kind: string;
  website: string | null;
}

export interface ResourceTable {
  id: Generated<number>;
  /** Stable identifier, also the ScoLOMfr general.identifier entry (catalog "CCR"). */
  identifier: string;
  title: string;
  description: string;
  keywords: string[];
  producer_id: number;
  authors: string[];
  languages: string[];
  /** Level concept codes as tagged, before cycle expansion. */
  levels: string[];
  disciplines: string[];
  themes: string[];
  types: string[];
  formats: string[];
  devices: string[];
  /** ScoLOMfr voc 026 code: 'no' (free) or 'yes' (paid). */
  cost: string;
  licence: string;
  accessibility: string;
  demo_url: string | null;
  published_on: CalendarDate;
  updated_on: CalendarDate;
  /** publisher | harvested | teacher */
  origin: string;
  /** Lowest price among the resource's own offers (0 when free): drives price sort and band. */
  lowest_price_cents: number;
  licence_kinds: string[];
  /** Labels of producer, disciplines, themes and types: searched with the keywords. */
  indexed_terms: string;
  /** Every facet value of the resource as ids of facet_values, for filters and counts. */
  facet_ids: number[];
  /** Maintained by a trigger from title, keywords, indexed_terms and description. */
  search: ColumnType<string, never, never>;
}

export interface OfferTable {
  id: Generated<number>;
  producer_id: number;
  label: string;
  price_cents: number;
  /** normal | adopter */
  tariff: string;
  /** single-seat | multi-seat | class | establishment | open */
  licence_kind: string;
  /** Seats covered, for multi-seat licences; null otherwise. */
  seats: number | null;
  /** Subscription length in months; null means perpetual. */
  duration_months: number | null;
  /** access-url | licence-key | shipment */
  delivery: string;
  /** Establishment types or level codes the offer is reserved to; empty means everyone. */
  eligibility: string[];
  valid_from: CalendarDate;
  valid_until: CalendarDate | null;
}

/** Which resources an offer covers: one row for a plain offer, several for a bundle. */
export interface OfferResourceTable {
  offer_id: number;
  resource_id: number;
}

/** Dictionary of facet values: resources store their ids, the API speaks codes and labels. */
export interface FacetValueTable {
  id: Generated<number>;
  facet: string;
  code: string;
  label: string;
}

/** Distinct words of the catalogue, for typo tolerance and spelling suggestions. */
export interface SearchTermTable {
  term: string;
  documents: number;
}

/** One row, bumped by triggers whenever the catalogue changes: caches key on it. */
export interface CatalogueRevisionTable {
  id: number;
  revision: number;
}

export interface Database {
  producers: ProducerTable;
  resources: ResourceTable;
  offers: OfferTable;
  offer_resources: OfferResourceTable;
  facet_values: FacetValueTable;
  search_terms: SearchTermTable;
  catalogue_revision: CatalogueRevisionTable;
}
