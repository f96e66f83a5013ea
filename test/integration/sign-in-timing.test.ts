// Timing must not tell which addresses have accounts. Checked by behaviour, not by the clock: sign-in
// runs exactly one argon2 verification whatever the case (counted through an injected hasher), and a
// password-reset request runs the same statements whether or not the account exists (counted
// through a Kysely plugin). One comparison of durations backs them up, with a generous factor.
import type { KyselyPlugin, PluginTransformQueryArgs, RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestPasswordReset, signIn } from '../../src/modules/accounts/accounts.service.js';
import {
  argon2Hasher,
  DUMMY_PASSWORD_HASH,
  hashPassword,
  type PasswordHasher,
} from '../../src/modules/accounts/secrets.js';
import { rowCount } from '../support/database.js';
import { createUser, TEST_PASSWORD, uniqueIp } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const db = () => server.database.db;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** The real argon2, counting its verifications and remembering the hashes it verified against. */
function countingHasher(): PasswordHasher & { verified: string[] } {
  const verified: string[] = [];
  return {
    verified,
    hash: (password) => argon2Hasher.hash(password),
    verify: (hash, password) => {
      verified.push(hash);
      return argon2Hasher.verify(hash, password);
    },
  };
}

/** Every statement Kysely sends, as its kind and table (INSERT auth_tokens, RawNode…). */
class StatementLog implements KyselyPlugin {
  readonly statements: string[] = [];
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    const table = (node as { into?: { table?: { identifier?: { name?: string } } } }).into?.table?.identifier
      ?.name;
    this.statements.push(node.kind === 'RawNode' ? 'raw' : `${node.kind} ${table ?? ''}`.trim());
    return node;
  }
  transformResult: KyselyPlugin['transformResult'] = (args) => Promise.resolve(args.result);
}

const outboxCount = () => rowCount(db(), 'email_outbox');

describe('sign-in costs one argon2 verification, whoever asks', () => {
  it('verifies once for an unknown email, a wrong password, a disabled account, a pending invitation and a success', async () => {
    const known = await createUser(db(), { password: TEST_PASSWORD });
    const disabled = await createUser(db(), { password: TEST_PASSWORD });
    await db().updateTable('users').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute();
    const invited = await createUser(db(), { role: 'teacher' }); // no password yet

    const cases = [
      { email: 'personne@test.ccr.example', password: TEST_PASSWORD, ok: false },
      { email: known.email, password: 'pas le bon', ok: false },
      { email: disabled.email, password: TEST_PASSWORD, ok: false },
      { email: invited.email, password: TEST_PASSWORD, ok: false },
      { email: known.email, password: TEST_PASSWORD, ok: true },
    ];
    for (const { email, password, ok } of cases) {
      const hasher = countingHasher();
      const attempt = signIn(db(), { email, password, ip: uniqueIp() }, { production: false }, hasher);
      if (ok) await expect(attempt).resolves.toMatchObject({ userId: known.id });
      else await expect(attempt).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(hasher.verified).toHaveLength(1);
    }
  });

  it('verifies an unknown email against a fixed dummy hash with the same parameters as real ones', async () => {
    const hasher = countingHasher();
    await expect(
      signIn(
        db(),
        { email: 'nul@test.ccr.example', password: 'x'.repeat(12), ip: uniqueIp() },
        undefined,
        hasher,
      ),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(hasher.verified).toEqual([DUMMY_PASSWORD_HASH]);
    const parameters = (hash: string) => hash.split('$').slice(1, 4).join('$');
    expect(parameters(DUMMY_PASSWORD_HASH)).toBe(parameters(await hashPassword('un autre mot de passe')));
  });

  it('runs no argon2 at all while a delay runs', async () => {
    const { email } = await createUser(db(), { password: TEST_PASSWORD });
    const ip = uniqueIp();
    for (let i = 0; i < 5; i += 1) {
      await expect(signIn(db(), { email, password: `faux ${i}`, ip })).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    }
    const hasher = countingHasher();
    await expect(
      signIn(db(), { email, password: TEST_PASSWORD, ip }, undefined, hasher),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(hasher.verified).toHaveLength(0);
  });
});

describe('a password-reset request does the same work whether or not the account exists', () => {
  it('sends the same statements for an unknown, a disabled, a known and a saturated account', async () => {
    const known = await createUser(db(), { password: TEST_PASSWORD });
    const disabled = await createUser(db(), { password: TEST_PASSWORD });
    await db().updateTable('users').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute();
    const saturated = await createUser(db(), { password: TEST_PASSWORD });
    for (let i = 0; i < 3; i += 1) await requestPasswordReset(db(), { email: saturated.email });

    const run = async (email: string) => {
      const log = new StatementLog();
      const before = await outboxCount();
      await requestPasswordReset(db().withPlugin(log), { email });
      return { statements: log.statements, mails: (await outboxCount()) - before };
    };
    const knownRun = await run(known.email);
    expect(knownRun.mails).toBe(1);
    expect(knownRun.statements).toContain('InsertQueryNode auth_tokens');
    expect(knownRun.statements).toContain('InsertQueryNode email_outbox');
    for (const email of ['personne@test.ccr.example', disabled.email, saturated.email]) {
      const other = await run(email);
      expect(other.mails).toBe(0);
      expect(other.statements).toEqual(knownRun.statements);
    }
    const tokens = await db()
      .selectFrom('auth_tokens')
      .select('user_id')
      .where('user_id', 'in', [disabled.id, saturated.id])
      .where('purpose', '=', 'password-reset')
      .execute();
    expect(tokens.filter((t) => t.user_id === disabled.id)).toHaveLength(0);
    expect(tokens.filter((t) => t.user_id === saturated.id)).toHaveLength(3);
  });

  it('takes about as long over HTTP for an unknown address as for a known one (median of several runs)', async () => {
    const timed = async (email: string) => {
      const started = performance.now();
      const response = await server.app.inject({
        method: 'POST',
        url: '/mot-de-passe-oublie',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email }).toString(),
      });
      expect(response.statusCode).toBe(200);
      return performance.now() - started;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      // A new account each time, so every known request writes its link (at most 3 live per account).
      const user = await createUser(db(), { password: TEST_PASSWORD });
      known.push(await timed(user.email));
      unknown.push(await timed(`personne${i}@test.ccr.example`));
    }
    const ratio = median(known) / median(unknown);
    // Generous: only a gross difference (one path skipping the writes) fails it on a busy machine.
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });
});
