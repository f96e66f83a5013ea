// CLI create-admin and the demo password in production: the first national administrator, created
// with a password read from standard input, signs in through the API; a production app refuses the
// published demo password at sign-in.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createAppContext } from '../../src/app-context.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { createUserWithPassword, inviteUser } from '../../src/modules/accounts/accounts.service.js';
import {
  DEMO_PASSWORD,
  DEMO_PASSWORD_REFUSED,
  DEMO_PASSWORD_REFUSED_AT_SIGN_IN,
} from '../../src/modules/accounts/password-rules.js';
import { createAdmin } from '../../src/ops/create-admin.js';
import { cliEnvironment, createTestDatabase } from '../support/database.js';

const PASSWORD = 'un mot de passe solide';
let database: DatabaseHandle;
let development: FastifyInstance;
let production: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  // Two app nodes over one database, configured as config.ts would from NODE_ENV.
  development = await buildApp(createAppContext(database, { sessionCacheSeconds: 0 }), {
    logLevel: 'silent',
  });
  production = await buildApp(createAppContext(database, { sessionCacheSeconds: 0, production: true }), {
    logLevel: 'silent',
  });
});
afterAll(async () => {
  await development?.close();
  await production?.close();
  await database?.close();
});

let ip = 0;
function signIn(app: FastifyInstance, email: string, password: string) {
  ip += 1;
  return app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email, password },
    remoteAddress: `10.9.0.${ip}`,
  });
}

describe('create-admin', () => {
  it('creates a national administrator from a piped password, who then signs in', async () => {
    const created = await createAdmin(database.db, {
      email: ' Premiere.Admin@Exemple.fr ',
      input: Readable.from([`${PASSWORD}\n`, 'ignored second line\n']),
      rules: { production: true },
    });
    expect(created.email).toBe('premiere.admin@exemple.fr');
    const reply = await signIn(production, 'premiere.admin@exemple.fr', PASSWORD);
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json<{ roles: unknown[] }>().roles).toEqual([
      expect.objectContaining({ role: 'national-admin' }),
    ]);
  });

  it('refuses an existing address, a short password and, in production, the demo password', async () => {
    const attempt = (email: string, password: string) =>
      createAdmin(database.db, { email, input: Readable.from([password]), rules: { production: true } });
    await expect(attempt('premiere.admin@exemple.fr', PASSWORD)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(attempt('autre@exemple.fr', 'court')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(attempt('autre@exemple.fr', DEMO_PASSWORD)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(attempt('pas-une-adresse', PASSWORD)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const others = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'autre@exemple.fr')
      .execute();
    expect(others).toEqual([]);
  });

  it('works as a command: the password piped on standard input', async () => {
    // The CLI opens the configured database itself: an embedded one in a folder of its own here, or
    // this test's PostgreSQL database.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-create-admin-'));
    const environment = await cliEnvironment(database, dataDir);
    try {
      const child = promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli.ts',
          'create-admin',
          '--email',
          'cli.admin@exemple.fr',
          '--name',
          'Admin CLI',
        ],
        { env: environment },
      );
      child.child.stdin!.end(`${PASSWORD}\n`);
      const { stdout } = await child;
      expect(stdout).toMatch(/National administrator created: cli\.admin@exemple\.fr/);
      const target = database.kind === 'postgresql' ? database : await openDatabase({ dataDir });
      try {
        const admin = await target.db
          .selectFrom('users as u')
          .innerJoin('role_assignments as r', 'r.user_id', 'u.id')
          .select(['u.display_name', 'r.role'])
          .where('u.email', '=', 'cli.admin@exemple.fr')
          .execute();
        expect(admin).toEqual([{ display_name: 'Admin CLI', role: 'national-admin' }]);
      } finally {
        if (target !== database) await target.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the demo password in production', () => {
  it('is refused at sign-in by a production app, accepted elsewhere', async () => {
    // A database once seeded for a demo, then put in service.
    await createUserWithPassword(database.db, {
      email: 'ancien.compte@demo.ccr.example',
      displayName: 'Ancien compte',
      password: DEMO_PASSWORD,
    });
    const refused = await signIn(production, 'ancien.compte@demo.ccr.example', DEMO_PASSWORD);
    expect(refused.statusCode).toBe(401);
    expect(refused.json<{ error: { message: string } }>().error.message).toBe(
      DEMO_PASSWORD_REFUSED_AT_SIGN_IN,
    );
    expect(refused.headers['set-cookie']).toBeUndefined();
    const accepted = await signIn(development, 'ancien.compte@demo.ccr.example', DEMO_PASSWORD);
    expect(accepted.statusCode).toBe(200);
  });

  it('cannot be chosen through an invitation link on a production app', async () => {
    const email = 'invitee@exemple.fr';
    await database.db.transaction().execute((trx) =>
      inviteUser(trx, {
        email,
        displayName: 'Invitée',
        grants: [{ role: 'expert', establishmentId: null, academyId: null, producerId: null }],
        invitedBy: null,
      }),
    );
    const mail = await database.db
      .selectFrom('email_outbox')
      .select('body')
      .where('to_email', '=', email)
      .executeTakeFirstOrThrow();
    const token = /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.body)![1]!;
    const choose = (password: string) =>
      production.inject({
        method: 'POST',
        url: `/invitation/${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ password, confirmation: password }).toString(),
      });
    const refused = await choose(DEMO_PASSWORD);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(DEMO_PASSWORD_REFUSED.split(' : ')[0]);
    // The link is still usable: another password is taken.
    expect((await choose(PASSWORD)).statusCode).toBe(303);
  });
});
