// A fresh, migrated and seeded database per test file, on PGlite by default or on PostgreSQL when
// DATABASE_URL is set. The slow part (initdb, migrations, seeding) runs once in global-setup.ts; each
// file then gets a copy of that template in well under a second.
import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openPostgres, pgliteExtensions, wrapPglite, type DatabaseHandle } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';

export const TEMPLATE_DUMP_ENV = 'CCR_TEST_TEMPLATE_DUMP';
export const TEMPLATE_DB_ENV = 'CCR_TEST_TEMPLATE_DB';
/** Size of the demo catalogue every test database starts with. */
export const TEST_CATALOGUE_SIZE = 1200;

function serverUrlFor(database: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Drops a database the tests created on the PostgreSQL server. pool.end() can resolve before the last
 * sockets are closed; dropping WITH (FORCE) at once would kill them and pg would report an unhandled
 * FATAL. So it gives them a moment first, and forces only as a last resort.
 */
export async function dropTestDatabase(name: string): Promise<void> {
  const cleanup = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await cleanup.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name}${attempt >= 5 ? ' WITH (FORCE)' : ''}`);
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await cleanup.end();
  }
}

/** A test database; on PostgreSQL, with its URL, so a test can open a second node on it. */
export type TestDatabase = DatabaseHandle & { url?: string };

export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.DATABASE_URL) {
    const template = process.env[TEMPLATE_DB_ENV];
    if (!template) throw new Error('global-setup.ts did not prepare a template database');
    const name = `ccr_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const url = serverUrlFor(name);
    const handle = await openPostgres(url);
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        await dropTestDatabase(name);
      },
    };
  }
  const dump = process.env[TEMPLATE_DUMP_ENV];
  if (!dump) throw new Error('global-setup.ts did not prepare a template dump');
  const pglite = await PGlite.create({
    loadDataDir: new Blob([fs.readFileSync(dump)]),
    extensions: pgliteExtensions,
  });
  return wrapPglite(pglite);
}

/** Number of rows in `table` (tests checking that a refused request wrote nothing). */
export async function rowCount(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The environment a separate process (the CLI) needs to open this test's database: on PostgreSQL its
 * own URL, else an embedded database in `dataDir` (a test's own folder).
 */
export async function cliEnvironment(database: TestDatabase, dataDir: string): Promise<NodeJS.ProcessEnv> {
  const environment: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  if (database.kind === 'postgresql') {
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(database.db);
    environment.DATABASE_URL = serverUrlFor(rows[0]!.name);
  } else {
    delete environment.DATABASE_URL;
  }
  return environment;
}
