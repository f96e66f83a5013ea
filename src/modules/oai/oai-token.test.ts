// Resumption tokens: read back as signed, refused when altered, signed by another key, or expired.
// And the provider's settings from the configuration (adminEmail never at localhost).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { oaiSettings } from './oai-provider.service.js';
import { readToken, signToken, type TokenState } from './oai-token.js';

const state: TokenState = {
  verb: 'ListRecords',
  prefix: 'scolomfr',
  set: 'cost:yes',
  from: null,
  until: '2026-12-05T12:00:00.000000Z',
  afterModifiedAt: '2026-12-05T11:00:00.123456Z',
  afterId: 42,
  cursor: 200,
  completeListSize: 1000,
  expiresAt: 2_000,
};

describe('resumption tokens', () => {
  const key = randomBytes(32);

  it('read back as they were signed, until they expire', () => {
    const token = signToken(key, state);
    expect(readToken(key, token, 1_999)).toEqual({ ok: true, state });
    expect(readToken(key, token, 2_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse an altered token, another key, and garbage', () => {
    const token = signToken(key, state);
    const [, signature] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...state, cursor: 0 })).toString('base64url');
    expect(readToken(key, `${altered}.${signature}`, 0)).toEqual({ ok: false, reason: 'forged' });
    expect(readToken(randomBytes(32), token, 0)).toEqual({ ok: false, reason: 'forged' });
    for (const garbage of ['', '.', 'a.b', `${token}.`, token.toUpperCase()]) {
      expect(readToken(key, garbage, 0)).toEqual({ ok: false, reason: 'forged' });
    }
    // Signed by us but not a state: still refused, not thrown.
    const notState = Buffer.from('[1,2]').toString('base64url');
    const signedGarbage = signToken(key, state).replace(/^[^.]+/, notState);
    expect(readToken(key, signedGarbage, 0).ok).toBe(false);
  });
});

describe('OAI settings', () => {
  it('baseURL is PUBLIC_URL/oai; the identifier host is its host', () => {
    const settings = oaiSettings('https://catalogue.example.fr/', 'oai@example.fr');
    expect(settings.baseUrl).toBe('https://catalogue.example.fr/oai');
    expect(settings.repositoryIdentifier).toBe('catalogue.example.fr');
  });

  it('OAI_ADMIN_EMAIL defaults from PUBLIC_URL, never at localhost, and refuses localhost', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://catalogue.example.fr' }).OAI_ADMIN_EMAIL).toBe(
      'catalogue@catalogue.example.fr',
    );
    expect(loadConfig({}).OAI_ADMIN_EMAIL).toBe('catalogue@example.org');
    expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3000' }).OAI_ADMIN_EMAIL).toBe('catalogue@example.org');
    expect(loadConfig({ OAI_ADMIN_EMAIL: 'oai@ministere.example.fr' }).OAI_ADMIN_EMAIL).toBe(
      'oai@ministere.example.fr',
    );
    expect(() => loadConfig({ OAI_ADMIN_EMAIL: 'root@localhost' })).toThrow(ConfigError);
    expect(() => loadConfig({ OAI_ADMIN_EMAIL: 'not an address' })).toThrow(ConfigError);
  });
});
