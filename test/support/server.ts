// Starts the real app on a random local port over a fresh test database (see database.ts).
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import { createAppContext } from '../../src/app-context.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { seedReferenceData } from '../../src/modules/funding/reference-data.js';
import { createTestDatabase } from './database.js';

export interface TestServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  url: string;
  close(): Promise<void>;
}

/**
 * Tests that change sessions or grants straight in the database stand for another app node: they
 * need every request to read the session, so the session cache is off unless a test turns it on.
 * `referenceData` loads the 30 academies and their departments first (funding tests). `devOutbox`
 * turns on /dev/outbox (DEV_OUTBOX=1), off by default as on a real service.
 */
export async function startTestServer(
  options: {
    sessionCacheSeconds?: number;
    referenceData?: boolean;
    devOutbox?: boolean;
    /** Short limits on slow clients (sockets.test.ts). */
    timeouts?: AppOptions['timeouts'];
  } = {},
): Promise<TestServer> {
  const database = await createTestDatabase();
  if (options.referenceData) await seedReferenceData(database.db);
  const context = createAppContext(database, {
    sessionCacheSeconds: options.sessionCacheSeconds ?? 0,
    devOutbox: options.devOutbox ?? false,
    // A test server builds its index on the first search; that search waits for it (no 503).
    searchFirstBuildWaitMs: 60_000,
  });
  const app = await buildApp(context, {
    logLevel: 'silent',
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    database,
    url,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
