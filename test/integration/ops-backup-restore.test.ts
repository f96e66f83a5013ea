// backup and restore round-trip a demo database with orders on the suite's engine (PGlite, or
// PostgreSQL when DATABASE_URL is set): every table's count, every drawing right's balance and the
// whole ledger are identical after a restore into an empty target. A non-empty target is refused
// unless forced; an embedded folder in use by a running service is refused with why. The figures
// (size, seconds, what was compared) are printed for the closing note.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type DatabaseHandle } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { seedDemoWorkspace } from '../../src/demo/workspace.js';
import { createUserWithPassword } from '../../src/modules/accounts/accounts.service.js';
import {
  backupPglite,
  backupPgliteInstance,
  backupPostgres,
  restore,
  restorePglite,
  restorePostgres,
  type BackupResult,
} from '../../src/ops/backup.js';
import { createTestDatabase, dropTestDatabase } from '../support/database.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
// Each engine's tests run in the suite's lane for that engine (CI runs both); say which are skipped.
console.info(
  `ops-backup-restore.test.ts: ${onPostgres ? 'embedded-database' : 'PostgreSQL'} backup and restore tests skipped in this lane; ` +
    `they run when the suite runs on ${onPostgres ? 'PGlite (no DATABASE_URL)' : 'PostgreSQL (DATABASE_URL set)'}.`,
);
let source: DatabaseHandle;
let folder: string;

beforeAll(async () => {
  source = await createTestDatabase();
  // The template's catalogue plus the demo workspace: funding, one account per role, orders in every
  // state (a co-funded one too), subscriptions, ledger entries, notifications and the audit log.
  await seedDemoWorkspace(source.db);
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-backup-'));
});
afterAll(async () => {
  await source?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

interface Snapshot {
  counts: Record<string, number>;
  balances: unknown[];
  ledger: unknown[];
}

async function snapshot(db: Kysely<Database>): Promise<Snapshot> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(db);
    counts[name] = result.rows[0]!.n;
  }
  const balances = await db.selectFrom('drawing_rights').selectAll().orderBy('id').execute();
  const ledger = await db.selectFrom('ledger_entries').selectAll().orderBy('id').execute();
  return { counts, balances, ledger };
}

function report(engine: string, backedUp: BackupResult, restored: BackupResult, compared: Snapshot): void {
  const rows = Object.values(compared.counts).reduce((sum, n) => sum + n, 0);
  console.log(
    `[backup figures] ${engine}: backup ${(backedUp.bytes / 1024 / 1024).toFixed(2)} MiB in ${backedUp.seconds.toFixed(2)} s; ` +
      `restore ${restored.seconds.toFixed(2)} s; compared ${Object.keys(compared.counts).length} tables (${rows} rows, ${compared.counts.orders} orders), ` +
      `${compared.balances.length} drawing rights' balances, ${compared.ledger.length} ledger entries: identical`,
  );
}

/** A write after the restore: the sequences came back with the rows. */
async function expectWritable(db: Kysely<Database>): Promise<void> {
  const id = await createUserWithPassword(db, {
    email: `apres.restauration.${randomUUID().slice(0, 8)}@exemple.fr`,
    displayName: 'Après restauration',
    password: 'un mot de passe solide',
  });
  const highest = await db
    .selectFrom('users')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  expect(id).toBe(highest.max);
}

describe.runIf(!onPostgres)('backup and restore of the embedded database', () => {
  it('round-trips a demo database with orders: counts, balances and the ledger identical', async () => {
    const before = await snapshot(source.db);
    expect(before.counts.orders).toBeGreaterThan(0);
    expect(before.ledger.length).toBeGreaterThan(0);
    const file = path.join(folder, 'embedded.tar.gz');
    const backedUp = await backupPgliteInstance(source.pglite!, file);
    const target = path.join(folder, 'restored');
    const restored = await restore({ dataDir: target }, file);
    const copy = await openPglite(target);
    try {
      const after = await snapshot(copy.db);
      expect(after).toEqual(before);
      report('embedded (PGlite)', backedUp, restored, after);
      await expectWritable(copy.db);
    } finally {
      await copy.close();
    }
  });

  it('refuses a non-empty folder unless forced, and backs up a data folder', async () => {
    const target = path.join(folder, 'restored');
    const file = path.join(folder, 'from-folder.tar.gz');
    await backupPglite(target, file);
    await expect(restorePglite(file, target)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/--force/) as string,
    });
    await restorePglite(file, target, { force: true });
    const copy = await openPglite(target);
    try {
      // The write of the first test came back too.
      expect((await snapshot(copy.db)).counts.users).toBe((await snapshot(source.db)).counts.users! + 1);
    } finally {
      await copy.close();
    }
  });

  it('refuses a folder a running service holds, and says to stop it', async () => {
    const target = path.join(folder, 'restored');
    // Another live process holds the folder's lock, as npm start does.
    const service: ChildProcess = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(`${target}.lock`, String(service.pid));
      const stopFirst = {
        code: 'DATABASE_LOCKED',
        message: expect.stringMatching(/service stopped/) as string,
      };
      await expect(backupPglite(target, path.join(folder, 'locked.tar.gz'))).rejects.toMatchObject(stopFirst);
      await expect(
        restorePglite(path.join(folder, 'embedded.tar.gz'), target, { force: true }),
      ).rejects.toMatchObject(stopFirst);
    } finally {
      service.kill();
      fs.rmSync(`${target}.lock`, { force: true });
    }
  });
});

describe.runIf(onPostgres)('backup and restore on PostgreSQL (pg_dump, pg_restore)', () => {
  const urlOf = (name: string) => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    return url.toString();
  };
  let targetName: string;
  beforeAll(async () => {
    targetName = `ccr_restore_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${targetName}`);
    await admin.end();
  });
  afterAll(async () => {
    if (targetName) await dropTestDatabase(targetName);
  });

  it('round-trips a demo database with orders: counts, balances and the ledger identical', async () => {
    const before = await snapshot(source.db);
    expect(before.counts.orders).toBeGreaterThan(0);
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(source.db);
    const file = path.join(folder, 'postgres.dump');
    const backedUp = await backupPostgres(urlOf(rows[0]!.name), file);
    const restored = await restore({ databaseUrl: urlOf(targetName) }, file);
    const copy = await openPostgres(urlOf(targetName), 2);
    try {
      const after = await snapshot(copy.db);
      expect(after).toEqual(before);
      report('PostgreSQL', backedUp, restored, after);
      await expectWritable(copy.db);
    } finally {
      await copy.close();
    }
  });

  it('refuses a non-empty database unless forced, then replaces it whole', async () => {
    const file = path.join(folder, 'postgres.dump');
    await expect(restorePostgres(file, urlOf(targetName))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/--force/) as string,
    });
    await restorePostgres(file, urlOf(targetName), { force: true });
    const copy = await openPostgres(urlOf(targetName), 2);
    try {
      // The user written after the first restore is gone: the target is the backup again.
      expect(await snapshot(copy.db)).toEqual(await snapshot(source.db));
    } finally {
      await copy.close();
    }
  });
});
