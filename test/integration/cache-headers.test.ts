// Cache-Control, decided in one place (the session plugin's onSend hook): every answer that depends on
// the session carries no-store, pages and API alike, so a shared school computer never keeps one
// person's orders, cart or drawing right. Public pages and API answers for a signed-out visitor stay
// cacheable as before (no Cache-Control), and static assets keep their year-long cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ASSETS_BASE, DSFR_BASE } from '../../src/web/assets.js';
import { createEstablishment, createUser, type TestUser } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let head: TestUser;
let uai: string;
const db = () => server.database.db;

beforeAll(async () => {
  server = await startTestServer();
  const establishment = await createEstablishment(db());
  uai = establishment.uai;
  head = await createUser(db(), { role: 'head', establishmentId: establishment.id });
});
afterAll(async () => {
  await server?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  server.app.inject({ method: 'GET', url, headers });

describe('Cache-Control', () => {
  it.each([
    ['the home page', '/'],
    ['a search page', '/recherche?q=fractions'],
    ['a public API answer', '/api/resources?q=fractions'],
    ['an unknown page', '/nulle-part'],
    ['the forgotten-password form', '/mot-de-passe-oublie'],
  ])('leaves %s cacheable for a signed-out visitor, as before', async (_what, url) => {
    const response = await get(url);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers['cache-control']).toBeUndefined();
  });

  it.each([
    ['the home page', '/'],
    ['a public API answer', '/api/resources?q=fractions'],
    ['an unknown page', '/nulle-part'],
    ['the orders page', '/commandes'],
    ['the account page', '/mon-compte'],
    ['the notifications page', '/notifications'],
  ])('forbids storing %s seen with a session', async (_what, url) => {
    const response = await get(url, { cookie: head.cookie });
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('forbids storing every private API answer, with a session or without', async () => {
    const urls = [
      '/api/me',
      `/api/orders?establishment=${uai}`,
      `/api/establishments/${uai}/cart`,
      `/api/establishments/${uai}/drawing-right`,
      `/api/establishments/${uai}/subscriptions`,
    ];
    for (const url of urls) {
      const mine = await get(url, { cookie: head.cookie });
      expect([200, 404], url).toContain(mine.statusCode);
      expect(mine.headers['cache-control'], url).toBe('no-store');
      const anonymous = await get(url);
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('forbids storing the cart page and an establishment page', async () => {
    for (const url of [`/etablissements/${uai}/panier`, `/etablissements/${uai}/abonnements`]) {
      const response = await get(url, { cookie: head.cookie });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('forbids storing pages with a secret for a signed-out visitor: the sign-in form, email links', async () => {
    const signIn = await get('/connexion');
    expect(signIn.headers['set-cookie']).toBeDefined();
    expect(signIn.headers['cache-control']).toBe('no-store');
    for (const url of ['/reinitialisation/un-lien-inconnu-mais-bien-forme-0123456789', '/invitation/x']) {
      const link = await get(url);
      expect(link.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(link.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('forbids storing answers to writes, signed in or not', async () => {
    const forgotten = await server.app.inject({
      method: 'POST',
      url: '/mot-de-passe-oublie',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=personne%40test.ccr.example',
    });
    expect(forgotten.statusCode).toBe(200);
    expect(forgotten.headers['cache-control']).toBe('no-store');
    const signIn = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'personne@test.ccr.example', password: 'un mot de passe faux' },
    });
    expect(signIn.statusCode).toBe(401);
    expect(signIn.headers['cache-control']).toBe('no-store');
  });

  it('keeps the year-long cache of static assets, with a session too', async () => {
    for (const url of [`${DSFR_BASE}/dsfr.min.css`, `${APP_ASSETS_BASE}/app.css`]) {
      const variants: Record<string, string>[] = [{}, { cookie: head.cookie }];
      for (const headers of variants) {
        const response = await get(url, headers);
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['cache-control'], url).toContain('max-age=31536000');
        expect(response.headers['cache-control'], url).toContain('immutable');
      }
    }
  });
});
