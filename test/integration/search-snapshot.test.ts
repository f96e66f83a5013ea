// The search index follows the catalogue's change log: a write reaches searches within a second
// without a rebuild, a vocabulary change triggers one in the background, searches never wait for either,
// and a node without any snapshot yet says so (503 + Retry-After) instead of hanging.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createAppContext } from '../../src/app-context.js';
import { CatalogueSearch } from '../../src/modules/catalogue/search.service.js';
import { parseSearchQuery } from '../../src/modules/catalogue/search-query.js';
import { AppError } from '../../src/shared/errors.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** Renames a resource with a word no other resource has, as any writer would (plain SQL). */
async function renameResource(word: string, offset = 0): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    UPDATE resources SET title = ${`Ressource ${word}`}
    WHERE id = (SELECT id FROM resources ORDER BY id OFFSET ${offset} LIMIT 1) RETURNING id`.execute(
    database.db,
  );
  return rows[0]!.id;
}

const totalFor = async (search: CatalogueSearch, text: string) =>
  (await search.search(parseSearchQuery({ q: text }))).total;

/** Milliseconds until `found` holds, asking every 20 ms; fails after `limitMs`. */
async function millisecondsUntil(found: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await found()) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`not visible after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the search index follows the change log', () => {
  it('applies a write as a change, without rebuilding the index', async () => {
    const search = new CatalogueSearch(database.db);
    try {
      await search.warmUp();
      expect(search.stats().builds).toBe(1);
      const id = await renameResource('zorglubienne');
      await search.refreshed();
      expect(await totalFor(search, 'zorglubienne')).toBe(1);
      // The old version of the document no longer matches: the rename replaced it.
      await sql`UPDATE resources SET title = 'Ressource marsupilamienne' WHERE id = ${id}`.execute(
        database.db,
      );
      await search.refreshed();
      expect(await totalFor(search, 'zorglubienne')).toBe(0);
      expect(await totalFor(search, 'marsupilamienne')).toBe(1);
      expect(search.stats()).toMatchObject({ builds: 1, pendingChanges: 1 });
      expect(search.stats().applied).toBeGreaterThanOrEqual(2);
    } finally {
      await search.close();
    }
  });

  it('shows a write to searches within 2 s (1 s aimed at) without being asked to refresh', async () => {
    const search = new CatalogueSearch(database.db);
    try {
      await search.warmUp();
      await renameResource('houbapienne', 3);
      const elapsed = await millisecondsUntil(
        async () => (await totalFor(search, 'houbapienne')) === 1,
        2_000,
      );
      console.log(`write visible to search after ${elapsed.toFixed(0)} ms (${database.kind})`);
    } finally {
      await search.close();
    }
  });

  it('rebuilds in the background when the vocabulary changes; searches go on meanwhile', async () => {
    const search = new CatalogueSearch(database.db);
    try {
      await search.warmUp();
      const { rows } = await sql<{ id: number; facet: string; code: string }>`
        SELECT id, facet, code FROM facet_values WHERE facet = 'discipline' ORDER BY id LIMIT 1`.execute(
        database.db,
      );
      const value = rows[0]!;
      await sql`UPDATE facet_values SET label = 'Discipline renommée' WHERE id = ${value.id}`.execute(
        database.db,
      );
      // Searches are answered while the build runs (from the snapshot they had).
      expect((await search.search(parseSearchQuery({}))).total).toBeGreaterThan(0);
      await search.refreshed();
      expect(search.stats().builds).toBe(2);
      const dictionary = await search.dictionary();
      expect(dictionary.byIdentifier(value.id)?.label).toBe('Discipline renommée');
    } finally {
      await search.close();
    }
  });

  it('tells a search to come back while the node has no snapshot yet', async () => {
    const search = new CatalogueSearch(database.db, { firstBuildWaitMs: 0 });
    try {
      const refused = await search.search(parseSearchQuery({ q: 'chimie' })).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('SEARCH_NOT_READY');
      await search.refreshed();
      expect((await search.search(parseSearchQuery({}))).total).toBeGreaterThan(0);
    } finally {
      await search.close();
    }
  });
});

describe('a node whose index is not built yet', () => {
  it('answers 503 with Retry-After on the API and a French page on the site', async () => {
    const context = {
      ...createAppContext(database, { sessionCacheSeconds: 0 }),
      search: new CatalogueSearch(database.db, { firstBuildWaitMs: 0 }),
    };
    const app = await buildApp(context, { logLevel: 'silent' });
    try {
      const api = await app.inject({ method: 'GET', url: '/api/resources?q=chimie' });
      expect(api.statusCode).toBe(503);
      expect(api.headers['retry-after']).toBe('5');
      expect(api.json()).toMatchObject({ error: { code: 'SEARCH_NOT_READY' } });

      const page = await app.inject({ method: 'GET', url: '/recherche?q=chimie' });
      expect(page.statusCode).toBe(503);
      expect(page.headers['retry-after']).toBe('5');
      expect(page.body).toContain('en cours de construction');
      expect(page.body).not.toMatch(/at .*\.ts:\d+/);

      // Pages that do not search are served meanwhile.
      expect((await app.inject('/health')).statusCode).toBe(200);
      await context.search.refreshed();
      expect((await app.inject({ method: 'GET', url: '/api/resources?q=chimie' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
