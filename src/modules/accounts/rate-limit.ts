// The sign-in throttle, as a pure rule over recent attempts (read from sign_in_attempts, so it holds
// across app nodes). Delays grow, never lock:
// - per (account, address): 5 failures are free, then each further attempt waits 2, 4, 8… seconds
//   after the latest failure, at most 15 minutes. A success from that address forgives them.
// - per address: 20 failures (any accounts) are free, then the same growing delays; a success never
//   forgives them, so one address cannot spray many accounts between its own sign-ins.
// - per account: past 10 failures from anywhere within 15 minutes, each address waits a few seconds
//   after its own latest failure on it. Counted from the address's own attempts, not the account's:
//   a delay counted from other addresses' failures would let a stranger take every slot and lock the
//   real user out.
// Refused (throttled) attempts are not recorded, so hammering during a delay does not lengthen it.
export const THROTTLE_WINDOW_MS = 60 * 60 * 1000;
export const FREE_FAILURES_PER_PAIR = 5;
export const FREE_FAILURES_PER_ADDRESS = 20;
export const MAX_DELAY_MS = 15 * 60 * 1000;
export const ACCOUNT_CEILING_WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_CEILING_FAILURES = 10;
export const ACCOUNT_CEILING_DELAY_MS = 3 * 1000;

export interface SignInAttempt {
  email: string;
  ip: string;
  succeeded: boolean;
  at: Date;
}

/** After `failures` failures of which `free` are free: 0, or 2^(failures − free + 1) s, capped. */
export function backoffMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_MS, 2 ** Math.min(30, failures - free + 1) * 1000);
}

function latest(dates: readonly Date[]): number {
  return Math.max(...dates.map((date) => date.getTime()));
}

/**
 * When the next sign-in for this email from this address may be tried, or null if it may be tried
 * now.
 */
export function signInBlockedUntil(
  attempts: readonly SignInAttempt[],
  email: string,
  ip: string,
  now: Date,
): Date | null {
  const recent = attempts.filter(
    (attempt) => now.getTime() - attempt.at.getTime() < THROTTLE_WINDOW_MS && attempt.at <= now,
  );
  const after = (time: number) => (attempt: SignInAttempt) => attempt.at.getTime() > time;
  const lastSuccess = (list: SignInAttempt[]) =>
    Math.max(0, ...list.filter((attempt) => attempt.succeeded).map((attempt) => attempt.at.getTime()));

  const pair = recent.filter((attempt) => attempt.email === email && attempt.ip === ip);
  const pairFailures = pair.filter((a) => !a.succeeded && after(lastSuccess(pair))(a)).map((a) => a.at);
  const addressFailures = recent.filter((a) => a.ip === ip && !a.succeeded).map((a) => a.at);
  const account = recent.filter((attempt) => attempt.email === email);
  const accountFailures = account.filter(
    (a) =>
      !a.succeeded &&
      after(lastSuccess(account))(a) &&
      now.getTime() - a.at.getTime() < ACCOUNT_CEILING_WINDOW_MS,
  );

  const candidates: number[] = [];
  if (pairFailures.length > 0) {
    candidates.push(latest(pairFailures) + backoffMs(pairFailures.length, FREE_FAILURES_PER_PAIR));
    if (accountFailures.length >= ACCOUNT_CEILING_FAILURES) {
      candidates.push(latest(pairFailures) + ACCOUNT_CEILING_DELAY_MS);
    }
  }
  if (addressFailures.length > 0) {
    candidates.push(latest(addressFailures) + backoffMs(addressFailures.length, FREE_FAILURES_PER_ADDRESS));
  }
  const until = Math.max(0, ...candidates);
  return until > now.getTime() ? new Date(until) : null;
}

/**
 * "Réessayez dans 4 secondes." under a minute, else "Réessayez dans 12 minutes (à 14 h 05)." in
 * Paris time.
 */
export function retryMessage(until: Date, now: Date): string {
  const prefix = 'Trop de tentatives de connexion. Réessayez dans';
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  if (seconds < 60) return `${prefix} ${seconds} seconde${seconds > 1 ? 's' : ''}.`;
  const minutes = Math.ceil(seconds / 60);
  const time = new Intl.DateTimeFormat('fr-FR', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  }).format(until);
  return `${prefix} ${minutes} minute${minutes > 1 ? 's' : ''} (à ${time}).`;
}
