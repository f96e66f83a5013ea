// npm run bench:stats: the public statistics at a million order lines, on PostgreSQL.
//
// Creates a fresh database (bench_stats on the server of DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432), seeds a catalogue (--resources), the 30 academies, establishments
// (--establishments) with a drawing right each, then writes --lines order lines in bulk SQL
// (generate_series): orders of three lines over 24 months, 4 % of the lines rejected and 3 % of
// the orders cancelled afterwards, each order's debit in the ledger. The statement-level triggers queue
// every line as the real write path does; the first fold (timed) builds the aggregates. --reuse takes
// the database a previous run loaded instead, and times its upgrade to the latest migrations.
// Then, through the real app (fastify.inject, HTTP included, no sign-in), it measures the p95 of each
// public statistics page and API answer (--requests each, after a warm-up), whole history and with a
// period: a month, a calendar year and a school year (kept by the fold) and two ranges that are none of
// them (their distinct establishments come from the spans); the p95 of reads while orders stream in
// (--stream-orders per second for --stream-seconds, the app's background fold running); a read right
// after a burst of 300 new lines, which folds them itself; and in the same run the p95 of the
// straightforward GROUP BY queries they replace (--baseline runs each) and the ratio.
// Last line: one JSON object {"bench":"stats",...}.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { createAppContext } from '../src/app-context.js';
import { openPostgres } from '../src/db/database.js';
import type { Database } from '../src/db/schema.js';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemoCatalogue } from '../src/demo/catalogue-seed.js';
import { defaultRules } from '../src/modules/funding/campaign-rules.js';
import { seedReferenceData } from '../src/modules/funding/reference-data.js';
import { StatisticsFolder } from '../src/modules/statistics/statistics-folder.js';
import {
  consumptionFromLedger,
  foldStatistics,
  groupByFromOrders,
} from '../src/modules/statistics/statistics.repository.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    establishments: { type: 'string', default: '20000' },
    resources: { type: 'string', default: '5000' },
    requests: { type: 'string', default: '40' },
    'stream-orders': { type: 'string', default: '20' },
    'stream-seconds': { type: 'string', default: '20' },
    reuse: { type: 'boolean', default: false },
    baseline: { type: 'string', default: '5' },
  },
});
const LINES = Number(values.lines);
const ESTABLISHMENTS = Number(values.establishments);
const RESOURCES = Number(values.resources);
const REQUESTS = Number(values.requests);
const STREAM_ORDERS_PER_SECOND = Number(values['stream-orders']);
const STREAM_SECONDS = Number(values['stream-seconds']);
const BASELINE_RUNS = Number(values.baseline);
type Db = Kysely<Database>;
const REUSE = values.reuse;
const DB_NAME = 'bench_stats';

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
})();

async function admin(text: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const p95 = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
};
interface Figures {
  orders: number;
  lines: number;
  establishments: number;
  amount_cents: number;
}
const round = (ms: number) => Math.round(ms * 10) / 10;
const log = (text: string) => process.stderr.write(`${text}\n`);

/** The paid offers, numbered: the bench's orders pick among them. */
async function createBenchOffers(db: Db) {
  await sql`
    CREATE TABLE IF NOT EXISTS bench_offers AS
    SELECT row_number() OVER (ORDER BY id) AS n, id, producer_id, label, price_cents, licence_kind, delivery
    FROM offers WHERE price_cents > 0`.execute(db);
}

/** A fresh database: the catalogue, the establishments, the million lines, then the first fold (timed). */
async function load(db: Db) {
  await migrateToLatest(db as never);
  log(`Seeding ${RESOURCES} resources, the academies, ${ESTABLISHMENTS} establishments…`);
  await seedDemoCatalogue(db, { resources: RESOURCES });
  await seedReferenceData(db);
  const started = performance.now();
  await sql`
    INSERT INTO establishments (uai, name, type, sector, pupils, department_code, academy_id)
    SELECT lpad(i::text, 7, '0') || 'B', 'Établissement ' || i,
           (ARRAY['ecole', 'college', 'lgt', 'lp'])[1 + i % 4], 'public', 300, d.code, d.academy_id
    FROM generate_series(1, ${ESTABLISHMENTS}) AS i
    JOIN LATERAL (SELECT code, academy_id FROM departments ORDER BY code OFFSET i % (SELECT count(*) FROM departments) LIMIT 1) d ON true`.execute(
    db,
  );
  const user = await db
    .insertInto('users')
    .values({ email: 'banc@stats.example', display_name: 'Banc' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const campaign = await db
    .insertInto('campaigns')
    .values({
      name: 'Banc statistiques',
      status: 'open',
      envelope_cents: 1e13,
      rules: JSON.stringify(defaultRules({ coFundingAllowed: false })),
      ordering_deadline: '2099-12-31',
      remainder_policy: 'return-to-academy',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    INSERT INTO drawing_rights (campaign_id, academy_id, establishment_id, balance_cents)
    SELECT ${campaign.id}, academy_id, id, 1000000000 FROM establishments`.execute(db);
  await sql`
    INSERT INTO ledger_entries (drawing_right_id, kind, amount_cents, balance_after_cents, reference)
    SELECT id, 'allocate', 1000000000, 1000000000, 'banc' FROM drawing_rights`.execute(db);
  log(`Writing ${LINES} order lines…`);
  // Orders of three lines (ids from 1 in a fresh database): line n belongs to order 1 + (n - 1) / 3.
  const orders = Math.ceil(LINES / 3);
  await sql`
    INSERT INTO orders (establishment_id, drawing_right_id, status, total_cents, idempotency_key, placed_by,
                        created_at, updated_at)
    SELECT dr.establishment_id, dr.id, 'submitted', 0, 'banc-' || i, ${user.id},
           timestamptz '2025-01-01' + (i::float / ${orders}) * interval '730 days',
           timestamptz '2025-01-01' + (i::float / ${orders}) * interval '730 days'
    FROM generate_series(1, ${orders}) AS i
    JOIN drawing_rights dr ON dr.id = 1 + (hashint4(i) & 2147483647) % ${ESTABLISHMENTS}`.execute(db);
  // Offers skewed toward a few best sellers (the square of a uniform draw).
  await createBenchOffers(db);
  await sql`
    INSERT INTO order_lines (order_id, offer_id, producer_id, label, unit_price_cents, licence_kind, seats,
                             quantity, line_total_cents, delivery)
    SELECT 1 + (g.i - 1) / 3, b.id, b.producer_id, b.label, b.price_cents, b.licence_kind, 1, 1, b.price_cents, b.delivery
    FROM generate_series(1, ${LINES}) AS g(i)
    JOIN bench_offers b ON b.n = 1 + floor(power(((hashint4(g.i * 7) & 2147483647) % 10000) / 10000.0, 2)
                                           * (SELECT count(*) FROM bench_offers))::int`.execute(db);
  await sql`
    UPDATE orders o SET total_cents = s.total FROM (
      SELECT order_id, sum(line_total_cents) AS total FROM order_lines GROUP BY order_id) s
    WHERE s.order_id = o.id`.execute(db);
  await sql`
    INSERT INTO ledger_entries (drawing_right_id, kind, amount_cents, balance_after_cents, order_id, created_at)
    SELECT drawing_right_id, 'order-debit', -total_cents, 0, id, created_at FROM orders`.execute(db);
  // Publishers reject some lines, heads cancel some orders: refunded in the ledger as the use cases do.
  await sql`UPDATE order_lines SET status = 'rejected', rejection_reason = 'banc' WHERE id % 25 = 0`.execute(
    db,
  );
  await sql`UPDATE order_lines SET status = 'delivered', delivered_at = now() WHERE id % 25 = 1`.execute(db);
  await sql`
    WITH c AS (
      UPDATE order_lines l SET status = 'cancelled' FROM orders o
      WHERE o.id = l.order_id AND o.id % 33 = 0 AND l.status = 'pending'
      RETURNING l.order_id, l.line_total_cents)
    INSERT INTO ledger_entries (drawing_right_id, kind, amount_cents, balance_after_cents, order_id)
    SELECT o.drawing_right_id, 'cancellation-credit', sum(c.line_total_cents), 0, o.id
    FROM c JOIN orders o ON o.id = c.order_id GROUP BY o.id, o.drawing_right_id`.execute(db);
  const loadSeconds = (performance.now() - started) / 1000;
  const lineCount = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM order_lines`.execute(db)).rows[0]!.n,
  );
  log(`Loaded ${lineCount} lines in ${loadSeconds.toFixed(1)} s; first fold…`);
  const foldStarted = performance.now();
  await db.transaction().execute((trx) => foldStatistics(trx));
  const firstFoldSeconds = (performance.now() - foldStarted) / 1000;
  return { user, campaign, lineCount, loadSeconds, firstFoldSeconds };
}

/**
 * --reuse: the database a previous run loaded, brought to the latest migrations (timed: the upgrade of
 * a loaded database), and what is still queued folded.
 */
async function reuse(db: Db) {
  const started = performance.now();
  await migrateToLatest(db as never);
  const migrationSeconds = (performance.now() - started) / 1000;
  await createBenchOffers(db);
  await db.transaction().execute((trx) => foldStatistics(trx));
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'banc@stats.example')
    .executeTakeFirstOrThrow();
  const campaign = await db
    .selectFrom('campaigns')
    .select('id')
    .where('name', '=', 'Banc statistiques')
    .executeTakeFirstOrThrow();
  const lineCount = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM order_lines`.execute(db)).rows[0]!.n,
  );
  log(`Reused ${lineCount} lines; migrations brought up to date in ${migrationSeconds.toFixed(1)} s`);
  return { user, campaign, lineCount, migrationSeconds };
}

async function main() {
  if (!REUSE) {
    await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${DB_NAME}`);
  }
  const handle = await openPostgres(benchUrl, 10);
  const db = handle.db;
  const loaded = REUSE ? await reuse(db) : await load(db);
  const { user, campaign, lineCount } = loaded;
  const orders = Math.ceil(lineCount / 3);
  await sql`ANALYZE`.execute(db);
  await db.updateTable('statistics_settings').set({ publish_establishment_spending: true }).execute();

  const context = createAppContext(handle, { sessionCacheSeconds: 0 });
  const app = await buildApp(context, { logLevel: 'silent' });
  // With a period: a month, a calendar year and a school year are kept by the fold; any other range
  // (here March to October 2025) is counted from its months' rows, the fallback, measured apart.
  const periods = {
    'month 2026-03': { from: '2026-03', to: '2026-03' },
    'year 2026': { from: '2026-01', to: '2026-12' },
    'school 2025-2026': { from: '2025-09', to: '2026-08' },
  };
  const fallback = {
    'range 2025-03..10': { from: '2025-03', to: '2025-10' },
    'range 2025-11..2026-05': { from: '2025-11', to: '2026-05' },
  };
  const query = (period: { from: string; to: string }) => `from=${period.from}&to=${period.to}`;
  const withPeriods = (entries: Record<string, { from: string; to: string }>) =>
    Object.entries(entries).flatMap(([label, period]): [string, string][] => [
      [`page commandes/type ${label}`, `/statistiques/commandes/type?${query(period)}`],
      [`page commandes/mois ${label}`, `/statistiques/commandes/mois?${query(period)}`],
      [`page meilleures-ventes ${label}`, `/statistiques/meilleures-ventes?${query(period)}`],
      [`page etablissements ${label}`, `/statistiques/etablissements?${query(period)}`],
      [`api by=producer ${label}`, `/api/stats/orders?by=producer&${query(period)}`],
    ]);
  const targets: [string, string][] = [
    ['page /statistiques', '/statistiques'],
    ...['type', 'niveau', 'discipline', 'academie', 'producteur', 'mois'].map((slug): [string, string] => [
      `page commandes/${slug}`,
      `/statistiques/commandes/${slug}`,
    ]),
    ['page consommation', '/statistiques/consommation'],
    ['page meilleures-ventes', '/statistiques/meilleures-ventes'],
    ['page notes', '/statistiques/notes'],
    ['page etablissements', '/statistiques/etablissements'],
    ...['academy', 'type', 'level', 'discipline', 'producer', 'month'].map((by): [string, string] => [
      `api by=${by}`,
      `/api/stats/orders?by=${by}`,
    ]),
    ['api by=academy csv', '/api/stats/orders?by=academy&format=csv'],
    ...withPeriods(periods),
    ...withPeriods(fallback),
  ];
  const ours: Record<string, number> = {};
  /** One answer's time in ms, through HTTP; anything but 200 stops the bench. */
  const get = async (url: string) => {
    const t0 = performance.now();
    const reply = await app.inject({ method: 'GET', url });
    if (reply.statusCode !== 200) throw new Error(`${url}: ${reply.statusCode} ${reply.body.slice(0, 200)}`);
    return performance.now() - t0;
  };
  for (const [name, url] of targets) {
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS + 3; i++) {
      const elapsed = await get(url);
      if (i >= 3) samples.push(elapsed); // three warm-ups
    }
    ours[name] = round(p95(samples));
  }
  // New orders of 3 lines, written as the bulk load writes them (the triggers queue them).
  let batch = 0;
  const insertOrders = async (count: number) => {
    batch += 1;
    await sql`
      WITH o AS (
        INSERT INTO orders (establishment_id, drawing_right_id, status, total_cents, idempotency_key, placed_by)
        SELECT dr.establishment_id, dr.id, 'submitted', 0, 'frais-' || ${batch} || '-' || i, ${user.id}
        FROM generate_series(1, ${count}) AS i
        JOIN drawing_rights dr ON dr.id = 1 + (i * 97 + ${batch} * 7919) % ${ESTABLISHMENTS}
        RETURNING id)
      INSERT INTO order_lines (order_id, offer_id, producer_id, label, unit_price_cents, licence_kind, seats,
                               quantity, line_total_cents, delivery)
      SELECT o.id, b.id, b.producer_id, b.label, b.price_cents, b.licence_kind, 1, 1, b.price_cents, b.delivery
      FROM o, generate_series(1, 3) AS k JOIN bench_offers b ON b.n = k * 11 + ${batch} % 50`.execute(db);
  };
  // Reads while orders stream in (STREAM_ORDERS_PER_SECOND, 3 lines each), with the background folder
  // the app runs (main.ts, every 500 ms): a reader folds only what came in since its last look.
  log(`Reads while ${STREAM_ORDERS_PER_SECOND} orders/s stream in, ${STREAM_SECONDS} s…`);
  const streamUrls = [
    '/api/stats/orders?by=type',
    '/statistiques/commandes/academie',
    '/statistiques/meilleures-ventes',
    '/api/stats/orders?by=producer&from=2025-03&to=2025-10',
    '/statistiques/commandes/type?from=2025-09&to=2026-08',
  ];
  const folder = new StatisticsFolder(db, { intervalMs: 500, log: { warn: log } });
  folder.start();
  let streaming = true;
  let streamed = 0;
  const writer = (async () => {
    // Every 250 ms, a quarter of a second's orders.
    const perTick = Math.max(1, Math.round(STREAM_ORDERS_PER_SECOND / 4));
    while (streaming) {
      await insertOrders(perTick);
      streamed += perTick;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const streamSamples: number[] = [];
  const streamStarted = performance.now();
  for (let i = 0; performance.now() - streamStarted < STREAM_SECONDS * 1000; i++) {
    streamSamples.push(await get(streamUrls[i % streamUrls.length]!));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  streaming = false;
  await writer;
  await folder.stop();
  const streamOrdersPerSecond = round(streamed / ((performance.now() - streamStarted) / 1000));
  const streamP95 = round(p95(streamSamples));
  // A read right after a burst of new orders pays for their fold (no background fold ran): 100 orders
  // of 3 lines, ten times.
  const burstSamples: number[] = [];
  for (let i = 0; i < 10; i++) {
    await insertOrders(100);
    burstSamples.push(await get('/api/stats/orders?by=type'));
  }
  const burstP95 = round(p95(burstSamples));

  log('Baseline: the straightforward GROUP BY…');
  const baseline: Record<string, number> = {};
  const timeIt = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const samples: number[] = [];
    let result: T | undefined;
    for (let i = 0; i < BASELINE_RUNS + 1; i++) {
      const t0 = performance.now();
      result = await run();
      if (i > 0) samples.push(performance.now() - t0);
    }
    baseline[name] = round(p95(samples));
    return result!;
  };
  for (const by of ['academy', 'type', 'level', 'discipline', 'producer', 'month', 'resource'] as const)
    await timeIt(`group by ${by}`, () => groupByFromOrders(db, by, {}));
  // Each period's answer is also checked against its GROUP BY: the same rows, figure for figure.
  let periodsChecked = 0;
  for (const [label, period] of Object.entries({ ...periods, ...fallback })) {
    const expected = await timeIt(`group by type ${label}`, () => groupByFromOrders(db, 'type', period));
    const reply = await app.inject({ method: 'GET', url: `/api/stats/orders?by=type&${query(period)}` });
    const answered = reply.json<{ rows: (Figures & { key: string })[] }>().rows;
    const text = (rows: (Figures & { key: string })[]) =>
      JSON.stringify(
        [...rows]
          .sort((x, y) => (x.key < y.key ? -1 : 1))
          .map((row) => [row.key, row.orders, row.lines, row.establishments, row.amount_cents]),
      );
    const same = text(answered) === text(expected.map(({ value, ...rest }) => ({ key: value, ...rest })));
    if (!same) throw new Error(`by=type ${label}: the answer differs from the GROUP BY`);
    periodsChecked += 1;
  }
  await timeIt('ledger by academy', () => consumptionFromLedger(db, campaign.id));
  await app.close();
  await handle.close();

  const pairs: [string, string][] = [
    ['page commandes/academie', 'group by academy'],
    ['page commandes/type', 'group by type'],
    ['page commandes/niveau', 'group by level'],
    ['page commandes/discipline', 'group by discipline'],
    ['page commandes/producteur', 'group by producer'],
    ['page commandes/mois', 'group by month'],
    ...Object.keys({ ...periods, ...fallback }).map((label): [string, string] => [
      `page commandes/type ${label}`,
      `group by type ${label}`,
    ]),
    ['page meilleures-ventes', 'group by resource'],
    ['page consommation', 'ledger by academy'],
  ];
  console.log(`\n${lineCount} order lines, ${orders} orders, ${ESTABLISHMENTS} establishments`);
  console.log(
    'migrationSeconds' in loaded
      ? `reused the loaded database; migrations brought up to date in ${loaded.migrationSeconds.toFixed(1)} s\n`
      : `load ${loaded.loadSeconds.toFixed(1)} s, first fold ${loaded.firstFoldSeconds.toFixed(1)} s\n`,
  );
  console.log('p95 (ms), ours through the app:');
  for (const [name, ms] of Object.entries(ours))
    console.log(`  ${name.padEnd(48)} ${String(ms).padStart(8)}`);
  console.log(
    `\nReads while ${streamOrdersPerSecond} orders/s streamed in (background fold every 500 ms): p95 ${streamP95} ms over ${streamSamples.length} reads`,
  );
  console.log(`A read right after 300 new lines, which folds them itself: p95 ${burstP95} ms`);
  console.log('\np95 (ms), the GROUP BY (SQL alone) and the ratio:');
  const ratios: Record<string, number> = {};
  for (const [page, query] of pairs) {
    ratios[page] = Math.round((baseline[query]! / ours[page]!) * 10) / 10;
    console.log(
      `  ${query.padEnd(36)} ${String(baseline[query]).padStart(8)}   ${page}: ${ours[page]} ms, ${ratios[page]}× faster`,
    );
  }
  const worst = Math.max(...Object.values(ours));
  console.log(
    `\nWorst p95 of the pages and API answers: ${worst} ms; while orders stream in: ${streamP95} ms (target ≤ 100 ms)`,
  );
  console.log(
    JSON.stringify({
      bench: 'stats',
      database: 'postgresql',
      lines: lineCount,
      orders,
      establishments: ESTABLISHMENTS,
      ...('migrationSeconds' in loaded
        ? { reused: true, migrationSeconds: round(loaded.migrationSeconds) }
        : { loadSeconds: round(loaded.loadSeconds), firstFoldSeconds: round(loaded.firstFoldSeconds) }),
      p95Ms: ours,
      streamOrdersPerSecond,
      streamP95Ms: streamP95,
      afterBurstP95Ms: burstP95,
      baselineP95Ms: baseline,
      speedup: ratios,
      worstP95Ms: worst,
      periodsCheckedAgainstGroupBy: periodsChecked,
      targetMet: worst <= 100 && streamP95 <= 100,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
