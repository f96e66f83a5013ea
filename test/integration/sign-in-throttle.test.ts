// The sign-in throttle over HTTP, counted in sign_in_attempts (so it holds across app nodes): growing
// delays per (account, address) and per address, a per-account ceiling that only slows, and never a
// lockout of the real user by a stranger's failures from elsewhere. Waiting is simulated by moving
// the recorded attempts back in time, never by sleeping.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_CEILING_DELAY_MS,
  ACCOUNT_CEILING_FAILURES,
  FREE_FAILURES_PER_ADDRESS,
  FREE_FAILURES_PER_PAIR,
} from '../../src/modules/accounts/rate-limit.js';
import { createUser, TEST_PASSWORD, unique, uniqueIp } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const db = () => server.database.db;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function apiSignIn(email: string, password: string, ip: string) {
  return server.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email, password },
    remoteAddress: ip,
  });
}

/** As if `seconds` had passed since every attempt on this account. */
async function waitOnAccount(email: string, seconds: number) {
  await db()
    .updateTable('sign_in_attempts')
    .set({ at: sql<Date>`at - make_interval(secs => ${seconds})` as never })
    .where('email', '=', email)
    .execute();
}

describe('sign-in throttle', () => {
  it('never stops the owner signing in from another address, whatever a stranger tried', async () => {
    const { email, password } = await createUser(db(), { password: TEST_PASSWORD });
    const stranger = uniqueIp();
    for (let i = 0; i < FREE_FAILURES_PER_PAIR; i += 1) {
      expect((await apiSignIn(email, `mauvais ${i}`, stranger)).statusCode).toBe(401);
    }
    // Five failures from different addresses used to lock the account for everyone for 15 minutes.
    for (let i = 0; i < 5; i += 1) {
      expect((await apiSignIn(email, `mauvais ${i}`, uniqueIp())).statusCode).toBe(401);
    }
    expect((await apiSignIn(email, 'encore', stranger)).statusCode).toBe(429);
    const owner = await apiSignIn(email, password, uniqueIp());
    expect(owner.statusCode).toBe(200);
    expect(owner.headers['set-cookie']).toBeDefined();
  });

  it('lets 5 failures of one account from one address through, then delays 2 s, 4 s… with 429 and Retry-After', async () => {
    const { email, password } = await createUser(db(), { password: TEST_PASSWORD });
    const ip = uniqueIp();
    for (let i = 0; i < FREE_FAILURES_PER_PAIR; i += 1) {
      expect((await apiSignIn(email, `mauvais ${i}`, ip)).statusCode).toBe(401);
    }
    const limited = await apiSignIn(email, password, ip);
    expect(limited.statusCode).toBe(429);
    const body = limited.json<{
      error: { code: string; message: string; details: { retryAfterSeconds: number } };
    }>();
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toMatch(/^Trop de tentatives de connexion\. Réessayez dans [12] secondes?\.$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(2);
    expect(limited.headers['set-cookie']).toBeUndefined();
    // Hammering during the delay is refused without being counted: it does not lengthen the delay.
    for (let i = 0; i < 5; i += 1) expect((await apiSignIn(email, 'devine', ip)).statusCode).toBe(429);

    await waitOnAccount(email, 3);
    expect((await apiSignIn(email, 'mauvais 6', ip)).statusCode).toBe(401);
    // The 6th failure doubles the delay.
    const longer = await apiSignIn(email, password, ip);
    expect(longer.statusCode).toBe(429);
    expect(Number(longer.headers['retry-after'])).toBeGreaterThan(2);
    expect(Number(longer.headers['retry-after'])).toBeLessThanOrEqual(4);

    await waitOnAccount(email, 5);
    expect((await apiSignIn(email, password, ip)).statusCode).toBe(200);
    // The success forgave this address its failures on the account.
    expect((await apiSignIn(email, 'oups', ip)).statusCode).toBe(401);
    expect((await apiSignIn(email, password, ip)).statusCode).toBe(200);
  });

  it('delays an address after 20 failures whatever the email, and only that address', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < FREE_FAILURES_PER_ADDRESS; i += 1) {
      expect((await apiSignIn(`inconnu${unique()}-${i}@test.ccr.example`, 'devine', ip)).statusCode).toBe(
        401,
      );
    }
    const { email, password } = await createUser(db(), { password: TEST_PASSWORD });
    expect((await apiSignIn(email, password, ip)).statusCode).toBe(429);
    expect((await apiSignIn(email, password, uniqueIp())).statusCode).toBe(200);
  });

  it('past the account ceiling only slows each address a few seconds after its own failure', async () => {
    const { email, password } = await createUser(db(), { password: TEST_PASSWORD });
    for (let i = 0; i < ACCOUNT_CEILING_FAILURES; i += 1) {
      expect((await apiSignIn(email, `mauvais ${i}`, uniqueIp())).statusCode).toBe(401);
    }
    const owner = uniqueIp();
    expect((await apiSignIn(email, 'une faute de frappe', owner)).statusCode).toBe(401);
    const slowed = await apiSignIn(email, password, owner);
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(ACCOUNT_CEILING_DELAY_MS / 1000);
    // A fresh address is not slowed at all, and the slowed one gets in once its few seconds passed.
    expect((await apiSignIn(email, password, uniqueIp())).statusCode).toBe(200);
    await waitOnAccount(email, ACCOUNT_CEILING_DELAY_MS / 1000);
    expect((await apiSignIn(email, password, owner)).statusCode).toBe(200);
  });

  it('shows the delay on the sign-in page with 429 and Retry-After', async () => {
    const { email } = await createUser(db(), { password: TEST_PASSWORD });
    const ip = uniqueIp();
    for (let i = 0; i < FREE_FAILURES_PER_PAIR; i += 1) await apiSignIn(email, `mauvais ${i}`, ip);
    const page = await server.app.inject('/connexion');
    const token = /name="_signin" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = `ccr_signin=${/^ccr_signin=([^;]+)/.exec(String(page.headers['set-cookie']))![1]}`;
    const limited = await server.app.inject({
      method: 'POST',
      url: '/connexion',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams({ email, password: 'faux', _signin: token }).toString(),
      remoteAddress: ip,
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^[12]$/);
    expect(limited.body).toMatch(/Trop de tentatives de connexion\. Réessayez dans [12] secondes?\./);
  });
});
