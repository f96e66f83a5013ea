// The sign-in rate limit, as a pure rule over recent attempts (read from sign_in_attempts, so it holds
// across app nodes): more than 5 failures for one email, or 20 from one IP, within 15 minutes.
export const RATE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface SignInAttempt {
  email: string;
  ip: string;
  succeeded: boolean;
  at: Date;
}

/** The N-th most recent failure leaves the window at this time; before it, the limit holds. */
function blockedUntil(failures: Date[], limit: number): Date | null {
  if (failures.length < limit) return null;
  const sorted = [...failures].sort((a, b) => b.getTime() - a.getTime());
  return new Date(sorted[limit - 1]!.getTime() + RATE_WINDOW_MS);
}

/**
 * When the next sign-in for this email from this IP may be tried, or null if it may be tried now.
 * A success for the email forgives its earlier failures (the owner got in); IP failures always count,
 * so one address cannot spray many accounts.
 */
export function signInBlockedUntil(
  attempts: readonly SignInAttempt[],
  email: string,
  ip: string,
  now: Date,
): Date | null {
  const recent = attempts.filter((attempt) => now.getTime() - attempt.at.getTime() < RATE_WINDOW_MS);
  const forEmail = recent.filter((attempt) => attempt.email === email);
  const lastSuccess = Math.max(
    0,
    ...forEmail.filter((attempt) => attempt.succeeded).map((attempt) => attempt.at.getTime()),
  );
  const emailFailures = forEmail
    .filter((attempt) => !attempt.succeeded && attempt.at.getTime() > lastSuccess)
    .map((attempt) => attempt.at);
  const ipFailures = recent.filter((attempt) => attempt.ip === ip && !attempt.succeeded).map((a) => a.at);
  const candidates = [
    blockedUntil(emailFailures, MAX_FAILURES_PER_EMAIL),
    blockedUntil(ipFailures, MAX_FAILURES_PER_IP),
  ].filter((date): date is Date => date !== null && date.getTime() > now.getTime());
  if (candidates.length === 0) return null;
  return new Date(Math.max(...candidates.map((date) => date.getTime())));
}

/** "Réessayez dans 12 minutes (à 14 h 05)." in Paris time. */
export function retryMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  const time = new Intl.DateTimeFormat('fr-FR', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  }).format(until);
  return `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''} (à ${time}).`;
}
