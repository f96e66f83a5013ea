// Backup and restore of either engine (CLI backup / restore; README "Backup and restore").
// Embedded: PGlite has one process per data folder (see db/data-dir-lock.ts), so a backup holds the
// folder's lock, which means the service is stopped, and copies the data folder as PGlite's own
// tarball: a consistent copy, since nothing else writes meanwhile. PostgreSQL: pg_dump in its custom
// format (a consistent snapshot while the service runs) and pg_restore, in one transaction.
import { PGlite } from '@electric-sql/pglite';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { acquireDataDirLock } from '../db/data-dir-lock.js';
import { openPglite, pgliteExtensions } from '../db/database.js';
import { AppError } from '../shared/errors.js';

export type BackupKind = 'pglite' | 'postgresql';

export interface BackupResult {
  file: string;
  bytes: number;
  seconds: number;
}

/** Where the data lives: the configured PostgreSQL server, else the embedded folder. */
export type BackupTarget = { databaseUrl: string } | { dataDir: string };

const STOP_THE_SERVICE =
  'The embedded database is backed up and restored with the service stopped (npm start, or the CLI): PGlite allows one process per data folder.';

function elapsedSince(started: number): number {
  return (performance.now() - started) / 1000;
}

/** Writes beside the target then renames, so a failed backup never leaves a truncated file behind. */
function writeAtomically(file: string, data: Uint8Array): void {
  const partial = `${file}.partial-${process.pid}`;
  fs.writeFileSync(partial, data);
  fs.renameSync(partial, file);
}

/** What kind of backup a file holds, from its first bytes. */
export function backupKindOf(file: string): BackupKind {
  const handle = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    fs.readSync(handle, head, 0, 5, 0);
    if (head.toString('latin1') === 'PGDMP') return 'postgresql';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  } finally {
    fs.closeSync(handle);
  }
  throw new AppError('VALIDATION_FAILED', `${file} is not a backup made by this tool.`);
}

// ---- Embedded (PGlite) ----

/** Copies an open PGlite instance (the tests' in-memory databases too) into a gzipped tarball. */
export async function backupPgliteInstance(pglite: PGlite, file: string): Promise<BackupResult> {
  const started = performance.now();
  const dump = await pglite.dumpDataDir('gzip');
  writeAtomically(file, new Uint8Array(await dump.arrayBuffer()));
  return { file, bytes: fs.statSync(file).size, seconds: elapsedSince(started) };
}

/** The folder's lock message, plus why the service must be stopped. */
async function whileServiceStopped<T>(verb: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof AppError && error.code === 'DATABASE_LOCKED') {
      throw new AppError('DATABASE_LOCKED', `Cannot ${verb}: ${error.message} ${STOP_THE_SERVICE}`);
    }
    throw error;
  }
}

export async function backupPglite(dataDir: string, file: string): Promise<BackupResult> {
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new AppError('NOT_FOUND', `No embedded database in ${path.resolve(dataDir)}: nothing to back up.`);
  }
  const database = await whileServiceStopped('back up the embedded database', () => openPglite(dataDir));
  try {
    return await backupPgliteInstance(database.pglite!, file);
  } finally {
    await database.close();
  }
}

function isEmptyFolder(folder: string): boolean {
  return !fs.existsSync(folder) || fs.readdirSync(folder).length === 0;
}

export async function restorePglite(
  file: string,
  dataDir: string,
  options: { force?: boolean } = {},
): Promise<BackupResult> {
  const started = performance.now();
  if (!isEmptyFolder(dataDir) && !options.force) {
    throw new AppError(
      'CONFLICT',
      `${path.resolve(dataDir)} already holds a database: restoring would replace it. Run again with --force to erase it first.`,
    );
  }
  // Holding the folder's lock (stable across the swap below) keeps a service from starting meanwhile.
  const release = await whileServiceStopped('restore the embedded database', () =>
    Promise.resolve().then(() => acquireDataDirLock(dataDir)),
  );
  // Loaded into a fresh folder beside the target, checked, then swapped in: a failure leaves the old.
  const fresh = `${path.resolve(dataDir)}.restoring-${process.pid}`;
  try {
    fs.rmSync(fresh, { recursive: true, force: true });
    const pglite = await PGlite.create(fresh, {
      loadDataDir: new Blob([fs.readFileSync(file)]),
      extensions: pgliteExtensions,
    });
    await pglite.query('SELECT 1');
    await pglite.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.renameSync(fresh, dataDir);
  } catch (error) {
    fs.rmSync(fresh, { recursive: true, force: true });
    throw error;
  } finally {
    release();
  }
  return { file, bytes: fs.statSync(file).size, seconds: elapsedSince(started) };
}

// ---- PostgreSQL ----

/**
 * pg_dump and pg_restore get the URL without its password, which goes in PGPASSWORD: a command line
 * can be read by any user of the machine (ps), the environment cannot.
 */
function clientConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env };
}

function runClient(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new AppError(
              'NOT_FOUND',
              `${command} was not found: install the PostgreSQL client tools (the server's major version or newer).`,
            )
          : error,
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (exit code ${code}):\n${stderr.trim()}`)),
    );
  });
}

export async function backupPostgres(databaseUrl: string, file: string): Promise<BackupResult> {
  const started = performance.now();
  const { dbname, env } = clientConnection(databaseUrl);
  const partial = `${file}.partial-${process.pid}`;
  try {
    await runClient(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-acl', `--file=${partial}`, `--dbname=${dbname}`],
      env,
    );
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { file, bytes: fs.statSync(file).size, seconds: elapsedSince(started) };
}

/** The tables of the target's public schema: a database with any is not empty. */
async function publicTables(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    return result.rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

export async function restorePostgres(
  file: string,
  databaseUrl: string,
  options: { force?: boolean } = {},
): Promise<BackupResult> {
  const started = performance.now();
  const tables = await publicTables(databaseUrl);
  if (tables.length > 0) {
    if (!options.force) {
      throw new AppError(
        'CONFLICT',
        `The target database already holds ${tables.length} tables: restoring would replace them. Run again with --force to erase it first.`,
      );
    }
    // Everything the app creates lives in public (tables, functions, the text search configuration);
    // the extensions dropped with it are re-created by the dump.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    } finally {
      await client.end();
    }
  }
  const { dbname, env } = clientConnection(databaseUrl);
  // One transaction: a restore that fails leaves the target as it was.
  await runClient(
    'pg_restore',
    ['--single-transaction', '--exit-on-error', '--no-owner', '--no-acl', `--dbname=${dbname}`, file],
    env,
  );
  return { file, bytes: fs.statSync(file).size, seconds: elapsedSince(started) };
}

// ---- Either engine (the CLI) ----

export async function backup(target: BackupTarget, file: string): Promise<BackupResult> {
  return 'databaseUrl' in target
    ? backupPostgres(target.databaseUrl, file)
    : backupPglite(target.dataDir, file);
}

export async function restore(
  target: BackupTarget,
  file: string,
  options: { force?: boolean } = {},
): Promise<BackupResult> {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `${file} does not exist.`);
  const kind = backupKindOf(file);
  const expected: BackupKind = 'databaseUrl' in target ? 'postgresql' : 'pglite';
  if (kind !== expected) {
    throw new AppError(
      'VALIDATION_FAILED',
      kind === 'pglite'
        ? `${file} is a backup of the embedded database: restore it without DATABASE_URL.`
        : `${file} is a PostgreSQL backup: restore it with DATABASE_URL set.`,
    );
  }
  return 'databaseUrl' in target
    ? restorePostgres(file, target.databaseUrl, options)
    : restorePglite(file, target.dataDir, options);
}
