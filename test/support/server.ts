// Starts the real app on a random local port over a fresh test database (see database.ts).
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createAppContext } from '../../src/app-context.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { createTestDatabase } from './database.js';

export interface TestServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  url: string;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const database = await createTestDatabase();
  const app = await buildApp(createAppContext(database), { logLevel: 'silent' });
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
