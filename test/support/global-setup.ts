// Runs once before all test files: builds the migrated, seeded template database.
import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres, pgliteExtensions, wrapPglite } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedDemoCatalogue } from '../../src/demo/catalogue-seed.js';
import { TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV, TEST_CATALOGUE_SIZE } from './database.js';

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    const name = `ccr_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    const handle = await openPostgres(url.toString(), 2);
    await migrateToLatest(handle.db as never);
    await seedDemoCatalogue(handle.db, { resources: TEST_CATALOGUE_SIZE });
    await handle.close();
    process.env[TEMPLATE_DB_ENV] = name;
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const handle = wrapPglite(await PGlite.create({ extensions: pgliteExtensions }));
  await migrateToLatest(handle.db as never);
  await seedDemoCatalogue(handle.db, { resources: TEST_CATALOGUE_SIZE });
  const dump = await handle.pglite!.dumpDataDir('gzip');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-test-')), 'template.tar.gz');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  process.env[TEMPLATE_DUMP_ENV] = file;
  return () => {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    return Promise.resolve();
  };
}
