// Account pages over HTTP: sign-in form, account page, sign-out, notifications, outbox; and the
// authorization matrix of the accounts routes, role by role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../src/modules/accounts/actor.js';
import { notifyUser, queueEmail } from '../../src/modules/notifications/notifications.repository.js';
import { createUser, createUserPerRole, sessionCookieOf, TEST_PASSWORD } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const db = () => server.database.db;

beforeAll(async () => {
  // DEV_OUTBOX=1, as in development: the outbox page exists (mail-outbox.test.ts checks it is gone
  // without it).
  server = await startTestServer({ devOutbox: true });
});
afterAll(async () => {
  await server?.close();
});

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Opens the sign-in form like a browser: its double-submit cookie and the matching hidden field. */
async function openSignInForm(): Promise<{ cookie: string; token: string }> {
  const page = await server.app.inject('/connexion');
  const token = /name="_signin" value="([^"]+)"/.exec(page.body)![1]!;
  const set = String(page.headers['set-cookie']);
  expect(set).toContain('SameSite=Strict');
  expect(set).toContain('HttpOnly');
  return { cookie: `ccr_signin=${/^ccr_signin=([^;]+)/.exec(set)![1]}`, token };
}

async function postSignIn(fields: Record<string, string>, remoteAddress: string) {
  const { cookie, token } = await openSignInForm();
  return server.app.inject({
    method: 'POST',
    url: '/connexion',
    headers: { ...FORM, cookie },
    payload: form({ ...fields, _signin: token }),
    remoteAddress,
  });
}

describe('sign-in page', () => {
  it('shows the DSFR form with labelled fields', async () => {
    const page = await server.app.inject('/connexion?retour=/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Connexion</h1>');
    expect(page.body).toContain('<label class="fr-label" for="connexion-email">');
    expect(page.body).toContain('autocomplete="current-password"');
    expect(page.body).toContain('name="retour" value="/notifications"');
    expect(page.body).toContain('href="/mot-de-passe-oublie"');
  });

  it('signs in with the form, redirects to the return path, and refuses wrong credentials with 401', async () => {
    const { email, password } = await createUser(db(), {
      name: 'Karim <b>Benali</b>',
      password: TEST_PASSWORD,
    });
    const wrong = await postSignIn(
      { email, password: 'faux mot de passe', retour: '/notifications' },
      '10.2.0.1',
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Adresse électronique ou mot de passe incorrect.');
    expect(wrong.body).toContain(`value="${email}"`);

    const empty = await postSignIn({}, '10.2.0.1');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('fr-input-group--error');

    // Without the form's token (a forged cross-site form), nothing happens.
    const forgedForm = await server.app.inject({
      method: 'POST',
      url: '/connexion',
      headers: FORM,
      payload: form({ email, password }),
      remoteAddress: '10.2.0.2',
    });
    expect(forgedForm.statusCode).toBe(403);
    expect(forgedForm.headers['set-cookie']).toBeUndefined();
    const ok = await postSignIn({ email, password, retour: '//evil.example/' }, '10.2.0.2');
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/mon-compte');
    const cookie = `ccr_session=${sessionCookieOf(ok.headers['set-cookie'])}`;

    const account = await server.app.inject({ url: '/mon-compte', headers: { cookie } });
    expect(account.statusCode).toBe(200);
    // User text is escaped, never interpreted.
    expect(account.body).toContain('Karim &lt;b>Benali&lt;/b>');
    expect(account.body).not.toContain('<b>Benali</b>');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(account.body)?.[1];
    expect(csrf).toBeDefined();

    // Already signed in: the sign-in page sends you on.
    const again = await server.app.inject({ url: '/connexion', headers: { cookie } });
    expect(again.statusCode).toBe(303);

    const forged = await server.app.inject({ method: 'POST', url: '/deconnexion', headers: { cookie } });
    expect(forged.statusCode).toBe(403);
    const out = await server.app.inject({
      method: 'POST',
      url: '/deconnexion',
      headers: { cookie, ...FORM },
      payload: form({ _csrf: csrf! }),
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/connexion?deconnecte=1');
    const after = await server.app.inject({ url: '/mon-compte', headers: { cookie } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/connexion?retour=%2Fmon-compte');
    expect((await server.app.inject('/connexion?deconnecte=1')).body).toContain('Vous êtes déconnecté.');
  });

  it('shows the rate limit on the form with 429', async () => {
    const { email } = await createUser(db(), { password: TEST_PASSWORD });
    for (let i = 0; i < 5; i += 1) {
      await postSignIn({ email, password: `faux ${i}` }, '10.2.1.1');
    }
    const limited = await postSignIn({ email, password: 'faux' }, '10.2.1.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Trop de tentatives de connexion. Réessayez dans');
  });
});

describe('notifications page', () => {
  it('lists the user’s notifications and marks one, then all, as read', async () => {
    const actor = await createUser(db(), { role: 'head' });
    const other = await createUser(db(), { role: 'head' });
    await notifyUser(db(), actor.id, {
      kind: 'allocation',
      title: 'Droit de tirage publié',
      body: 'Vous disposez de 1 500 €.',
      link: '/commandes',
    });
    await notifyUser(db(), actor.id, {
      kind: 'order',
      title: 'Commande livrée',
      body: 'Clé <script>x</script>',
    });
    await notifyUser(db(), other.id, { kind: 'order', title: 'Pas pour vous', body: '…' });
    const page = await server.app.inject({ url: '/notifications', headers: { cookie: actor.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2 notifications non lues');
    expect(page.body).toContain('Droit de tirage publié');
    expect(page.body).toContain('href="/commandes"');
    expect(page.body).toContain('Clé &lt;script>x&lt;/script>');
    expect(page.body).not.toContain('Pas pour vous');

    const ids = await db().selectFrom('notifications').select(['id', 'user_id']).orderBy('id').execute();
    const mine = ids.filter((row) => row.user_id === actor.id);
    const theirs = ids.find((row) => row.user_id === other.id)!;
    const stolen = await server.app.inject({
      method: 'POST',
      url: `/notifications/${theirs.id}/lue`,
      headers: actor.headers,
    });
    expect(stolen.statusCode).toBe(404);
    const marked = await server.app.inject({
      method: 'POST',
      url: `/notifications/${mine[0]!.id}/lue`,
      headers: actor.headers,
    });
    expect(marked.statusCode).toBe(303);
    expect(
      (await server.app.inject({ url: '/notifications', headers: { cookie: actor.cookie } })).body,
    ).toContain('1 notification non lue');
    await server.app.inject({ method: 'POST', url: '/notifications/toutes-lues', headers: actor.headers });
    expect(
      (await server.app.inject({ url: '/notifications', headers: { cookie: actor.cookie } })).body,
    ).toContain('Aucune notification non lue.');
    const theirsAfter = await db()
      .selectFrom('notifications')
      .select('read_at')
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    expect(theirsAfter.read_at).toBeNull();
    expect(
      (await server.app.inject({ method: 'POST', url: '/notifications/abc/lue', headers: actor.headers }))
        .statusCode,
    ).toBe(404);
  });
});

describe('email outbox page (development)', () => {
  it('lists queued emails with their links made local', async () => {
    await queueEmail(db(), {
      to: 'x@test.ccr.example',
      subject: 'Sujet <i>test</i>',
      body: 'Lien : http://localhost:3000/invitation/abc\nFin',
    });
    const page = await server.app.inject('/dev/outbox');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sujet &lt;i>test&lt;/i>');
    expect(page.body).toContain('<a href="/invitation/abc">http://localhost:3000/invitation/abc</a>');
    // It says, in red, that it is a development tool showing secret links.
    expect(page.body).toContain('fr-alert--error');
    expect(page.body).toContain('Outil de développement : liens secrets');
  });
});

describe('authorization matrix of the accounts routes', () => {
  it.each(roles)('%s: own account, notifications and /api/me are allowed', async (role) => {
    const actor = await createUser(db(), { role });
    for (const url of ['/api/me', '/mon-compte', '/notifications', '/dev/outbox']) {
      const response = await server.app.inject({ url, headers: { cookie: actor.cookie } });
      expect(response.statusCode, `${role} ${url}`).toBe(200);
    }
    const me = await server.app.inject({ url: '/api/me', headers: { cookie: actor.cookie } });
    expect(me.json()).toMatchObject({ user: { id: actor.id }, roles: [{ role }] });
  });

  it('createUserPerRole gives one signed-in actor per role on a shared scope', async () => {
    const actors = await createUserPerRole(db());
    expect(Object.keys(actors)).toEqual([...roles]);
    expect(actors.head.grants[0]!.establishmentId).toBe(actors.teacher.grants[0]!.establishmentId);
    expect(actors.inspector.grants[0]!.academyId).toBe(actors['academy-staff'].grants[0]!.academyId);
    for (const role of roles) {
      const me = await server.app.inject({ url: '/api/me', headers: actors[role].headers });
      expect(me.json(), role).toMatchObject({ roles: [{ role }] });
    }
  });

  it('anonymous: API 401, pages redirect to the sign-in form, state changes 401', async () => {
    expect((await server.app.inject('/api/me')).statusCode).toBe(401);
    for (const url of ['/mon-compte', '/notifications']) {
      const response = await server.app.inject(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toBe(`/connexion?retour=${encodeURIComponent(url)}`);
    }
    expect((await server.app.inject({ method: 'POST', url: '/notifications/1/lue' })).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'POST', url: '/notifications/toutes-lues' })).statusCode).toBe(
      401,
    );
    // With DEV_OUTBOX the outbox is open: an invited head has no account to read their link with.
    expect((await server.app.inject('/dev/outbox')).statusCode).toBe(200);
  });
});
