// The sitemap kind of source (schema.org LearningResource JSON-LD, OERSI-style) against a local HTTP
// server: a first harvest takes every page listed, rejects a page without JSON-LD and one whose resource
// breaks the notice rules, each with its reason; the next harvest reads only the pages changed since
// (by lastmod), withdraws a page that answers 410 and a page the sitemap no longer lists. A sitemap that
// is HTML, malformed or declares entities fails the run with a clear message and writes nothing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueSearch } from '../../src/modules/catalogue/search.service.js';
import { parseSearchQuery } from '../../src/modules/catalogue/search-query.js';
import { listRuns } from '../../src/modules/harvest/harvest.repository.js';
import { registerSource, runHarvest } from '../../src/modules/harvest/harvest.service.js';
import type { OaiClientOptions } from '../../src/modules/harvest/oai-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let search: CatalogueSearch;
let server: http.Server;
let base: string;
let producerCode: string;

const CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';
const fast: OaiClientOptions = { timeoutMs: 2_000, retries: 1, backoffMs: 10 };

/** What the fake catalogue publishes: its sitemap's entries and its pages, changed by the tests. */
let sitemap: { path: string; lastmod?: string }[] = [];
const pages = new Map<string, { status: number; type: string; body: string }>();
const fetched: string[] = [];
let sitemapBody: string | null = null;

function htmlPage(resource: Record<string, unknown>): { status: number; type: string; body: string } {
  const jsonLd = JSON.stringify({ '@context': 'https://schema.org', ...resource });
  return {
    status: 200,
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="fr"><head><title>x</title><script type="application/ld+json">${jsonLd}</script></head><body><h1>x</h1></body></html>`,
  };
}

function learningResource(slug: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    '@type': 'LearningResource',
    '@id': `${base}/oer/${slug}`,
    name,
    description: `Une ressource libre : ${name}.`,
    inLanguage: 'fr',
    educationalLevel: { '@type': 'DefinedTerm', name: 'CM1' },
    about: { '@type': 'DefinedTerm', '@id': `${CONCEPT}scolomfr-voc-015-num-054` },
    license: 'https://creativecommons.org/licenses/by/4.0/',
    isAccessibleForFree: true,
    ...extra,
  };
}

function sitemapXml(): string {
  const urls = sitemap
    .map(
      (entry) =>
        `<url><loc>${base}${entry.path}</loc>${entry.lastmod ? `<lastmod>${entry.lastmod}</lastmod>` : ''}</url>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`;
}

async function harvestOnce(name: string) {
  const source = await database.db
    .selectFrom('harvest_sources')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  const id =
    source?.id ??
    (
      await registerSource(database.db, {
        name,
        kind: 'sitemap',
        baseUrl: `${base}/${name}/sitemap.xml`,
        producerCode,
      })
    ).id;
  fetched.length = 0;
  return runHarvest(database.db, id, { client: fast });
}

async function resourcesOf(name: string) {
  return database.db
    .selectFrom('resources as r')
    .innerJoin('harvest_sources as s', 's.id', 'r.source_id')
    .select(['r.identifier', 'r.title', 'r.origin', 'r.withdrawn_at', 'r.source_record_id'])
    .where('s.name', '=', name)
    .orderBy('r.identifier')
    .execute();
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const path = new URL(request.url!, 'http://localhost').pathname;
    fetched.push(path);
    if (path.endsWith('/sitemap.xml')) {
      response.writeHead(200, { 'content-type': 'application/xml' });
      return response.end(sitemapBody ?? sitemapXml());
    }
    const page = pages.get(path);
    if (!page) {
      response.writeHead(404);
      return response.end();
    }
    response.writeHead(page.status, { 'content-type': page.type });
    response.end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  database = await createTestDatabase();
  producerCode = (
    await database.db.selectFrom('producers').select('code').orderBy('id').executeTakeFirstOrThrow()
  ).code;
  search = new CatalogueSearch(database.db, { firstBuildWaitMs: 60_000 });
  await search.warmUp();
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await search?.close();
  await database?.close();
});

describe('a sitemap of schema.org LearningResource pages', () => {
  it('takes every page listed, rejecting a page without JSON-LD and a resource without a name, with reasons', async () => {
    pages.set('/oer/a.html', htmlPage(learningResource('a', 'Qwzfraction en ligne')));
    pages.set('/oer/b.json', {
      status: 200,
      type: 'application/ld+json',
      body: JSON.stringify(learningResource('b', 'Qwzgéométrie plane')),
    });
    pages.set('/oer/c.html', htmlPage(learningResource('c', 'Qwzproportions')));
    pages.set('/oer/plain.html', { status: 200, type: 'text/html', body: '<html><body>Rien</body></html>' });
    pages.set('/oer/nameless.html', htmlPage(learningResource('nameless', '')));
    sitemap = [
      { path: '/oer/a.html', lastmod: '2026-11-01' },
      { path: '/oer/b.json', lastmod: '2026-11-02T10:00:00+01:00' },
      { path: '/oer/c.html' },
      { path: '/oer/plain.html', lastmod: '2026-11-01' },
      { path: '/oer/nameless.html', lastmod: '2026-11-01' },
    ];
    const summary = await harvestOnce('oer');
    expect(summary).toMatchObject({
      status: 'succeeded',
      harvested: 5,
      created: 3,
      rejected: 2,
      lastDatestamp: '2026-11-02T09:00:00Z',
    });
    const reasons = Object.fromEntries(summary.rejections.map((r) => [r.identifier, r.reasons.join(' ')]));
    expect(reasons[`${base}/oer/plain.html`]).toContain('aucune ressource schema.org LearningResource');
    expect(reasons[`${base}/oer/nameless.html`]).toContain('La notice doit avoir un titre');
    const stored = await resourcesOf('oer');
    expect(stored.map((row) => [row.title, row.origin, row.withdrawn_at])).toEqual([
      ['Qwzfraction en ligne', 'harvested', null],
      ['Qwzgéométrie plane', 'harvested', null],
      ['Qwzproportions', 'harvested', null],
    ]);
    expect(stored[0]!.source_record_id).toBe(`${base}/oer/a.html`);
    await search.refreshed();
    const found = await search.search(parseSearchQuery({ q: 'qwzfraction' }));
    expect(found.total).toBe(1);
    // Under the same facets as every resource: the level and discipline came from the JSON-LD's terms.
    const filtered = await search.search(
      parseSearchQuery({ source: 'oer', discipline: 'scolomfr-voc-015-num-054' }),
    );
    expect(filtered.total).toBe(3);
  });

  it('next time reads only the pages changed since, withdraws a page gone (410) and one no longer listed', async () => {
    pages.set('/oer/a.html', htmlPage(learningResource('a', 'Qwzfraction revue')));
    pages.set('/oer/b.json', { status: 410, type: 'text/plain', body: 'Gone' });
    sitemap = [
      { path: '/oer/a.html', lastmod: '2026-11-20' },
      { path: '/oer/b.json', lastmod: '2026-11-20' },
      // c is no longer listed: removed at the source.
      { path: '/oer/plain.html', lastmod: '2026-11-01' },
      { path: '/oer/nameless.html', lastmod: '2026-11-01' },
    ];
    const summary = await harvestOnce('oer');
    expect(summary).toMatchObject({ status: 'succeeded', updated: 1, deleted: 2, rejected: 0 });
    // The unchanged pages were not fetched again.
    expect(fetched).not.toContain('/oer/plain.html');
    expect(fetched).not.toContain('/oer/nameless.html');
    const stored = await resourcesOf('oer');
    expect(stored.map((row) => [row.title, row.withdrawn_at !== null])).toEqual([
      ['Qwzfraction revue', false],
      ['Qwzgéométrie plane', true],
      ['Qwzproportions', true],
    ]);
    await search.refreshed();
    expect((await search.search(parseSearchQuery({ q: 'qwzproportions' }))).total).toBe(0);
  });

  it.each([
    ['HTML instead of a sitemap', '<!doctype html><html><body>Accueil</body></html>', 'page HTML'],
    ['malformed XML', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>', 'mal formé'],
    [
      'a billion-laughs DOCTYPE',
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&b;</loc></url></urlset>',
      'DOCTYPE',
    ],
  ])('fails the run on %s, says why and writes nothing', async (_case, body, message) => {
    sitemapBody = body;
    try {
      const before = await database.db
        .selectFrom('resources')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      const summary = await harvestOnce('broken');
      expect(summary.status).toBe('failed');
      expect(summary.error).toContain(message);
      const after = await database.db
        .selectFrom('resources')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      expect(after.count).toBe(before.count);
      const source = await database.db
        .selectFrom('harvest_sources')
        .select('id')
        .where('name', '=', 'broken')
        .executeTakeFirstOrThrow();
      const run = (await listRuns(database.db, source.id)).at(-1);
      expect(run).toMatchObject({ status: 'failed' });
      expect(run!.error).toContain(message);
    } finally {
      sitemapBody = null;
    }
  });
});
