import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_IP,
  RATE_WINDOW_MS,
  retryMessage,
  signInBlockedUntil,
  type SignInAttempt,
} from './rate-limit.js';

const now = new Date('2026-11-22T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const failure = (email: string, ip: string, minutes: number): SignInAttempt => ({
  email,
  ip,
  succeeded: false,
  at: minutesAgo(minutes),
});

describe('sign-in rate limit', () => {
  it('allows up to 5 failures for one email, then blocks until the 5th latest leaves the window', () => {
    const four = [1, 2, 3, 4].map((m) => failure('a@x.fr', `10.0.0.${m}`, m));
    expect(signInBlockedUntil(four, 'a@x.fr', '10.0.0.9', now)).toBeNull();
    const five = [...four, failure('a@x.fr', '10.0.0.5', 10)];
    expect(signInBlockedUntil(five, 'a@x.fr', '10.0.0.9', now)).toEqual(
      new Date(minutesAgo(10).getTime() + RATE_WINDOW_MS),
    );
    // Another email from another address is not affected.
    expect(signInBlockedUntil(five, 'b@x.fr', '10.0.0.9', now)).toBeNull();
  });

  it('forgets failures older than 15 minutes', () => {
    const old = [16, 17, 18, 19, 20].map((m) => failure('a@x.fr', '10.0.0.1', m));
    expect(signInBlockedUntil(old, 'a@x.fr', '10.0.0.1', now)).toBeNull();
  });

  it('forgives the failures of an email before its latest success', () => {
    const attempts = [
      ...[5, 6, 7, 8, 9].map((m) => failure('a@x.fr', '10.0.0.1', m)),
      { email: 'a@x.fr', ip: '10.0.0.1', succeeded: true, at: minutesAgo(4) },
    ];
    expect(signInBlockedUntil(attempts, 'a@x.fr', '10.0.0.1', now)).toBeNull();
  });

  it('blocks an IP after 20 failures across many emails', () => {
    const spray = Array.from({ length: MAX_FAILURES_PER_IP }, (_, i) =>
      failure(`u${i}@x.fr`, '10.0.0.66', 1),
    );
    expect(signInBlockedUntil(spray, 'new@x.fr', '10.0.0.66', now)).not.toBeNull();
    expect(signInBlockedUntil(spray, 'new@x.fr', '10.0.0.67', now)).toBeNull();
  });

  it('never blocks with fewer failures than the limits, and always unblocks within 15 minutes', () => {
    const attempt = fc.record({
      email: fc.constantFrom('a@x.fr', 'b@x.fr'),
      ip: fc.constantFrom('1.1.1.1', '2.2.2.2'),
      succeeded: fc.boolean(),
      at: fc.integer({ min: 0, max: 30 * 60_000 }).map((ms) => new Date(now.getTime() - ms)),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 60 }), (attempts) => {
        const until = signInBlockedUntil(attempts, 'a@x.fr', '1.1.1.1', now);
        const recent = attempts.filter(
          (a) => now.getTime() - a.at.getTime() < RATE_WINDOW_MS && !a.succeeded,
        );
        const emailFailures = recent.filter((a) => a.email === 'a@x.fr').length;
        const ipFailures = recent.filter((a) => a.ip === '1.1.1.1').length;
        if (emailFailures < MAX_FAILURES_PER_EMAIL && ipFailures < MAX_FAILURES_PER_IP) {
          expect(until).toBeNull();
        }
        if (until) {
          expect(until.getTime()).toBeGreaterThan(now.getTime());
          expect(until.getTime()).toBeLessThanOrEqual(now.getTime() + RATE_WINDOW_MS);
          // At that time the rule lets the user try again.
          expect(signInBlockedUntil(attempts, 'a@x.fr', '1.1.1.1', until)).toBeNull();
        }
      }),
    );
  });

  it('says in French when to retry', () => {
    const message = retryMessage(new Date(now.getTime() + 9.5 * 60_000), now);
    expect(message).toMatch(
      /^Trop de tentatives de connexion\. Réessayez dans 10 minutes \(à \d\d:\d\d\)\.$/,
    );
    expect(retryMessage(new Date(now.getTime() + 10_000), now)).toContain('dans 1 minute ');
  });
});
