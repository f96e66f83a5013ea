// Loads the deterministic demo catalogue into the database in batches, reporting progress.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CatalogueEntry } from '../modules/catalogue/catalogue.types.js';
import {
  countResources,
  insertCatalogueBatch,
  insertProducers,
  producerIdsByCode,
  rebuildSearchTerms,
} from '../modules/catalogue/catalogue.repository.js';
import { demoProducers, generateDemoCatalogue } from './catalogue.js';
import { loadFacetDictionary, syncVocabularyFacetValues } from '../modules/catalogue/facet-dictionary.js';

export interface SeedOptions {
  resources: number;
  seed?: number;
  batchSize?: number;
  /** Called after each batch, and once at the end with the phase 'index'. */
  onProgress?: (done: number, total: number, phase: 'load' | 'index') => void;
}

/** Empties the catalogue tables (seed --reset). */
export async function clearCatalogue(db: Kysely<Database>): Promise<void> {
  await sql`TRUNCATE offer_resources, offers, resources, search_terms, facet_values, producers RESTART IDENTITY CASCADE`.execute(
    db,
  );
}

export async function seedDemoCatalogue(
  db: Kysely<Database>,
  options: SeedOptions,
): Promise<{ resources: number; offers: number }> {
  const batchSize = options.batchSize ?? 500;
  await syncVocabularyFacetValues(db);
  const producers = demoProducers();
  await insertProducers(db, producers);
  const dictionary = await loadFacetDictionary(db);
  const producerIds = await producerIdsByCode(db);
  const producerNames = new Map(producers.map((producer) => [producer.code, producer.name]));

  let batch: CatalogueEntry[] = [];
  let done = 0;
  let offers = 0;
  for (const entry of generateDemoCatalogue(options.resources, options.seed ?? 2012)) {
    batch.push(entry);
    offers += entry.offers.length;
    if (batch.length === batchSize) {
      await insertCatalogueBatch(db, batch, dictionary, producerIds, producerNames);
      done += batch.length;
      batch = [];
      options.onProgress?.(done, options.resources, 'load');
    }
  }
  await insertCatalogueBatch(db, batch, dictionary, producerIds, producerNames);
  done += batch.length;
  options.onProgress?.(done, options.resources, 'load');
  await rebuildSearchTerms(db);
  // Fresh statistics so the planner picks the GIN indexes right after a bulk load.
  await sql`ANALYZE`.execute(db);
  options.onProgress?.(done, options.resources, 'index');
  return { resources: await countResources(db), offers };
}
