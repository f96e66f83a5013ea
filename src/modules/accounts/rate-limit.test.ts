import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_CEILING_DELAY_MS,
  ACCOUNT_CEILING_FAILURES,
  backoffMs,
  FREE_FAILURES_PER_ADDRESS,
  FREE_FAILURES_PER_PAIR,
  MAX_DELAY_MS,
  retryMessage,
  signInBlockedUntil,
  THROTTLE_WINDOW_MS,
  type SignInAttempt,
} from './rate-limit.js';

const now = new Date('2026-11-22T12:00:00Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const failure = (email: string, ip: string, seconds: number): SignInAttempt => ({
  email,
  ip,
  succeeded: false,
  at: secondsAgo(seconds),
});
const success = (email: string, ip: string, seconds: number): SignInAttempt => ({
  ...failure(email, ip, seconds),
  succeeded: true,
});

describe('sign-in throttle', () => {
  it('lets 5 failures of one (account, address) through, then waits 2, 4, 8… seconds, capped', () => {
    expect([4, 5, 6, 7, 40].map((n) => backoffMs(n, FREE_FAILURES_PER_PAIR))).toEqual([
      0,
      2000,
      4000,
      8000,
      MAX_DELAY_MS,
    ]);
    const four = [1, 2, 3, 4].map((s) => failure('a@x.fr', '10.0.0.1', s));
    expect(signInBlockedUntil(four, 'a@x.fr', '10.0.0.1', now)).toBeNull();
    const five = [...four, failure('a@x.fr', '10.0.0.1', 1)];
    expect(signInBlockedUntil(five, 'a@x.fr', '10.0.0.1', now)).toEqual(
      new Date(secondsAgo(1).getTime() + 2000),
    );
    const six = [...five, failure('a@x.fr', '10.0.0.1', 1)];
    expect(signInBlockedUntil(six, 'a@x.fr', '10.0.0.1', now)).toEqual(
      new Date(secondsAgo(1).getTime() + 4000),
    );
  });

  it('never delays the owner at another address for a stranger’s failures', () => {
    const stranger = Array.from({ length: 40 }, (_, i) => failure('a@x.fr', '10.0.0.66', i));
    expect(signInBlockedUntil(stranger, 'a@x.fr', '10.0.0.66', now)).not.toBeNull();
    expect(signInBlockedUntil(stranger, 'a@x.fr', '192.168.1.7', now)).toBeNull();
  });

  it('forgives an address its failures on an account once it signs in there, not elsewhere', () => {
    const failures = [1, 1, 1, 1, 1].map((s) => failure('a@x.fr', '10.0.0.1', s));
    expect(
      signInBlockedUntil([...failures, success('a@x.fr', '10.0.0.1', 0.5)], 'a@x.fr', '10.0.0.1', now),
    ).toBeNull();
    expect(
      signInBlockedUntil([...failures, success('a@x.fr', '10.0.0.2', 0.5)], 'a@x.fr', '10.0.0.1', now),
    ).not.toBeNull();
  });

  it('delays an address after 20 failures across many accounts, whatever it signs into', () => {
    const spray = Array.from({ length: FREE_FAILURES_PER_ADDRESS }, (_, i) =>
      failure(`u${i}@x.fr`, '10.0.0.66', 1),
    );
    expect(signInBlockedUntil(spray, 'new@x.fr', '10.0.0.66', now)).not.toBeNull();
    expect(signInBlockedUntil(spray, 'new@x.fr', '10.0.0.67', now)).toBeNull();
  });

  it('past the account ceiling, slows each address by a few seconds after its own failure, no more', () => {
    const many = Array.from({ length: ACCOUNT_CEILING_FAILURES }, (_, i) =>
      failure('a@x.fr', `10.9.0.${i}`, 1),
    );
    // A fresh address is not delayed at all; one that just failed waits the short delay only.
    expect(signInBlockedUntil(many, 'a@x.fr', '192.168.1.7', now)).toBeNull();
    const mine = [...many, failure('a@x.fr', '192.168.1.7', 1)];
    expect(signInBlockedUntil(mine, 'a@x.fr', '192.168.1.7', now)).toEqual(
      new Date(secondsAgo(1).getTime() + ACCOUNT_CEILING_DELAY_MS),
    );
  });

  it('forgets failures older than the window', () => {
    const old = Array.from({ length: 30 }, () =>
      failure('a@x.fr', '10.0.0.1', THROTTLE_WINDOW_MS / 1000 + 1),
    );
    expect(signInBlockedUntil(old, 'a@x.fr', '10.0.0.1', now)).toBeNull();
  });

  it('never delays an address for other addresses’ failures beyond the ceiling delay, never past the cap', () => {
    const attempt = fc.record({
      email: fc.constantFrom('a@x.fr', 'b@x.fr'),
      ip: fc.constantFrom('1.1.1.1', '2.2.2.2', '3.3.3.3'),
      succeeded: fc.boolean(),
      at: fc.integer({ min: 0, max: 90 * 60_000 }).map((ms) => new Date(now.getTime() - ms)),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 80 }), (attempts) => {
        const until = signInBlockedUntil(attempts, 'a@x.fr', '1.1.1.1', now);
        const mine = attempts.filter((a) => a.ip === '1.1.1.1' && !a.succeeded);
        if (mine.length === 0) expect(until).toBeNull();
        if (until) {
          expect(until.getTime()).toBeGreaterThan(now.getTime());
          expect(until.getTime()).toBeLessThanOrEqual(now.getTime() + MAX_DELAY_MS);
          // At that time the rule lets the address try again.
          expect(signInBlockedUntil(attempts, 'a@x.fr', '1.1.1.1', until)).toBeNull();
        }
        // The same attempts without this address's own: no delay at all.
        const others = attempts.filter((a) => a.ip !== '1.1.1.1');
        expect(signInBlockedUntil(others, 'a@x.fr', '1.1.1.1', now)).toBeNull();
      }),
    );
  });

  it('says in French when to retry', () => {
    const message = retryMessage(new Date(now.getTime() + 9.5 * 60_000), now);
    expect(message).toMatch(
      /^Trop de tentatives de connexion\. Réessayez dans 10 minutes \(à \d\d:\d\d\)\.$/,
    );
    expect(retryMessage(new Date(now.getTime() + 61_000), now)).toContain('dans 2 minutes ');
    expect(retryMessage(new Date(now.getTime() + 4_000), now)).toBe(
      'Trop de tentatives de connexion. Réessayez dans 4 secondes.',
    );
    expect(retryMessage(new Date(now.getTime() + 500), now)).toContain('dans 1 seconde.');
  });
});
