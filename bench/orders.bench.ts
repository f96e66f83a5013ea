// npm run bench:orders: orders through the HTTP API on PostgreSQL (DATABASE_URL), against the raw SQL
// ceiling measured in the same run on the same machine.
//
// It creates its own database (ccr_bench_orders, dropped and recreated), seeds a small catalogue,
// 1,000 establishments with a drawing right and a head each, then starts the real server (src/main.ts)
// as a child process on a loopback port and runs, with the same number of concurrent clients:
//   spread   orders spread over the 1,000 establishments
//   hotspot  every client orders for one establishment whose right affords only part of the load
//   raw      the same two loads without HTTP: BEGIN; conditional UPDATE of the balance; INSERT of the
//            order; COMMIT — over a pool as large as the server's
// Figures: orders/s, p50/p95 latency, refusals, overdrafts (rights whose balance is negative or differs
// from their ledger: must be 0), lost acknowledged orders (201 without a whole order stored: must be 0)
// the HTTP / raw ratio (target ≥ 50 %), the CPU each order cost the load generator, the server and
// PostgreSQL, and how many accepted orders each HTTP commit carried (the server writes orders that
// arrive together in one statement: order-write-batcher.ts). Bounded in count and time. Last line: one
// JSON object.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openPostgres } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemoCatalogue } from '../src/demo/catalogue-seed.js';
import { defaultRules } from '../src/modules/funding/campaign-rules.js';
import { todayInFrance } from '../src/shared/clock.js';

const { values } = parseArgs({
  options: {
    establishments: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '32' },
    orders: { type: 'string', default: '3000' },
    seconds: { type: 'string', default: '20' },
  },
});
const ESTABLISHMENTS = Number(values.establishments);
const CLIENTS = Number(values.clients);
const MAX_ORDERS = Number(values.orders);
const MAX_SECONDS = Number(values.seconds);
const SERVER_POOL = 10; // openPostgres's default: the raw ceiling gets the same number of connections
const DB_NAME = 'ccr_bench_orders';

if (!process.env.DATABASE_URL) {
  console.error(
    'bench:orders needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres).',
  );
  process.exit(1);
}
const benchUrl = (() => {
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
})();

async function admin(text: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const uaiOf = (n: number) => {
  const digits = String(n).padStart(7, '0');
  return `${digits}${UAI_LETTERS[n % 23]}`;
};

interface Head {
  establishmentId: number;
  uai: string;
  drawingRightId: number;
  token: string;
  csrf: string;
}

async function prepare(): Promise<{
  heads: Head[];
  hot: Head;
  rawRights: number[];
  rawHot: number;
  offer: { id: number; price: number; seats: number };
  hotAffordable: number;
  placedBy: number;
}> {
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  const handle = await openPostgres(benchUrl, 4);
  const db = handle.db;
  await migrateToLatest(db as never);
  await seedDemoCatalogue(db, { resources: 200 });
  const today = todayInFrance();
  const offerRow = await db
    .selectFrom('offers')
    .select(['id', 'price_cents', 'licence_kind', 'seats'])
    .where('price_cents', '>', 0)
    .where('licence_kind', 'in', ['single-seat', 'establishment', 'class'])
    .where('valid_from', '<=', today)
    .where('valid_until', 'is', null)
    .where(sql<boolean>`cardinality(eligibility) = 0`)
    .orderBy('price_cents')
    .executeTakeFirstOrThrow();
  const offer = { id: offerRow.id, price: offerRow.price_cents, seats: 1 };
  const academy = await db
    .insertInto('academies')
    .values({ code: 'BENCH', name: 'Académie du banc d’essai' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('departments').values({ code: 'B01', name: 'Banc', academy_id: academy.id }).execute();
  const campaign = await db
    .insertInto('campaigns')
    .values({
      name: 'Banc d’essai',
      status: 'open',
      envelope_cents: 1e12,
      rules: JSON.stringify(defaultRules({ coFundingAllowed: false })),
      ordering_deadline: '2099-12-31',
      remainder_policy: 'return-to-academy',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // 2 × N + 2 establishments: N for HTTP, N for raw SQL, one hot spot each.
  const total = ESTABLISHMENTS * 2 + 2;
  const hotAffordable = Math.floor(MAX_ORDERS / 2);
  const establishments = await db
    .insertInto('establishments')
    .values(
      Array.from({ length: total }, (_, i) => ({
        uai: uaiOf(1_000_000 + i),
        name: `Établissement ${i}`,
        type: 'college',
        sector: 'public',
        pupils: 500,
        department_code: 'B01',
        academy_id: academy.id,
        network: null,
      })),
    )
    .returning('id')
    .execute();
  const big = offer.price * MAX_ORDERS * 10;
  const rights = await db
    .insertInto('drawing_rights')
    .values(
      establishments.map((e) => ({
        campaign_id: campaign.id,
        academy_id: academy.id,
        establishment_id: e.id,
      })),
    )
    .returning(['id', 'establishment_id'])
    .execute();
  // Allocations through the ledger's own rule (balance and entry together), in one statement per table.
  const allocation = (index: number) =>
    index === ESTABLISHMENTS || index === total - 1
      ? offer.price * hotAffordable + Math.floor(offer.price / 2)
      : big;
  await sql`UPDATE drawing_rights d SET balance_cents = v.amount FROM (SELECT unnest(${sql.val(rights.map((r) => r.id))}::int[]) AS id, unnest(${sql.val(rights.map((_, i) => allocation(i)))}::bigint[]) AS amount) v WHERE d.id = v.id`.execute(
    db,
  );
  await sql`INSERT INTO ledger_entries (drawing_right_id, kind, amount_cents, balance_after_cents) SELECT id, 'allocate', balance_cents, balance_cents FROM drawing_rights`.execute(
    db,
  );
  const users = await db
    .insertInto('users')
    .values(
      establishments.slice(0, ESTABLISHMENTS + 1).map((_, i) => ({
        email: `chef${i}@bench.example`,
        display_name: `Chef ${i}`,
        password_hash: null,
        disabled_at: null,
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('role_assignments')
    .values(
      users.map((u, i) => ({
        user_id: u.id,
        role: 'head',
        establishment_id: establishments[i]!.id,
        academy_id: null,
        producer_id: null,
      })),
    )
    .execute();
  const heads: Head[] = users.map((u, i) => ({
    establishmentId: establishments[i]!.id,
    uai: uaiOf(1_000_000 + i),
    drawingRightId: rights[i]!.id,
    token: randomBytes(32).toString('base64url'),
    csrf: randomBytes(24).toString('base64url'),
  }));
  await db
    .insertInto('sessions')
    .values(
      heads.map((h, i) => ({
        id_hash: createHash('sha256').update(h.token).digest('hex'),
        user_id: users[i]!.id,
        csrf_token: h.csrf,
        expires_at: new Date(Date.now() + 86_400_000),
      })),
    )
    .execute();
  await sql`ANALYZE`.execute(db);
  await handle.close();
  return {
    heads: heads.slice(0, ESTABLISHMENTS),
    hot: heads[ESTABLISHMENTS]!,
    rawRights: rights.slice(ESTABLISHMENTS + 1, total - 1).map((r) => r.id),
    rawHot: rights[total - 1]!.id,
    offer,
    hotAffordable,
    placedBy: users[0]!.id,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: benchUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      // Production mode wants the public address (cookies' Secure flag, OAI-PMH's baseURL).
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DEMO_RESOURCES: '0',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the server exited');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not start');
}

interface LoadResult {
  /** CPU milliseconds each order cost the load generator, the server and PostgreSQL (all its
   *  processes on this machine; null when PostgreSQL runs elsewhere): unlike orders/s, these barely
   *  move when the shared machine is busy, and they say where each path spends. */
  cpuMsPerOrder: { client: number; server: number | null; postgres: number | null };
  attempted: number;
  accepted: number;
  refused: number;
  errors: number;
  seconds: number;
  ordersPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  acknowledged: Map<number, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 10) / 10;
}

const CLOCK_TICK_MS = 10; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in hundredths of a second

/** CPU time (ms) of these processes so far, from /proc; processes that ended are left out. */
function cpuMsOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name: state is field 3, utime 14 and stime 15.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // ended meanwhile
    }
  }
  return ticks * CLOCK_TICK_MS;
}

function postgresPids(): number[] {
  if (!fs.existsSync('/proc')) return [];
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });
}

/**
 * Runs `one` from CLIENTS concurrent loops until MAX_ORDERS attempts or MAX_SECONDS, after a second
 * for the previous phase's background work (autovacuum, WAL) to settle.
 */
async function load(
  one: (n: number) => Promise<'accepted' | 'refused' | 'error' | { id: number; total: number }>,
  serverPid?: number,
): Promise<LoadResult> {
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const postgresBefore = postgresPids();
  const cpuBefore = {
    client: process.cpuUsage(),
    server: serverPid ? cpuMsOf([serverPid]) : 0,
    postgres: cpuMsOf(postgresBefore),
  };
  const latencies: number[] = [];
  const acknowledged = new Map<number, number>();
  let next = 0;
  let accepted = 0;
  let refused = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + MAX_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < MAX_ORDERS && performance.now() < deadline) {
        const n = next++;
        const t = performance.now();
        const outcome = await one(n);
        latencies.push(performance.now() - t);
        if (outcome === 'refused') refused++;
        else if (outcome === 'error') errors++;
        else {
          accepted++;
          if (typeof outcome === 'object') acknowledged.set(outcome.id, outcome.total);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(cpuBefore.client);
  // Backends that started during the phase count from zero; those that ended are lost (rare).
  const postgresCpu = cpuMsOf([...new Set([...postgresBefore, ...postgresPids()])]) - cpuBefore.postgres;
  const perOrder = (ms: number) => Math.round((ms / Math.max(1, latencies.length)) * 1000) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    cpuMsPerOrder: {
      client: perOrder((clientCpu.user + clientCpu.system) / 1000),
      server: serverPid ? perOrder(cpuMsOf([serverPid]) - cpuBefore.server) : null,
      postgres: postgresBefore.length > 0 ? perOrder(postgresCpu) : null,
    },
    attempted: latencies.length,
    accepted,
    refused,
    errors,
    seconds: Math.round(seconds * 100) / 100,
    // Every attempt is a full order decision (accepted or refused with the shortfall).
    ordersPerSecond: Math.round(latencies.length / seconds),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    acknowledged,
  };
}

async function main() {
  console.log(`Preparing ${DB_NAME}: ${ESTABLISHMENTS} establishments with a drawing right and a head…`);
  const world = await prepare();
  const port = await freePort();
  const server = await startServer(port);
  const run = Date.now().toString(36);

  // node:http with keep-alive: fetch (undici's WHATWG streams) costs the load generator more CPU than
  // the server spends; on a 2-core machine that would measure the client rather than the app.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const post = (path: string, headers: Record<string, string>, payload: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  const httpOrder = (head: Head, key: string) => async () => {
    try {
      const response = await post(
        '/api/orders',
        {
          'content-type': 'application/json',
          cookie: `ccr_session=${head.token}`,
          'x-csrf-token': head.csrf,
          'idempotency-key': key,
        },
        JSON.stringify({
          establishment: head.uai,
          lines: [{ offer: world.offer.id, seats: 1, quantity: 1 }],
        }),
      );
      const body = JSON.parse(response.body) as {
        id?: number;
        totalCents?: number;
        error?: { code: string };
      };
      if (response.status === 201) return { id: body.id!, total: body.totalCents! };
      if (response.status === 409 && body.error?.code === 'BUDGET_EXCEEDED') return 'refused' as const;
      return 'error' as const;
    } catch {
      return 'error' as const;
    }
  };

  // Warm-up: JIT, connection pools, plan caches.
  await load((n) => httpOrder(world.heads[n % world.heads.length]!, `warm-${run}-${n}`)());

  console.log(`HTTP, spread over ${ESTABLISHMENTS} establishments, ${CLIENTS} clients…`);
  const spread = await load(
    (n) => httpOrder(world.heads[(n * 7919) % world.heads.length]!, `s-${run}-${n}`)(),
    server.pid,
  );
  console.log(
    `HTTP, hot spot (one establishment, affords ${world.hotAffordable} orders), ${CLIENTS} clients…`,
  );
  const hotspot = await load((n) => httpOrder(world.hot, `h-${run}-${n}`)(), server.pid);
  agent.destroy();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));

  // Raw SQL ceiling: the same decision without HTTP, JSON, sessions, lines or ledger entries.
  const pool = new pg.Pool({ connectionString: benchUrl, max: SERVER_POOL });
  const rawOrder = (right: number, establishment: number, key: string) => async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const updated = await client.query(
        'UPDATE drawing_rights SET balance_cents = balance_cents - $2 WHERE id = $1 AND balance_cents - $2 >= 0 RETURNING balance_cents',
        [right, world.offer.price],
      );
      if (updated.rowCount === 0) {
        await client.query('ROLLBACK');
        return 'refused' as const;
      }
      await client.query(
        "INSERT INTO orders (establishment_id, drawing_right_id, status, total_cents, idempotency_key, placed_by) VALUES ($1, $2, 'submitted', $3, $4, $5)",
        [establishment, right, world.offer.price, key, world.placedBy],
      );
      await client.query('COMMIT');
      return 'accepted' as const;
    } catch {
      await client.query('ROLLBACK').catch(() => undefined);
      return 'error' as const;
    } finally {
      client.release();
    }
  };
  const rawEstablishments = await pool.query<{ id: number; establishment_id: number }>(
    'SELECT id, establishment_id FROM drawing_rights WHERE id = ANY($1)',
    [[...world.rawRights, world.rawHot]],
  );
  const establishmentOf = new Map(rawEstablishments.rows.map((row) => [row.id, row.establishment_id]));
  await load((n) =>
    rawOrder(
      world.rawRights[n % world.rawRights.length]!,
      establishmentOf.get(world.rawRights[n % world.rawRights.length]!)!,
      `rw-${run}-${n}`,
    )(),
  );
  console.log('Raw SQL ceiling, spread…');
  const rawSpread = await load((n) => {
    const right = world.rawRights[(n * 7919) % world.rawRights.length]!;
    return rawOrder(right, establishmentOf.get(right)!, `rs-${run}-${n}`)();
  });
  console.log('Raw SQL ceiling, hot spot…');
  const rawHot = await load((n) =>
    rawOrder(world.rawHot, establishmentOf.get(world.rawHot)!, `rh-${run}-${n}`)(),
  );

  // Checks: overdrafts and lost acknowledged orders.
  const overdrafts = await pool.query<{ n: string }>(
    `
    SELECT count(*) AS n FROM drawing_rights d
    LEFT JOIN (SELECT drawing_right_id, sum(amount_cents) AS s, min(balance_after_cents) AS low FROM ledger_entries GROUP BY drawing_right_id) l
      ON l.drawing_right_id = d.id
    WHERE d.balance_cents < 0 OR coalesce(l.low, 0) < 0
       OR (d.id <> ALL($1::int[]) AND d.balance_cents <> coalesce(l.s, 0))`,
    [[...world.rawRights, world.rawHot]],
  );
  const acknowledged = new Map([...spread.acknowledged, ...hotspot.acknowledged]);
  const ids = [...acknowledged.keys()];
  const stored = await pool.query<{ id: number; total_cents: string; lines: string; debit: string | null }>(
    `
    SELECT o.id, o.total_cents,
      (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) AS lines,
      (SELECT sum(amount_cents) FROM ledger_entries e WHERE e.order_id = o.id AND e.kind = 'order-debit') AS debit
    FROM orders o WHERE o.id = ANY($1::int[])`,
    [ids],
  );
  const whole = new Set(
    stored.rows
      .filter(
        (row) =>
          Number(row.lines) >= 1 &&
          Number(row.debit) === -Number(row.total_cents) &&
          Number(row.total_cents) === acknowledged.get(row.id),
      )
      .map((row) => row.id),
  );
  const lost = ids.filter((id) => !whole.has(id)).length;
  // Orders written by one statement share its transaction id (xmin).
  const perCommit = async (phase: LoadResult) => {
    const row = await pool.query<{ orders: string; commits: string }>(
      'SELECT count(*) AS orders, count(DISTINCT xmin::text) AS commits FROM orders WHERE id = ANY($1::int[])',
      [[...phase.acknowledged.keys()]],
    );
    return Math.round((Number(row.rows[0]!.orders) / Math.max(1, Number(row.rows[0]!.commits))) * 10) / 10;
  };
  const spreadPerCommit = await perCommit(spread);
  const hotspotPerCommit = await perCommit(hotspot);
  const hotOverAccepted = hotspot.accepted - world.hotAffordable;
  await pool.end();

  const strip = ({ acknowledged: _ack, ...rest }: LoadResult) => rest;
  const ratioSpread = Math.round((spread.ordersPerSecond / rawSpread.ordersPerSecond) * 1000) / 10;
  const ratioHot = Math.round((hotspot.ordersPerSecond / rawHot.ordersPerSecond) * 1000) / 10;
  const rows: [string, LoadResult][] = [
    ['http spread', spread],
    ['http hotspot', hotspot],
    ['raw spread', rawSpread],
    ['raw hotspot', rawHot],
  ];
  console.log('');
  console.log(
    'variant        orders/s   p50 ms   p95 ms   accepted   refused   errors   CPU ms/order: client server postgres',
  );
  const cpu = (value: number | null) => (value === null ? '—' : value.toFixed(2)).padStart(7);
  for (const [name, r] of rows) {
    const { client, server: app, postgres } = r.cpuMsPerOrder;
    console.log(
      `${name.padEnd(14)} ${String(r.ordersPerSecond).padStart(8)} ${String(r.p50Ms).padStart(8)} ${String(r.p95Ms).padStart(8)} ${String(r.accepted).padStart(10)} ${String(r.refused).padStart(9)} ${String(r.errors).padStart(8)}  ${cpu(client)}${cpu(app)}${cpu(postgres)}`,
    );
  }
  console.log(`HTTP / raw: spread ${ratioSpread} %, hot spot ${ratioHot} % (target ≥ 50 %)`);
  console.log(
    `Accepted orders per HTTP commit (group commit): spread ${spreadPerCommit}, hot spot ${hotspotPerCommit}`,
  );
  console.log(
    `Overdrafts: ${overdrafts.rows[0]!.n}; lost acknowledged orders: ${lost} of ${ids.length}; hot spot accepted ${hotspot.accepted} of ${world.hotAffordable} affordable`,
  );
  console.log(
    JSON.stringify({
      bench: 'orders',
      database: 'postgresql',
      establishments: ESTABLISHMENTS,
      clients: CLIENTS,
      serverPool: SERVER_POOL,
      spread: strip(spread),
      hotspot: strip(hotspot),
      rawSpread: strip(rawSpread),
      rawHotspot: strip(rawHot),
      acceptedOrdersPerCommit: { spread: spreadPerCommit, hotspot: hotspotPerCommit },
      ratioSpreadPercent: ratioSpread,
      ratioHotspotPercent: ratioHot,
      targetMet: ratioSpread >= 50 && ratioHot >= 50,
      overdrafts: Number(overdrafts.rows[0]!.n),
      lostAcknowledgedOrders: lost,
      hotspotOverAccepted: Math.max(0, hotOverAccepted),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
