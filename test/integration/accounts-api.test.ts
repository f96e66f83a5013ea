// Accounts over HTTP against a real database (PGlite, or PostgreSQL when DATABASE_URL is set): sign-in
// and sign-out, the session cookie, /api/me, wrong credentials, the rate limit, CSRF, invitations and
// password resets through the outbox.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteUser, loadActor } from '../../src/modules/accounts/accounts.service.js';
import { seedDemoAccounts } from '../../src/demo/accounts.js';
import {
  anyProducerId,
  createUser,
  createEstablishment,
  sessionCookieOf,
  TEST_PASSWORD,
  uniqueIp,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const db = () => server.database.db;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function apiSignIn(
  email: string,
  password: string,
  ip = uniqueIp(),
  headers: Record<string, string> = {},
) {
  return server.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email, password },
    remoteAddress: ip,
    headers,
  });
}

async function latestEmailTo(to: string) {
  return db()
    .selectFrom('email_outbox')
    .select(['subject', 'body'])
    .where('to_email', '=', to)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

function linkToken(body: string, path: string): string {
  const match = new RegExp(`${path}/([A-Za-z0-9_-]+)`).exec(body);
  if (!match) throw new Error(`No ${path} link in: ${body}`);
  return match[1]!;
}

describe('sign-in, /api/me and sign-out', () => {
  it('signs in, sets an HttpOnly SameSite=Lax cookie, and /api/me returns the user, roles and scopes', async () => {
    const establishment = await createEstablishment(db(), { name: 'Collège Jean Moulin' });
    const {
      email,
      password,
      id: userId,
    } = await createUser(db(), {
      name: 'Sophie Laurent',
      grants: [{ role: 'head', establishmentId: establishment.id, academyId: null, producerId: null }],
      password: TEST_PASSWORD,
    });
    const response = await apiSignIn(email.toUpperCase(), password);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{
      user: { id: number; email: string; displayName: string };
      csrfToken: string;
    }>();
    expect(body.user).toEqual({ id: userId, email, displayName: 'Sophie Laurent' });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^ccr_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toMatch(/Expires=/);
    // Plain http here, so no Secure flag (secure: 'auto' adds it behind https).
    expect(setCookie).not.toContain('Secure');
    const cookie = `ccr_session=${sessionCookieOf(response.headers['set-cookie'])}`;

    const me = await server.app.inject({ url: '/api/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      user: { id: userId, email, displayName: 'Sophie Laurent' },
      roles: [
        {
          role: 'head',
          label: 'chef d’établissement',
          establishment: { id: establishment.id, uai: establishment.uai, name: 'Collège Jean Moulin' },
        },
      ],
      csrfToken: body.csrfToken,
    });
    expect(me.headers['cache-control']).toBe('no-store');

    // Only the hash of the cookie is stored.
    const token = sessionCookieOf(response.headers['set-cookie'])!;
    const rows = await db().selectFrom('sessions').select('id_hash').where('user_id', '=', userId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id_hash).not.toBe(token);
    expect(rows[0]!.id_hash).toMatch(/^[0-9a-f]{64}$/);

    // Sign-out needs the CSRF token like any state-changing request.
    const forged = await server.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
    const out = await server.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, 'x-csrf-token': body.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^ccr_session=;/);
    expect(
      await db().selectFrom('sessions').select('id_hash').where('user_id', '=', userId).execute(),
    ).toEqual([]);
    expect((await server.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('answers 401 with the same French message for a wrong password and an unknown email', async () => {
    const { email } = await createUser(db(), { password: TEST_PASSWORD });
    const wrong = await apiSignIn(email, 'pas le bon mot de passe');
    const unknown = await apiSignIn('personne@test.ccr.example', 'pas le bon mot de passe');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Adresse électronique ou mot de passe incorrect.' },
    });
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses malformed bodies with 400 and a French message', async () => {
    const missing = await server.app.inject({ method: 'POST', url: '/api/session', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const badEmail = await apiSignIn('pas-une-adresse', 'x');
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json<{ error: { message: string } }>().error.message).toMatch(
      /adresse électronique valide/,
    );
    const notJson = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('answers 401 on /api/me without a session, with an unknown cookie, or after the session expired', async () => {
    expect((await server.app.inject('/api/me')).statusCode).toBe(401);
    const unknown = await server.app.inject({ url: '/api/me', headers: { cookie: 'ccr_session=nope' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const actor = await createUser(db(), { role: 'teacher' });
    expect((await server.app.inject({ url: '/api/me', headers: actor.headers })).statusCode).toBe(200);
    await db()
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('user_id', '=', actor.id)
      .execute();
    expect((await server.app.inject({ url: '/api/me', headers: actor.headers })).statusCode).toBe(401);
  });

  it('ends the sessions of a disabled user and refuses their sign-in', async () => {
    const { email, password, id: userId } = await createUser(db(), { password: TEST_PASSWORD });
    const first = await apiSignIn(email, password);
    const cookie = `ccr_session=${sessionCookieOf(first.headers['set-cookie'])}`;
    await db().updateTable('users').set({ disabled_at: new Date() }).where('id', '=', userId).execute();
    expect((await server.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await apiSignIn(email, password)).statusCode).toBe(401);
  });

  it('refuses a sign-in posted from another site (origin check), accepts the same origin', async () => {
    const { email, password } = await createUser(db(), { password: TEST_PASSWORD });
    const crossSite = await apiSignIn(email, password, uniqueIp(), { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
    const fetchSite = await apiSignIn(email, password, uniqueIp(), {
      origin: 'null',
      'sec-fetch-site': 'cross-site',
    });
    expect(fetchSite.statusCode).toBe(403);
    const sameSite = await apiSignIn(email, password, uniqueIp(), { origin: 'http://localhost:80' });
    expect(sameSite.statusCode).toBe(200);
    // A cross-site HTML form can only send urlencoded fields: the API wants JSON.
    const formPost = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email, password }).toString(),
    });
    expect(formPost.statusCode).toBe(400);
    expect(formPost.headers['set-cookie']).toBeUndefined();
  });
});

describe('request.actor', () => {
  it('carries the user, every scoped grant and the CSRF token of the session', async () => {
    const establishment = await createEstablishment(db());
    const producerId = await anyProducerId(db());
    const {
      email,
      password,
      id: userId,
    } = await createUser(db(), {
      name: 'Double casquette',
      grants: [
        { role: 'teacher', establishmentId: establishment.id, academyId: null, producerId: null },
        { role: 'publisher', establishmentId: null, academyId: null, producerId },
        { role: 'expert', establishmentId: null, academyId: null, producerId: null },
      ],
      password: TEST_PASSWORD,
    });
    const response = await apiSignIn(email, password);
    const token = sessionCookieOf(response.headers['set-cookie'])!;
    const loaded = await loadActor(db(), token);
    expect(loaded?.actor).toEqual({
      userId,
      email,
      displayName: 'Double casquette',
      csrfToken: response.json<{ csrfToken: string }>().csrfToken,
      grants: [
        { role: 'teacher', establishmentId: establishment.id, academyId: null, producerId: null },
        { role: 'publisher', establishmentId: null, academyId: null, producerId },
        { role: 'expert', establishmentId: null, academyId: null, producerId: null },
      ],
    });
    // The cache may keep it only until then.
    const lifetime = loaded!.sessionExpiresAt.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(await loadActor(db(), 'inconnu')).toBeUndefined();
  });
});

// The sign-in throttle (growing delays per account and address, per address, the account ceiling)
// is tested in sign-in-throttle.test.ts.

describe('CSRF on state-changing requests made with a session', () => {
  it('rejects a page form without the token and accepts it with the _csrf field or the header', async () => {
    const actor = await createUser(db(), { role: 'teacher' });
    const url = '/notifications/toutes-lues';
    const none = await server.app.inject({ method: 'POST', url, headers: { cookie: actor.cookie } });
    expect(none.statusCode).toBe(403);
    expect(none.headers['content-type']).toContain('text/html');
    expect(none.body).toContain('La vérification de sécurité du formulaire a échoué');
    const wrong = await server.app.inject({
      method: 'POST',
      url,
      headers: { cookie: actor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '_csrf=faux',
    });
    expect(wrong.statusCode).toBe(403);
    const field = await server.app.inject({
      method: 'POST',
      url,
      headers: { cookie: actor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${actor.csrf}`,
    });
    expect(field.statusCode).toBe(303);
    const header = await server.app.inject({ method: 'POST', url, headers: actor.headers });
    expect(header.statusCode).toBe(303);
  });

  it('rejects an API call with another session’s token', async () => {
    const alice = await createUser(db(), { role: 'teacher' });
    const bob = await createUser(db(), { role: 'teacher' });
    const response = await server.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie: alice.cookie, 'x-csrf-token': bob.csrf },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
  });
});

async function postForm(url: string, fields: Record<string, string>, cookie?: string, target = server) {
  return target.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    payload: new URLSearchParams(fields).toString(),
  });
}

describe('invitations', () => {
  it('invites through the outbox; the link sets a password once, signs in, and cannot be reused', async () => {
    const establishment = await createEstablishment(db());
    const admin = await createUser(db(), { role: 'academy-staff' });
    const email = `ce.${establishment.uai.toLowerCase()}@ac-test.fr`;
    const userId = await db()
      .transaction()
      .execute((trx) =>
        inviteUser(trx, {
          email,
          displayName: 'Direction du collège',
          grants: [{ role: 'head', establishmentId: establishment.id, academyId: null, producerId: null }],
          invitedBy: admin.id,
        }),
      );
    const mail = await latestEmailTo(email);
    expect(mail?.subject).toBe('Invitation au Catalogue chèque ressources');
    expect(mail?.body).toContain('valable 7 jours');
    const token = linkToken(mail!.body, '/invitation');
    const stored = await db().selectFrom('auth_tokens').selectAll().where('user_id', '=', userId).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toBe(token);
    const lifetime = new Date(stored[0]!.expires_at).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(7 * 24 * 3600_000);
    // Not signed in yet: no password.
    expect((await apiSignIn(email, 'nimporte quoi du tout')).statusCode).toBe(401);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', String(userId))
      .execute();
    expect(audit).toEqual([{ action: 'user.invited', actor_user_id: admin.id }]);

    const form = await server.app.inject(`/invitation/${token}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Direction du collège');
    expect(form.body).toContain('Au moins 12 caractères');

    const short = await postForm(`/invitation/${token}`, { password: 'court', confirmation: 'court' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Le mot de passe doit contenir au moins 12 caractères.');
    const mismatch = await postForm(`/invitation/${token}`, {
      password: 'un long mot de passe',
      confirmation: 'un autre mot de passe',
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('Les deux mots de passe ne sont pas identiques.');

    const accepted = await postForm(`/invitation/${token}`, {
      password: 'un long mot de passe',
      confirmation: 'un long mot de passe',
    });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/mon-compte?bienvenue=1');
    const cookie = `ccr_session=${sessionCookieOf(accepted.headers['set-cookie'])}`;
    const me = await server.app.inject({ url: '/api/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { id: userId }, roles: [{ role: 'head' }] });
    expect((await apiSignIn(email, 'un long mot de passe')).statusCode).toBe(200);

    const reused = await server.app.inject(`/invitation/${token}`);
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain('Ce lien a déjà été utilisé.');
    const reposted = await postForm(`/invitation/${token}`, {
      password: 'encore un autre mot de passe',
      confirmation: 'encore un autre mot de passe',
    });
    expect(reposted.statusCode).toBe(410);
    expect((await apiSignIn(email, 'un long mot de passe')).statusCode).toBe(200);
  });

  it('refuses an expired invitation and an unknown link', async () => {
    const email = `invite-${Date.now()}@test.ccr.example`;
    const userId = await db()
      .transaction()
      .execute((trx) => inviteUser(trx, { email, displayName: 'Invité', grants: [], invitedBy: null }));
    const token = linkToken((await latestEmailTo(email))!.body, '/invitation');
    await db()
      .updateTable('auth_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where('user_id', '=', userId)
      .execute();
    const expired = await server.app.inject(`/invitation/${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Ce lien a expiré.');
    const posted = await postForm(`/invitation/${token}`, {
      password: 'un long mot de passe',
      confirmation: 'un long mot de passe',
    });
    expect(posted.statusCode).toBe(410);
    const user = await db()
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();

    const unknown = await server.app.inject(`/invitation/${'A'.repeat(43)}`);
    expect(unknown.statusCode).toBe(410);
    expect(unknown.body).toContain('Ce lien n’est pas valide.');
    expect((await server.app.inject('/invitation/%3Cscript%3E')).statusCode).toBe(404);
  });

  it('adds grants to an existing account and tells them by email, without a new password link', async () => {
    const { email, id: userId } = await createUser(db(), { password: TEST_PASSWORD });
    const establishment = await createEstablishment(db());
    const again = await db()
      .transaction()
      .execute((trx) =>
        inviteUser(trx, {
          email: email.toUpperCase(),
          displayName: 'Ignoré',
          grants: [{ role: 'head', establishmentId: establishment.id, academyId: null, producerId: null }],
          invitedBy: null,
        }),
      );
    expect(again).toBe(userId);
    const mail = await latestEmailTo(email);
    expect(mail?.subject).toBe('Un nouveau rôle vous a été attribué');
    expect(mail?.body).not.toContain('/invitation/');
    const grants = await db()
      .selectFrom('role_assignments')
      .select('role')
      .where('user_id', '=', userId)
      .execute();
    expect(grants).toEqual([{ role: 'head' }]);
  });
});

describe('password reset', () => {
  it('always answers "if an account exists", mails a 1-hour link, and the link ends older sessions', async () => {
    const { email, password, id: userId } = await createUser(db(), { password: TEST_PASSWORD });
    const oldSession = await apiSignIn(email, password);
    const oldCookie = `ccr_session=${sessionCookieOf(oldSession.headers['set-cookie'])}`;
    const before = await db()
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const unknown = await postForm('/mot-de-passe-oublie', { email: 'personne@test.ccr.example' });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('Si un compte existe pour cette adresse');
    const after = await db()
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const known = await postForm('/mot-de-passe-oublie', { email });
    expect(known.statusCode).toBe(200);
    expect(known.body).toBe(unknown.body);
    const mail = await latestEmailTo(email);
    expect(mail?.subject).toBe('Réinitialisation de votre mot de passe');
    const token = linkToken(mail!.body, '/reinitialisation');
    const row = await db()
      .selectFrom('auth_tokens')
      .select('expires_at')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    const lifetime = new Date(row.expires_at).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(3600_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);

    expect((await server.app.inject(`/reinitialisation/${token}`)).statusCode).toBe(200);
    const done = await postForm(`/reinitialisation/${token}`, {
      password: 'mon nouveau mot de passe',
      confirmation: 'mon nouveau mot de passe',
    });
    expect(done.statusCode).toBe(303);
    expect((await server.app.inject({ url: '/api/me', headers: { cookie: oldCookie } })).statusCode).toBe(
      401,
    );
    expect((await apiSignIn(email, password)).statusCode).toBe(401);
    expect((await apiSignIn(email, 'mon nouveau mot de passe')).statusCode).toBe(200);
    expect((await server.app.inject(`/reinitialisation/${token}`)).statusCode).toBe(410);
  });

  it('refuses a reset link after one hour, and an invalid email in the form', async () => {
    const { email, id: userId } = await createUser(db(), { password: TEST_PASSWORD });
    await postForm('/mot-de-passe-oublie', { email });
    const token = linkToken((await latestEmailTo(email))!.body, '/reinitialisation');
    await db()
      .updateTable('auth_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('user_id', '=', userId)
      .execute();
    const expired = await postForm(`/reinitialisation/${token}`, {
      password: 'mon nouveau mot de passe',
      confirmation: 'mon nouveau mot de passe',
    });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Ce lien a expiré.');
    const invalid = await postForm('/mot-de-passe-oublie', { email: 'pas une adresse' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Indiquez une adresse électronique valide');
  });

  it('queues at most 3 live reset links per account', async () => {
    const { email } = await createUser(db(), { password: TEST_PASSWORD });
    for (let i = 0; i < 5; i += 1) await postForm('/mot-de-passe-oublie', { email });
    const mails = await db().selectFrom('email_outbox').select('id').where('to_email', '=', email).execute();
    expect(mails).toHaveLength(3);
  });
});

describe('with the session cache on (as in production)', () => {
  let cached: TestServer;
  beforeAll(async () => {
    cached = await startTestServer({ sessionCacheSeconds: 60 });
  });
  afterAll(async () => {
    await cached?.close();
  });
  const signIn = async (email: string, password: string) => {
    const response = await cached.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email, password },
      remoteAddress: uniqueIp(),
    });
    expect(response.statusCode).toBe(200);
    return `ccr_session=${sessionCookieOf(response.headers['set-cookie'])}`;
  };
  const me = async (cookie: string) =>
    (await cached.app.inject({ url: '/api/me', headers: { cookie } })).statusCode;

  it('ends a session signed out on this node at once', async () => {
    const { email, password } = await createUser(cached.database.db, { password: TEST_PASSWORD });
    const cookie = await signIn(email, password);
    expect(await me(cookie)).toBe(200);
    const csrf = (await cached.app.inject({ url: '/api/me', headers: { cookie } })).json<{
      csrfToken: string;
    }>().csrfToken;
    const out = await cached.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(await me(cookie)).toBe(401);
  });

  it('ends every older session of a user who chose a new password on this node', async () => {
    const { email, password } = await createUser(cached.database.db, { password: TEST_PASSWORD });
    const cookie = await signIn(email, password);
    expect(await me(cookie)).toBe(200);
    await postForm('/mot-de-passe-oublie', { email }, undefined, cached);
    const mail = await cached.database.db
      .selectFrom('email_outbox')
      .select('body')
      .where('to_email', '=', email)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const token = linkToken(mail.body, '/reinitialisation');
    const password2 = 'mon nouveau mot de passe';
    const done = await postForm(
      `/reinitialisation/${token}`,
      { password: password2, confirmation: password2 },
      undefined,
      cached,
    );
    expect(done.statusCode).toBe(303);
    expect(await me(cookie)).toBe(401);
  });

  it('keeps serving, until the cache expires, a session ended on another node', async () => {
    const { email, password, id: userId } = await createUser(cached.database.db, { password: TEST_PASSWORD });
    const cookie = await signIn(email, password);
    expect(await me(cookie)).toBe(200);
    // Another node deleted it: this node's cached copy still answers (the documented trade-off).
    await cached.database.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    expect(await me(cookie)).toBe(200);
  });
});

describe('demo accounts', () => {
  it('creates one account per role with its scope, idempotently, and each can sign in', async () => {
    const establishment = await createEstablishment(db());
    const producerId = await anyProducerId(db());
    const options = {
      establishmentId: establishment.id,
      academyId: establishment.academyId,
      producerId,
      password: 'demo-mot-de-passe',
    };
    const accounts = await seedDemoAccounts(db(), options);
    expect(await seedDemoAccounts(db(), options)).toEqual(accounts);
    expect(accounts.map((account) => account.role)).toEqual([
      'teacher',
      'digital-referent',
      'librarian',
      'head',
      'academy-staff',
      'national-admin',
      'publisher',
      'expert',
      'inspector',
    ]);
    expect(accounts.find((account) => account.role === 'head')?.email).toBe('chef@demo.ccr.example');
    const head = await apiSignIn('chef@demo.ccr.example', 'demo-mot-de-passe');
    expect(head.json()).toMatchObject({
      roles: [{ role: 'head', establishment: { id: establishment.id, uai: establishment.uai } }],
    });
    const publisher = await apiSignIn('editeur@demo.ccr.example', 'demo-mot-de-passe');
    expect(publisher.json()).toMatchObject({ roles: [{ role: 'publisher', producer: { id: producerId } }] });
    const national = await apiSignIn('national@demo.ccr.example', 'demo-mot-de-passe');
    expect(national.json()).toMatchObject({
      roles: [{ role: 'national-admin', label: 'administration nationale' }],
    });
  });
});
