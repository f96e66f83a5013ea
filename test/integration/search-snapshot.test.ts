// Searches never wait for an index rebuild: they read the last complete snapshot while one build runs
// in the background, and a node without any snapshot yet says so (503 + Retry-After) instead of hanging.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createAppContext } from '../../src/app-context.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { CatalogueSearch } from '../../src/modules/catalogue/search.service.js';
import { parseSearchQuery } from '../../src/modules/catalogue/search-query.js';
import { AppError } from '../../src/shared/errors.js';
import { createTestDatabase } from '../support/database.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** Renames one resource with a word no other resource has, as any writer would (plain SQL). */
async function renameResource(word: string): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    UPDATE resources SET title = ${`Ressource ${word}`}
    WHERE id = (SELECT min(id) FROM resources) RETURNING id`.execute(database.db);
  return rows[0]!.id;
}

const totalFor = async (search: CatalogueSearch, text: string) =>
  (await search.search(parseSearchQuery({ q: text }))).total;

describe('the search snapshot', () => {
  it('keeps answering from the last complete snapshot while the next one builds', async () => {
    const search = new CatalogueSearch(database.db);
    await search.warmUp();
    const before = search.stats();

    await renameResource('zorglubienne');
    // The write started a build, but this search is answered from the snapshot before it.
    expect(await totalFor(search, 'zorglubienne')).toBe(0);

    await search.refreshed();
    expect(await totalFor(search, 'zorglubienne')).toBe(1);
    expect(search.stats().revision).toBeGreaterThan(before.revision!);
  });

  it('runs one build at a time however many searches arrive during it', async () => {
    const search = new CatalogueSearch(database.db);
    await search.warmUp();
    const buildsBefore = search.stats().builds;

    await renameResource('marsupilamienne');
    const answers = await Promise.all(Array.from({ length: 20 }, () => totalFor(search, 'marsupilamienne')));
    expect(answers.every((total) => total === 0)).toBe(true);
    await search.refreshed();
    // The 20 searches shared one build (refreshed() needs no other: nothing was written meanwhile).
    expect(search.stats().builds).toBe(buildsBefore + 1);
    expect(await totalFor(search, 'marsupilamienne')).toBe(1);
  });

  it('tells a search to come back while the node has no snapshot yet', async () => {
    const search = new CatalogueSearch(database.db, { firstBuildWaitMs: 0 });
    const refused = await search.search(parseSearchQuery({ q: 'chimie' })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('SEARCH_NOT_READY');
    await search.refreshed();
    expect((await search.search(parseSearchQuery({}))).total).toBeGreaterThan(0);
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
