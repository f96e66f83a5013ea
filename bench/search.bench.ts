// npm run bench:search [-- --resources N] [--writers N --write-rate R --write-seconds S]: seeds N
// resources (default 100,000) on PostgreSQL when DATABASE_URL is set, else on PGlite, then runs a fixed
// query mix through our search and through a plain baseline (tsvector match + one GROUP BY per facet)
// and prints p50/p95/p99 side by side. With --writers (PostgreSQL), the mix runs again and again for S
// seconds (default 30) while writers insert, update and withdraw resources, and a second node measures
// how soon each write becomes searchable. The last line is one JSON object with every figure.
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { buildApp } from '../src/app.js';
import { createAppContext } from '../src/app-context.js';
import { openPglite, openPostgres, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { countResources } from '../src/modules/catalogue/catalogue.repository.js';
import { buildTsQuery, searchTokens, type SearchQuery } from '../src/modules/catalogue/search-query.js';
import type { CatalogueSearch } from '../src/modules/catalogue/search.service.js';
import { clearCatalogue, seedDemoCatalogue } from '../src/demo/catalogue-seed.js';
import { removeWriterResources, startWriters } from './search-writers.js';
import {
  disciplines,
  formats,
  levels,
  resourceTypes,
  themes,
  type FacetKey,
} from '../src/modules/catalogue/vocabulary.js';

const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    resources: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '240' },
    // At a million resources the baseline takes seconds per query: sample it on every Nth round of
    // the four kinds of query.
    'baseline-every': { type: 'string', default: '1' },
    writers: { type: 'string', default: '0' },
    'write-rate': { type: 'string', default: '50' },
    'write-seconds': { type: 'string', default: '30' },
  },
});
const writers = Number(values.writers);
const writeRate = Number(values['write-rate']);
const writeSeconds = Number(values['write-seconds']);
const resources = Number(values.resources);
const queriesPerRun = Number(values.queries);
const baselineEvery = Math.max(1, Number(values['baseline-every']));

async function openBenchDatabase(): Promise<{ handle: DatabaseHandle; url?: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    // A database of its own, so the bench never overwrites anything else on the server.
    const name = `ccr_bench_${resources}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    return { handle: await openPostgres(target.toString()), url: target.toString() };
  }
  const folder = path.resolve('.bench-data', `pglite-${resources}`);
  fs.mkdirSync(path.dirname(folder), { recursive: true });
  return { handle: await openPglite(folder) };
}

async function ensureSeeded(handle: DatabaseHandle): Promise<number> {
  await migrateToLatest(handle.db as never);
  const existing = await countResources(handle.db);
  if (existing === resources) {
    console.log(`Reusing the seeded catalogue of ${existing} resources.`);
    return 0;
  }
  if (existing > 0) await clearCatalogue(handle.db);
  const started = Date.now();
  let shown = 0;
  await seedDemoCatalogue(handle.db, {
    resources,
    batchSize: 1000,
    onProgress: (done, total, phase) => {
      const percent = Math.floor((done / total) * 100);
      if (percent >= shown + 5 || phase === 'index') {
        shown = percent;
        process.stderr.write(`  seeding ${percent} % (${done}/${total}) ${phase}\n`);
      }
    },
  });
  const seconds = (Date.now() - started) / 1000;
  console.log(`Seeded ${resources} resources in ${seconds.toFixed(1)} s.`);
  return seconds;
}

// The fixed query mix: the same for every run (seeded PRNG), four kinds of query.
type Kind = 'keyword' | 'keyword+2filters' | 'filters' | 'empty';
const keywords = [
  'énergie',
  'volcan',
  'fractions',
  'grammaire',
  'révolution',
  'programmation',
  'anglais',
  'géométrie',
  'climat',
  'lecture',
  'cellule',
  'électricité',
  'cartes',
  'poésie',
  'statistiques',
  'musique',
  'corps humain',
  'manuel',
  'exercices',
  'développement durable',
];

function buildMix(count: number): { kind: Kind; query: SearchQuery }[] {
  const rng = xoroshiro128plus(42);
  const pick = <T>(list: readonly T[]): T => list[uniformInt(rng, 0, list.length - 1)]!;
  const filterPool: [FacetKey, readonly { code: string }[]][] = [
    ['level', levels.filter((l) => !l.parent)],
    ['discipline', disciplines],
    ['format', formats],
    ['type', resourceTypes.slice(0, 5)],
    ['theme', themes],
    ['cost', [{ code: 'no' }, { code: 'yes' }]],
  ];
  const twoFilters = () => {
    const first = pick(filterPool);
    let second = pick(filterPool);
    while (second[0] === first[0]) second = pick(filterPool);
    return { [first[0]]: [pick(first[1]).code], [second[0]]: [pick(second[1]).code] };
  };
  const base = { sort: 'relevance' as const, page: 1, pageSize: 20 };
  const kinds: Kind[] = ['keyword', 'keyword+2filters', 'filters', 'empty'];
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const query: SearchQuery =
      kind === 'keyword'
        ? { ...base, text: pick(keywords), filters: {} }
        : kind === 'keyword+2filters'
          ? { ...base, text: pick(keywords), filters: twoFilters() }
          : kind === 'filters'
            ? { ...base, text: '', filters: twoFilters() }
            : { ...base, text: '', filters: {} };
    return { kind, query };
  });
}

/** The plain way: match with the tsvector, then one GROUP BY over each facet's own column. */
async function baselineSearch(db: Kysely<Database>, query: SearchQuery): Promise<void> {
  const tokens = searchTokens(query.text);
  const where = [];
  if (tokens.length > 0)
    where.push(sql`search @@ to_tsquery('french_unaccent', ${buildTsQuery(tokens, new Map())})`);
  const arrayColumn: Partial<Record<FacetKey, string>> = {
    level: 'levels',
    discipline: 'disciplines',
    theme: 'themes',
    type: 'types',
    format: 'formats',
    device: 'devices',
    licence: 'licence_kinds',
  };
  for (const [facet, codes] of Object.entries(query.filters) as [FacetKey, string[]][]) {
    if (facet === 'cost') where.push(sql`cost = ANY(${codes}::text[])`);
    else if (facet === 'level') where.push(sql`levels && ${codes}::text[]`);
    else where.push(sql`${sql.ref(arrayColumn[facet]!)} && ${codes}::text[]`);
  }
  const condition = where.length > 0 ? sql.join(where, sql` AND `) : sql`TRUE`;
  await sql`SELECT id, title FROM resources WHERE ${condition} ORDER BY id LIMIT 20`.execute(db);
  for (const column of Object.values(arrayColumn)) {
    await sql`SELECT v, count(*) FROM resources, unnest(${sql.ref(column)}) AS v WHERE ${condition} GROUP BY v`.execute(
      db,
    );
  }
  await sql`SELECT cost, count(*) FROM resources WHERE ${condition} GROUP BY cost`.execute(db);
  await sql`SELECT producer_id, count(*) FROM resources WHERE ${condition} GROUP BY producer_id`.execute(db);
  await sql`SELECT width_bucket(lowest_price_cents, ARRAY[1, 2000, 5000, 10000, 30000]), count(*) FROM resources WHERE ${condition} GROUP BY 1`.execute(
    db,
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (n: number) => Math.round(n * 100) / 100;

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function summarise(samples: Map<Kind | 'all', number[]>) {
  const out: Record<string, { p50: number; p95: number; p99: number; n: number }> = {};
  for (const [kind, list] of samples) {
    const sorted = [...list].sort((a, b) => a - b);
    out[kind] = {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      n: sorted.length,
    };
  }
  return out;
}

function toUrl(query: SearchQuery): string {
  const params = new URLSearchParams();
  if (query.text) params.set('q', query.text);
  for (const [facet, codes] of Object.entries(query.filters))
    for (const code of codes ?? []) params.append(facet, code);
  return `/recherche?${params.toString()}`;
}

/** A full collection (npm run bench:search runs node with --expose-gc). */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc)
    throw new Error('Run with node --expose-gc (npm run bench:search does): memory is measured after a GC.');
  gc();
}

/** Heap and typed arrays in use after a collection. */
function memoryInUse(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

interface MixRun {
  ours: Map<Kind | 'all', number[]>;
  baseline: Map<Kind | 'all', number[]>;
  pages: Map<Kind | 'all', number[]>;
  largestPageGzip: number;
}

/**
 * The query mix through our search, the HTML results page and the baseline (unless left out), each in
 * a pass of its own: interleaved, each path paid for the others' garbage and for PostgreSQL still busy
 * with a baseline query, which blurred the percentiles of all three.
 */
async function runMix(
  mix: { kind: Kind; query: SearchQuery }[],
  search: CatalogueSearch,
  app: Awaited<ReturnType<typeof buildApp>>,
  db: Kysely<Database>,
  withBaseline: boolean,
): Promise<MixRun> {
  const run: MixRun = {
    ours: new Map([['all', []]]),
    baseline: new Map([['all', []]]),
    pages: new Map([['all', []]]),
    largestPageGzip: 0,
  };
  const record = (map: Map<Kind | 'all', number[]>, kind: Kind, value: number) => {
    map.set(kind, [...(map.get(kind) ?? []), value]);
    map.get('all')!.push(value);
  };
  collectGarbage();
  for (const { kind, query } of mix) record(run.ours, kind, await time(() => search.search(query)));
  collectGarbage();
  for (const { kind, query } of mix) {
    let html = '';
    const elapsed = await time(async () => {
      const response = await app.inject({ method: 'GET', url: toUrl(query) });
      html = response.body;
    });
    record(run.pages, kind, elapsed);
    run.largestPageGzip = Math.max(run.largestPageGzip, gzipSync(html).length);
  }
  if (withBaseline) {
    for (const [position, { kind, query }] of mix.entries()) {
      if (Math.floor(position / 4) % baselineEvery !== 0) continue;
      record(run.baseline, kind, await time(() => baselineSearch(db, query)));
    }
  }
  return run;
}

async function main(): Promise<void> {
  const { handle, url } = await openBenchDatabase();
  try {
    const seedSeconds = await ensureSeeded(handle);
    await removeWriterResources(handle.db);
    const mix = buildMix(queriesPerRun);
    // One node, as in production: the HTML pages and the direct searches read the same index, built
    // before the clock starts (a page that built its own index on first use once took 30 s).
    const memoryBefore = memoryInUse();
    const context = createAppContext(handle);
    await context.search.warmUp();
    const indexMemoryBytes = memoryInUse() - memoryBefore;
    const coldBuildMs = context.search.stats().lastBuildMs;
    const search = context.search;
    const app = await buildApp(context, { logLevel: 'silent' });

    // Warm-up: caches, plans and the buffer pool, for both paths.
    for (const { query } of mix.slice(0, 20)) {
      await search.search(query);
      await baselineSearch(handle.db, query);
      await app.inject({ method: 'GET', url: toUrl(query) });
    }

    const quiet = await runMix(mix, search, app, handle.db, true);
    const { ours, baseline, pages, largestPageGzip } = quiet;

    let underWrites:
      | { run: MixRun; figures: Awaited<ReturnType<Awaited<ReturnType<typeof startWriters>>['stop']>> }
      | undefined;
    if (writers > 0 && url) {
      // A second node: its own pool and LISTEN connection, its own index.
      const second = await openPostgres(url);
      const secondContext = createAppContext(second);
      await secondContext.search.warmUp();
      const writing = await startWriters(handle.db, secondContext.search, {
        writers,
        ratePerSecond: writeRate,
      });
      // The mix again and again while the writers write, for --write-seconds at least: one pass of
      // the mix takes about a second at 100,000 resources, too few writes to judge.
      const started = performance.now();
      const run = await runMix(mix, search, app, handle.db, false);
      while (performance.now() - started < writeSeconds * 1000) {
        const again = await runMix(mix, search, app, handle.db, false);
        for (const key of ['ours', 'pages'] as const)
          for (const [kind, samples] of again[key])
            run[key].set(kind, [...(run[key].get(kind) ?? []), ...samples]);
        run.largestPageGzip = Math.max(run.largestPageGzip, again.largestPageGzip);
      }
      const figures = await writing.stop();
      await secondContext.search.close();
      await second.close();
      underWrites = { run, figures };
    } else if (writers > 0) {
      console.log('--writers needs PostgreSQL (DATABASE_URL): two nodes cannot share an embedded PGlite.');
    }
    const stats = search.stats();

    // Page weight: the results page and every asset it references, gzip-compressed as served.
    const resultsUrl = toUrl(mix[1]!.query);
    const gzipped = { 'accept-encoding': 'gzip' };
    const page = await app.inject({ method: 'GET', url: resultsUrl, headers: gzipped });
    const resultsPageBytes = page.rawPayload.length;
    const html = (await app.inject({ method: 'GET', url: resultsUrl })).body;
    // A browser loads the module script or the nomodule one, never both.
    const assetUrls = [...html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((url) => !url.includes('nomodule'));
    let assetBytes = 0;
    for (const url of new Set(assetUrls)) {
      const asset = await app.inject({ method: 'GET', url, headers: gzipped });
      assetBytes += asset.rawPayload.length;
    }
    // Fonts the DSFR loads for ordinary text and headings (woff2 is already compressed).
    const fontsDir = path.join(path.dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist', 'fonts');
    const fontBytes = ['Marianne-Regular.woff2', 'Marianne-Bold.woff2', 'Marianne-Medium.woff2'].reduce(
      (sum, file) => sum + fs.statSync(path.join(fontsDir, file)).size,
      0,
    );
    await app.close();

    await search.close();
    const oursSummary = summarise(ours);
    const baselineSummary = summarise(baseline);
    const pageSummary = summarise(pages);
    const writeSummary = underWrites && {
      writers,
      writeRatePerSecond: writeRate,
      writesDone: underWrites.figures.writes,
      writesPerSecondAchieved: round(underWrites.figures.writes / underWrites.figures.seconds),
      inserts: underWrites.figures.inserts,
      updates: underWrites.figures.updates,
      withdrawals: underWrites.figures.withdrawals,
      ours: summarise(underWrites.run.ours),
      htmlPage: summarise(underWrites.run.pages),
      freshnessMs: (() => {
        const sorted = [...underWrites.figures.freshnessMs].sort((a, b) => a - b);
        return {
          p50: round(percentile(sorted, 50)),
          p95: round(percentile(sorted, 95)),
          max: round(sorted[sorted.length - 1] ?? NaN),
          n: sorted.length,
          misses: underWrites.figures.freshnessMisses,
        };
      })(),
    };
    const database = handle.kind;
    console.log(
      `\nSearch latency at ${resources} resources on ${database}, ${mix.length} queries, ms (server side):`,
    );
    console.log(
      'kind'.padEnd(20),
      'ours p50/p95/p99'.padEnd(26),
      'baseline p50/p95/p99'.padEnd(26),
      'p95 ratio',
      '  HTML page p95',
    );
    for (const kind of ['keyword', 'keyword+2filters', 'filters', 'empty', 'all'] as const) {
      const o = oursSummary[kind]!;
      const b = baselineSummary[kind]!;
      console.log(
        kind.padEnd(20),
        `${o.p50} / ${o.p95} / ${o.p99}`.padEnd(26),
        `${b.p50} / ${b.p95} / ${b.p99}`.padEnd(26),
        `${round(b.p95 / o.p95)}×`.padEnd(10),
        `  ${pageSummary[kind]!.p95}`,
      );
    }
    if (writeSummary) {
      console.log(
        `\nWith ${writers} writers at ${writeRate} writes/s (${writeSummary.writesPerSecondAchieved} achieved):`,
      );
      for (const kind of ['keyword', 'keyword+2filters', 'filters', 'empty', 'all'] as const) {
        const quietKind = oursSummary[kind]!;
        const busy = writeSummary.ours[kind]!;
        console.log(
          kind.padEnd(20),
          `quiet ${quietKind.p50} / ${quietKind.p95} / ${quietKind.p99}`.padEnd(32),
          `writing ${busy.p50} / ${busy.p95} / ${busy.p99}`.padEnd(34),
          `  HTML page p95 ${writeSummary.htmlPage[kind]!.p95}`,
        );
      }
      const f = writeSummary.freshnessMs;
      console.log(
        `Freshness on a second node, commit to visible: p50 ${f.p50} ms, p95 ${f.p95} ms, max ${f.max} ms (${f.n} samples, ${f.misses} not seen within 5 s)`,
      );
    }
    console.log(
      `Index: ${(indexMemoryBytes / 2 ** 20).toFixed(0)} MB, cold build ${(coldBuildMs / 1000).toFixed(1)} s; ` +
        `${stats.merges} merges (last build ${(stats.lastBuildMs / 1000).toFixed(1)} s), ${stats.applied} changes applied`,
    );
    const firstVisit = resultsPageBytes + assetBytes + fontBytes;
    console.log(
      `\nResults page: ${resultsPageBytes} B gzip (largest in the mix ${largestPageGzip} B); assets ${assetBytes} B; fonts ${fontBytes} B`,
    );
    console.log(
      `First visit ≈ ${firstVisit} B; repeat visit ≈ ${resultsPageBytes} B (assets cached for a year)`,
    );
    console.log(
      JSON.stringify({
        bench: 'search',
        database,
        resources,
        queries: mix.length,
        baselineQueries: baselineSummary.all!.n,
        seedSeconds: round(seedSeconds),
        ours: oursSummary,
        baseline: baselineSummary,
        htmlPage: pageSummary,
        p95RatioBaselineOverOurs: round(baselineSummary.all!.p95 / oursSummary.all!.p95),
        p95RatioKeywordTwoFilters: round(
          baselineSummary['keyword+2filters']!.p95 / oursSummary['keyword+2filters']!.p95,
        ),
        resultsPageGzipBytes: resultsPageBytes,
        largestResultsPageGzipBytes: largestPageGzip,
        firstVisitBytes: firstVisit,
        repeatVisitBytes: resultsPageBytes,
        indexMemoryMB: round(indexMemoryBytes / 2 ** 20),
        coldBuildSeconds: round(coldBuildMs / 1000),
        merges: stats.merges,
        lastBuildSeconds: round(stats.lastBuildMs / 1000),
        changesApplied: stats.applied,
        ...(writeSummary ? { withWrites: writeSummary } : {}),
      }),
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
