// Issue 9 finding "account takeover through /dev/outbox": anyone could ask a password reset for any
// address, read the link on /dev/outbox and set a new password; in production the national
// administration could read every link. Now the outbox page exists only with DEV_OUTBOX=1, never in
// production, and no page or API shows another user's token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createAppContext } from '../../src/app-context.js';
import { roles } from '../../src/modules/accounts/actor.js';
import { createUser, createUserPerRole } from '../support/factories/index.js';
import { createTestDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const db = () => server.database.db;

beforeAll(async () => {
  server = await startTestServer(); // no DEV_OUTBOX: as a real service
});
afterAll(async () => {
  await server?.close();
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('account takeover through the outbox', () => {
  it('an anonymous reset request queues a link that nobody can read back: /dev/outbox is a 404', async () => {
    const victim = await createUser(db(), { role: 'national-admin', password: 'Un mot de passe solide 1' });
    const asked = await server.app.inject({
      method: 'POST',
      url: '/mot-de-passe-oublie',
      headers: FORM,
      payload: new URLSearchParams({ email: victim.email }).toString(),
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).not.toContain('/reinitialisation/');
    // The link exists (queued for the victim's mailbox)...
    const queued = await db()
      .selectFrom('email_outbox')
      .select('body')
      .where('to_email', '=', victim.email)
      .execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.body).toContain('/reinitialisation/');
    // ...but the attacker cannot read it: the page does not exist.
    const outbox = await server.app.inject('/dev/outbox');
    expect(outbox.statusCode).toBe(404);
    expect(outbox.body).not.toContain('/reinitialisation/');
  });

  it('no role reads the outbox without DEV_OUTBOX, national administration included', async () => {
    const actors = await createUserPerRole(db());
    for (const role of roles) {
      const response = await server.app.inject({ url: '/dev/outbox', headers: actors[role].headers });
      expect(response.statusCode, role).toBe(404);
      expect(response.body, role).not.toContain('/reinitialisation/');
    }
  });

  it('no API route serves the outbox or a link token', async () => {
    const document = await server.app.inject('/api/openapi.json');
    expect(document.statusCode).toBe(200);
    expect(document.body).not.toMatch(/outbox/i);
    expect(document.body).not.toMatch(/reinitialisation|invitation\//);
  });
});

describe('in production the outbox never exists', () => {
  it('even if DEV_OUTBOX were asked for, for anyone, national administration included', async () => {
    const database = await createTestDatabase();
    const context = createAppContext(database, { sessionCacheSeconds: 0, production: true, devOutbox: true });
    const app = await buildApp(context, { logLevel: 'silent' });
    try {
      const admin = await createUser(database.db, { role: 'national-admin' });
      expect((await app.inject('/dev/outbox')).statusCode).toBe(404);
      expect((await app.inject({ url: '/dev/outbox', headers: admin.headers })).statusCode).toBe(404);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
