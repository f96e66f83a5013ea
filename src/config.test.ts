// The configuration rules that keep secrets and links safe in production (issue 9, part 1).
import { describe, expect, it } from 'vitest';
import { devOutboxEnabled, loadConfig } from './config.js';

describe('config: mail and links', () => {
  it('refuses NODE_ENV=production without PUBLIC_URL, naming the variable', () => {
    // Before: links in reset and invitation emails silently pointed at http://localhost:3000.
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /PUBLIC_URL: required with NODE_ENV=production/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://catalogue.example.fr' }).PUBLIC_URL,
    ).toBe('https://catalogue.example.fr');
    expect(loadConfig({}).PUBLIC_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PUBLIC_URL: 'https://catalogue.example.fr/' }).PUBLIC_URL).toBe(
      'https://catalogue.example.fr',
    );
  });

  it('refuses DEV_OUTBOX=1 with NODE_ENV=production', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://catalogue.example.fr', DEV_OUTBOX: '1' }),
    ).toThrow(/DEV_OUTBOX: refused with NODE_ENV=production/);
  });

  it('opens the outbox viewer only when asked, or for the embedded demo outside production', () => {
    expect(devOutboxEnabled(loadConfig({}))).toBe(true);
    expect(devOutboxEnabled(loadConfig({ DEV_OUTBOX: '0' }))).toBe(false);
    expect(devOutboxEnabled(loadConfig({ DEMO: '0' }))).toBe(false);
    expect(devOutboxEnabled(loadConfig({ SMTP_URL: 'smtp://localhost:2525' }))).toBe(false);
    expect(devOutboxEnabled(loadConfig({ DATABASE_URL: 'postgres://db/catalogue' }))).toBe(false);
    expect(devOutboxEnabled(loadConfig({ DATABASE_URL: 'postgres://db/catalogue', DEV_OUTBOX: '1' }))).toBe(
      true,
    );
    expect(
      devOutboxEnabled(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://catalogue.example.fr' })),
    ).toBe(false);
  });

  it('takes SMTP URLs only', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://user:pass@mail.example.fr:587' }).SMTP_URL).toBe(
      'smtp://user:pass@mail.example.fr:587',
    );
    expect(() => loadConfig({ SMTP_URL: 'https://mail.example.fr' })).toThrow(/SMTP_URL/);
  });
});

describe('config: reverse proxy', () => {
  it('trusts no proxy by default, any with true, or the addresses given', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1,10.0.0.0/8' }).TRUST_PROXY).toBe('10.0.0.1,10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });
});
