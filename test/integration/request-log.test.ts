// The request log never holds an email link's one-time token: whoever reads the logs could otherwise
// use a password-reset or invitation link before its owner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createAppContext } from '../../src/app-context.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { createTestDatabase } from '../support/database.js';

describe('request log', () => {
  const lines: string[] = [];
  let database: DatabaseHandle;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildApp(createAppContext(database), {
      logLevel: 'info',
      logStream: { write: (line) => lines.push(line) },
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('logs reset and invitation requests without their token', async () => {
    const token = 'Zq9xSecretToken0123456789abcdefghijklmnopq';
    await app.inject({ url: `/reinitialisation/${token}` });
    await app.inject({ method: 'POST', url: `/invitation/${token}`, payload: { password: 'x' } });
    const log = lines.join('');
    expect(log).toContain('/reinitialisation/[token]');
    expect(log).toContain('/invitation/[token]');
    expect(log).not.toContain(token);
  });
});
