import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './accounts.schema.js';
import { TOKEN_LIFETIME_MS, tokenExpiry, tokenState } from './auth-tokens.js';
import { newToken, sameSecret, sha256 } from './secrets.js';

const now = new Date('2026-11-22T12:00:00Z');

describe('email link tokens', () => {
  it('lives 7 days for an invitation and 1 hour for a password reset', () => {
    expect(tokenExpiry('invitation', now).toISOString()).toBe('2026-11-29T12:00:00.000Z');
    expect(tokenExpiry('password-reset', now).toISOString()).toBe('2026-11-22T13:00:00.000Z');
    expect(TOKEN_LIFETIME_MS['password-reset']).toBe(3_600_000);
  });

  it('is valid until it expires, and single use', () => {
    const expires = tokenExpiry('password-reset', now);
    expect(tokenState(undefined, now)).toBe('unknown');
    expect(tokenState({ expires_at: expires, used_at: null }, now)).toBe('valid');
    expect(tokenState({ expires_at: expires, used_at: null }, new Date(expires.getTime() - 1))).toBe('valid');
    expect(tokenState({ expires_at: expires, used_at: null }, expires)).toBe('expired');
    expect(tokenState({ expires_at: expires, used_at: now }, now)).toBe('used');
    // Used wins over expired: the message tells the user the link already served.
    expect(tokenState({ expires_at: expires, used_at: now }, new Date(expires.getTime() + 1))).toBe('used');
  });

  it('draws 256-bit URL-safe tokens and stores only their SHA-256', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
    expect(sha256(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(sameSecret(token, token)).toBe(true);
    expect(sameSecret(token, `${token}x`)).toBe(false);
  });
});

describe('return path after sign-in', () => {
  it('keeps local paths only', () => {
    expect(safeReturnPath('/commandes?etat=1')).toBe('/commandes?etat=1');
    expect(safeReturnPath('//evil.example/')).toBe('/mon-compte');
    expect(safeReturnPath('/\\evil.example')).toBe('/mon-compte');
    expect(safeReturnPath('https://evil.example/')).toBe('/mon-compte');
    expect(safeReturnPath(undefined)).toBe('/mon-compte');
  });
});
