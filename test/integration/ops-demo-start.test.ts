// Start-up's database step (prepareDatabase, what main.ts runs before listening): demo data only where
// allowed. The suite runs on PGlite, and on PostgreSQL when DATABASE_URL is set; each engine's tests
// run on it. Every test database starts with the template's catalogue and no account.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { prepareDatabase } from '../../src/prepare-database.js';
import { createTestDatabase, rowCount } from '../support/database.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
// Each engine's tests run in the suite's lane for that engine (CI runs both); say which are skipped.
console.info(
  `ops-demo-start.test.ts: ${onPostgres ? 'embedded-database' : 'PostgreSQL'} start-up tests skipped in this lane; ` +
    `they run when the suite runs on ${onPostgres ? 'PGlite (no DATABASE_URL)' : 'PostgreSQL (DATABASE_URL set)'}.`,
);
let database: DatabaseHandle | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

/** Prepares a fresh test database with this environment; returns what start-up logged and wrote. */
async function startWith(environment: Record<string, string>) {
  database = await createTestDatabase();
  const resourcesBefore = await count('resources');
  const lines: string[] = [];
  await prepareDatabase(database, loadConfig(environment), (line) => lines.push(line));
  return {
    lines,
    users: await count('users'),
    campaigns: await count('campaigns'),
    orders: await count('orders'),
    addedResources: (await count('resources')) - resourcesBefore,
  };
}

const count = (table: 'users' | 'campaigns' | 'orders' | 'resources') => rowCount(database!.db, table);

describe('start-up on PostgreSQL', () => {
  it.runIf(onPostgres)(
    'creates no user and no campaign without DEMO, and says how to add an admin',
    async () => {
      const started = await startWith({});
      expect(started).toMatchObject({ users: 0, campaigns: 0, orders: 0, addedResources: 0 });
      expect(started.lines.join('\n')).toMatch(/create-admin --email/);
    },
  );

  it.runIf(onPostgres)('loads the demo workspace with DEMO=1', async () => {
    const started = await startWith({ DEMO: '1' });
    expect(started.users).toBeGreaterThanOrEqual(9);
    expect(started.campaigns).toBeGreaterThanOrEqual(1);
    expect(started.orders).toBeGreaterThan(0);
  });
});

describe('start-up on the embedded database', () => {
  it.runIf(!onPostgres)(
    'loads the demo workspace by default (npm start shows a living catalogue)',
    async () => {
      const started = await startWith({});
      expect(started.users).toBeGreaterThanOrEqual(9);
      expect(started.campaigns).toBeGreaterThanOrEqual(1);
      expect(started.orders).toBeGreaterThan(0);
    },
  );

  it.runIf(!onPostgres)('loads nothing with DEMO=0', async () => {
    expect(await startWith({ DEMO: '0' })).toMatchObject({ users: 0, campaigns: 0, orders: 0 });
  });
});

describe('start-up with NODE_ENV=production', () => {
  it('never creates the demo workspace, even with DEMO=1', async () => {
    const started = await startWith({
      NODE_ENV: 'production',
      DEMO: '1',
      PUBLIC_URL: 'https://catalogue.example.fr',
    });
    expect(started).toMatchObject({ users: 0, campaigns: 0, orders: 0 });
    expect(started.lines.join('\n')).toMatch(/no demo accounts/);
  });
});
