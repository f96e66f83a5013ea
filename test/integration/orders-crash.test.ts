// Crash test: the real server runs as a child process (npm start's entry, src/main.ts) on a fresh
// database; orders are fired at it and it is killed with SIGKILL mid-load, then restarted. Every order
// acknowledged with 201 must be there, whole (its lines and its ledger debit), and no order may be
// half-written. Runs on PostgreSQL when DATABASE_URL is set, otherwise on an embedded PGlite folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { dropTestDatabase } from '../support/database.js';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import { seedDemoCatalogue } from '../../src/demo/catalogue-seed.js';
import {
  authHeaders,
  balanceOf,
  createOrdersWorld,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
} from '../support/factories/index.js';

const usePostgres = Boolean(process.env.DATABASE_URL);
const dbName = `ccr_crash_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const dataDir = usePostgres ? '' : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-crash-')), 'data');

function databaseUrl(): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${dbName}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function openDb(): Promise<DatabaseHandle> {
  return usePostgres ? openPostgres(databaseUrl(), 4) : openPglite(dataDir);
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

function startServer(port: number): ChildProcess {
  // node --import tsx: one process, so SIGKILL hits the server itself (npx would leave a grandchild).
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO_RESOURCES: '0',
    LOG_LEVEL: 'error',
  };
  if (usePostgres) env.DATABASE_URL = databaseUrl();
  else {
    delete env.DATABASE_URL;
    env.DATA_DIR = dataDir;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk.toString()}`));
  return child;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server did not become healthy');
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

let running: ChildProcess | undefined;
afterAll(async () => {
  if (running && running.exitCode === null) {
    running.kill('SIGKILL');
    await exited(running);
  }
  if (usePostgres) await dropTestDatabase(dbName);
  else fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

describe(`crash mid-load (${usePostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('keeps every acknowledged order whole after kill -9 and restart', { timeout: 240_000 }, async () => {
    if (usePostgres) await adminQuery(`CREATE DATABASE ${dbName}`);
    let world: OrdersWorld;
    let offer: TestOffer;
    {
      const handle = await openDb();
      await migrateToLatest(handle.db as never);
      await seedDemoCatalogue(handle.db, { resources: 150 });
      world = await createOrdersWorld(handle.db, { allocationCents: 500_000_000 });
      offer = (await validOffers(handle.db, 1))[0]!;
      await handle.close();
    }

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    running = startServer(port);
    await waitHealthy(url, running);

    const acknowledged = new Map<number, number>();
    let stop = false;
    let sent = 0;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        sent += 1;
        const quantity = 1 + ((w + i) % 3);
        try {
          const response = await fetch(`${url}/api/orders`, {
            method: 'POST',
            headers: authHeaders(world.head, {
              'content-type': 'application/json',
              'idempotency-key': `crash-${w}-${i}`,
            }),
            body: JSON.stringify({
              establishment: world.establishment.uai,
              lines: [{ offer: offer.id, seats: seatsFor(offer, quantity), quantity }],
            }),
          });
          if (response.status === 201) {
            const body = (await response.json()) as { id: number; totalCents: number };
            acknowledged.set(body.id, body.totalCents);
          } else {
            await response.body?.cancel();
          }
        } catch {
          // The connection died with the server: this order was never acknowledged.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const workers = Array.from({ length: 12 }, (_, w) => worker(w));
    // Kill once the load is well under way.
    const started = Date.now();
    while (acknowledged.size < 60 && Date.now() - started < 30_000)
      await new Promise((resolve) => setTimeout(resolve, 10));
    running.kill('SIGKILL');
    await exited(running);
    const acknowledgedAtKill = acknowledged.size;
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await Promise.all(workers);
    console.log(`crash test: ${sent} orders sent, ${acknowledgedAtKill} acknowledged before SIGKILL`);
    expect(acknowledged.size).toBeGreaterThan(0);

    running = startServer(port);
    await waitHealthy(url, running);
    for (const [id, total] of acknowledged) {
      const response = await fetch(`${url}/api/orders/${id}`, { headers: authHeaders(world.head) });
      expect(response.status, `order ${id}`).toBe(200);
      const body = (await response.json()) as { totalCents: number; lines: unknown[] };
      expect(body.totalCents).toBe(total);
      expect(body.lines).toHaveLength(1);
    }
    running.kill('SIGTERM');
    await exited(running);

    const handle = await openDb();
    try {
      const db = handle.db;
      const orders = await db
        .selectFrom('orders as o')
        .select([
          'o.id',
          'o.total_cents',
          (eb) =>
            eb
              .selectFrom('order_lines as l')
              .select((x) => x.fn.coalesce(x.fn.sum<number>('l.line_total_cents'), x.lit(0)).as('s'))
              .whereRef('l.order_id', '=', 'o.id')
              .as('lines_total'),
          (eb) =>
            eb
              .selectFrom('order_lines as l')
              .select((x) => x.fn.countAll<number>().as('n'))
              .whereRef('l.order_id', '=', 'o.id')
              .as('lines'),
          (eb) =>
            eb
              .selectFrom('ledger_entries as e')
              .select((x) => x.fn.countAll<number>().as('n'))
              .whereRef('e.order_id', '=', 'o.id')
              .where('e.kind', '=', 'order-debit')
              .as('debits'),
          (eb) =>
            eb
              .selectFrom('ledger_entries as e')
              .select((x) => x.fn.coalesce(x.fn.sum<number>('e.amount_cents'), x.lit(0)).as('s'))
              .whereRef('e.order_id', '=', 'o.id')
              .as('debited'),
        ])
        .where('o.establishment_id', '=', world.establishment.id)
        .execute();
      for (const id of acknowledged.keys()) expect(orders.some((order) => order.id === id)).toBe(true);
      for (const order of orders) {
        expect(Number(order.lines), `order ${order.id} lines`).toBe(1);
        expect(Number(order.lines_total)).toBe(Number(order.total_cents));
        expect(Number(order.debits)).toBe(1);
        expect(Number(order.debited)).toBe(-Number(order.total_cents));
      }
      const balance = await balanceOf(db, world.drawingRightId);
      expect(await ledgerBalance(db, world.drawingRightId)).toBe(balance);
      const spent = orders.reduce((sum, order) => sum + Number(order.total_cents), 0);
      expect(balance).toBe(500_000_000 - spent);
      console.log(
        `crash test: ${orders.length} orders stored after restart, all whole; ${acknowledged.size} acknowledged in total`,
      );
    } finally {
      await handle.close();
    }
  });
});
