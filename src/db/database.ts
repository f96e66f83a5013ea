// Opens the one SQL dialect on either engine: embedded PGlite (default) or PostgreSQL (DATABASE_URL).
// Both go through the `pg` driver and Kysely's PostgresDialect, so queries and migrations are identical.
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.js';
import { preparingPool } from './prepared-statements.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgresql';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** The PGlite instance when embedded (tests dump and reload it), otherwise undefined. */
  readonly pglite?: PGlite;
  /**
   * PostgreSQL only: calls `onNotify` on each NOTIFY of the channel, over a connection of its own;
   * returns how to stop. Embedded PGlite has one process, which polls instead.
   */
  readonly listen?: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// PostgreSQL returns bigint (count(*)) as strings; our counts fit comfortably in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// Dates stay as 'YYYY-MM-DD' strings: no time zone shifts for calendar dates.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export const pgliteExtensions = { unaccent, pg_trgm, fuzzystrmatch };

export function openPostgres(url: string, poolSize = 10): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  const listen = async (channel: string, onNotify: () => void) => {
    const client = new pg.Client({ connectionString: url });
    // A lost connection only costs the wake-ups: the listener polls as well.
    client.on('error', () => undefined);
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    return () => client.end().catch(() => undefined);
  };
  return Promise.resolve({ db, kind: 'postgresql', listen, close: () => db.destroy() });
}

/** Wraps an already opened PGlite instance (tests load one from a migrated template). */
export function wrapPglite(pglite: PGlite, onClose?: () => void): DatabaseHandle {
  // PGlite runs one statement at a time: a pool of one connection serializes access.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
      onClose?.();
    },
  };
}

export async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const release = acquireDataDirLock(dataDir);
  try {
    const pglite = await PGlite.create(dataDir, { extensions: pgliteExtensions });
    return wrapPglite(pglite, release);
  } catch (error) {
    release();
    throw error;
  }
}

export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
}): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
