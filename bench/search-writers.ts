// Catalogue writers for bench:search --writers N --write-rate R: N writers that insert, update and
// withdraw resources at R writes per second in all, through the same SQL as any writer (the change log's
// row triggers see them), while the query mix runs. One write at a time carries a marker word; a probe
// asks a second node’s search for it every 25 ms, which gives the freshness from commit to visible.
// Every resource the writers create is deleted at the end, so the seeded catalogue stays as it was.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { generateDemoCatalogue, demoProducers } from '../src/demo/catalogue.js';
import { insertCatalogueBatch, producerIdsByCode } from '../src/modules/catalogue/catalogue.repository.js';
import { loadFacetDictionary } from '../src/modules/catalogue/facet-dictionary.js';
import { parseSearchQuery } from '../src/modules/catalogue/search-query.js';
import type { CatalogueSearch } from '../src/modules/catalogue/search.service.js';

const IDENTIFIER_PREFIX = 'bench-writer-';

export interface WriterFigures {
  writes: number;
  inserts: number;
  updates: number;
  withdrawals: number;
  seconds: number;
  /** Milliseconds from commit to visible on the second node. */
  freshnessMs: number[];
  /** Markers never seen within 5 s. */
  freshnessMisses: number;
}

export async function removeWriterResources(db: Kysely<Database>): Promise<void> {
  await sql`DELETE FROM resources WHERE identifier LIKE ${`${IDENTIFIER_PREFIX}%`}`.execute(db);
}

/** Starts the writers; `stop()` ends them and returns what they did. */
export async function startWriters(
  db: Kysely<Database>,
  secondNode: CatalogueSearch,
  options: { writers: number; ratePerSecond: number },
): Promise<{ stop: () => Promise<WriterFigures> }> {
  const dictionary = await loadFacetDictionary(db);
  const producerIds = await producerIdsByCode(db);
  const producerNames = new Map(demoProducers().map((producer) => [producer.code, producer.name]));
  // Realistic resources from the demo generator, on a seed of their own, without offers.
  const source = generateDemoCatalogue(1_000_000, 77);
  const figures: WriterFigures = {
    writes: 0,
    inserts: 0,
    updates: 0,
    withdrawals: 0,
    seconds: 0,
    freshnessMs: [],
    freshnessMisses: 0,
  };
  const owned: number[] = [];
  let sequence = 0;
  let probing = false;
  /** The resource carrying the marker being probed: no later write may change or remove it meanwhile. */
  let markedId: number | undefined;
  const probeErrors: unknown[] = [];
  let running = true;
  const started = performance.now();

  /** Follows one marker until the second node's search finds it. */
  const probe = async (marker: string, committedAt: number) => {
    probing = true;
    try {
      for (;;) {
        const result = await secondNode.search(parseSearchQuery({ q: marker, pageSize: '1' }));
        const elapsed = performance.now() - committedAt;
        if (result.total > 0) {
          figures.freshnessMs.push(elapsed);
          return;
        }
        if (elapsed > 5_000) {
          figures.freshnessMisses += 1;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      probing = false;
      markedId = undefined;
    }
  };

  /** One of the writers' resources, never the one being probed. */
  const pickOwned = (): number => {
    const at = sequence % owned.length;
    const id = owned[at]!;
    return id === markedId ? owned[(at + 1) % owned.length]! : id;
  };

  const writeOnce = async () => {
    sequence += 1;
    // A marker only when no probe is running: one freshness sample at a time.
    const action = owned.length < 20 ? 0 : sequence % 3;
    // Taken at once, so two writers running side by side never both carry a marker.
    const marker = probing || action === 2 ? undefined : `zqmarque${sequence}b`;
    if (marker) probing = true;
    if (action === 0) {
      const next = source.next();
      if (next.done) throw new Error('The demo generator ran out of resources');
      const entry = next.value;
      const identifier = `${IDENTIFIER_PREFIX}${sequence}-${Date.now()}`;
      const title = marker ? `${entry.resource.title} ${marker}` : entry.resource.title;
      await insertCatalogueBatch(
        db,
        [{ resource: { ...entry.resource, identifier, title }, offers: [] }],
        dictionary,
        producerIds,
        producerNames,
      );
      const row = await db
        .selectFrom('resources')
        .select('id')
        .where('identifier', '=', identifier)
        .executeTakeFirstOrThrow();
      owned.push(row.id);
      if (marker) markedId = row.id;
      figures.inserts += 1;
    } else if (action === 1) {
      const id = pickOwned();
      if (marker) markedId = id;
      await sql`
        UPDATE resources SET title = ${`Ressource mise à jour ${marker ?? sequence}`}, updated_on = CURRENT_DATE
        WHERE id = ${id}`.execute(db);
      figures.updates += 1;
    } else {
      const id = pickOwned();
      owned.splice(owned.indexOf(id), 1);
      await sql`DELETE FROM resources WHERE id = ${id}`.execute(db);
      figures.withdrawals += 1;
    }
    figures.writes += 1;
    if (marker) {
      probe(marker, performance.now()).catch((error: unknown) => {
        probing = false;
        probeErrors.push(error);
      });
    }
  };

  const intervalMs = (1000 * options.writers) / options.ratePerSecond;
  const loops = Array.from({ length: options.writers }, async (_, writer) => {
    let next = performance.now() + (intervalMs * writer) / options.writers;
    while (running) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      next += intervalMs;
      await writeOnce();
    }
  });

  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      figures.seconds = (performance.now() - started) / 1000;
      while (probing) await new Promise((resolve) => setTimeout(resolve, 10));
      await removeWriterResources(db);
      if (probeErrors.length > 0) throw probeErrors[0];
      return figures;
    },
  };
}
