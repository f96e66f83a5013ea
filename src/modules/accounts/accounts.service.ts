// Use cases of the accounts module: sign-in (rate-limited), sessions, invitations, password reset and
// the profile behind /api/me. Password hashing (tens of milliseconds) runs outside transactions so it
// never holds a database connection.
import { loadConfig } from '../../config.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { audit, queueEmail } from '../notifications/notifications.repository.js';
import { roleLabels, type Actor, type RoleGrant } from './actor.js';
import {
  asDate,
  consumeAuthToken,
  countLiveAuthTokens,
  databaseNow,
  deleteExpiredSessions,
  deleteOldSignInAttempts,
  deleteSession,
  deleteUserSessions,
  findAuthToken,
  findLiveSession,
  findUserByEmail,
  findUserById,
  insertAuthToken,
  insertAuthTokenIfUser,
  insertGrants,
  insertSession,
  insertUser,
  listScopedRoles,
  normalizeEmail,
  recentSignInAttempts,
  recordSignInAttempt,
  setPasswordHash,
  useAllAuthTokens,
  writeThenKeepOrUndo,
  type Db,
  type ScopedRoleRow,
} from './accounts.repository.js';
import {
  tokenExpiry,
  tokenState,
  tokenStateMessages,
  type AuthTokenPurpose,
  type TokenState,
} from './auth-tokens.js';
import { THROTTLE_WINDOW_MS, retryMessage, signInBlockedUntil } from './rate-limit.js';
import {
  argon2Hasher,
  hashPassword,
  newToken,
  sha256,
  verifyPassword,
  type PasswordHasher,
} from './secrets.js';
import {
  DEMO_PASSWORD_REFUSED_AT_SIGN_IN,
  isRefusedDemoPassword,
  newPasswordProblem,
  type PasswordRules,
} from './password-rules.js';

/**
 * Sessions last 12 hours from sign-in, fixed (not sliding): a school day, and no write on every
 * request. Signing out, or a password reset, ends them earlier.
 */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** Base of links in emails, from PUBLIC_URL (see config.ts), read when a link is made: importing this
 *  module never parses the environment, so main.ts reports a bad configuration in its own words. */
function defaultPublicUrl(): string {
  return loadConfig().PUBLIC_URL;
}

const WRONG_CREDENTIALS = 'Adresse électronique ou mot de passe incorrect.';

export interface NewSession {
  userId: number;
  /** The cookie value; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: Db, userId: number, now = new Date()): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await insertSession(db, { idHash: sha256(token), userId, csrfToken, expiresAt });
  return { userId, token, csrfToken, expiresAt };
}

/**
 * The actor behind a session cookie and when the session ends, or undefined when it is unknown,
 * expired or its user disabled. The session plugin reads it through SessionCache.
 */
export async function loadActor(
  db: Db,
  token: string,
): Promise<{ actor: Actor; sessionExpiresAt: Date } | undefined> {
  const session = await findLiveSession(db, sha256(token));
  if (!session) return undefined;
  return {
    actor: {
      userId: session.user_id,
      email: session.email,
      displayName: session.display_name,
      grants: session.grants,
      csrfToken: session.csrf_token,
    },
    sessionExpiresAt: session.expires_at,
  };
}

/**
 * Signs in with email and password. Throws RATE_LIMITED (with the retry time) before checking the
 * password while a delay runs (rate-limit.ts), and the same UNAUTHENTICATED message for an unknown
 * email, a wrong password, a disabled account or an invitation not yet accepted, each after exactly
 * one argon2 verification (timing tells none of them apart).
 */
export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string },
  rules: PasswordRules = { production: false },
  hasher: PasswordHasher = argon2Hasher,
): Promise<NewSession> {
  // The published demo password opens nothing in production; refused before any lookup, so the
  // answer says nothing about the address.
  if (isRefusedDemoPassword(input.password, rules)) {
    throw new AppError('UNAUTHENTICATED', DEMO_PASSWORD_REFUSED_AT_SIGN_IN);
  }
  const email = normalizeEmail(input.email);
  const [attempts, now] = await Promise.all([
    recentSignInAttempts(db, email, input.ip, THROTTLE_WINDOW_MS),
    databaseNow(db),
  ]);
  const blockedUntil = signInBlockedUntil(attempts, email, input.ip, now);
  if (blockedUntil) {
    throw new AppError('RATE_LIMITED', retryMessage(blockedUntil, now), {
      retryAfter: blockedUntil.toISOString(),
      retryAfterSeconds: Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000),
    });
  }
  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(user?.password_hash ?? null, input.password, hasher);
  const succeeded = valid && user !== undefined && user.disabled_at === null;
  await recordSignInAttempt(db, { email, ip: input.ip, succeeded });
  if (!succeeded) throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  // Opportunistic cleanup, 1 sign-in in 50: no scheduler needed.
  if (Math.random() < 0.02) {
    await deleteExpiredSessions(db);
    await deleteOldSignInAttempts(db);
  }
  return createSession(db, user.id, now);
}

export async function signOut(db: Db, token: string): Promise<void> {
  await deleteSession(db, sha256(token));
}

export interface Profile {
  user: { id: number; email: string; displayName: string };
  roles: ScopedRoleRow[];
}

export async function getProfile(db: Db, userId: number): Promise<Profile> {
  const user = await findUserById(db, userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Connectez-vous pour accéder à cette page.');
  return {
    user: { id: user.id, email: user.email, displayName: user.display_name },
    roles: await listScopedRoles(db, userId),
  };
}

/** Creates a user who can sign in at once (seeds and tests). */
export async function createUserWithPassword(
  db: Kysely<Database>,
  input: { email: string; displayName: string; password: string; grants?: readonly RoleGrant[] },
): Promise<number> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const existing = await findUserByEmail(trx, input.email);
    let userId: number;
    if (existing) {
      userId = existing.id;
      await setPasswordHash(trx, userId, passwordHash);
    } else {
      userId = await insertUser(trx, { email: input.email, displayName: input.displayName, passwordHash });
    }
    await insertGrants(trx, userId, input.grants ?? []);
    return userId;
  });
}

async function issueToken(db: Db, userId: number, purpose: AuthTokenPurpose): Promise<string> {
  const token = newToken();
  await insertAuthToken(db, {
    tokenHash: sha256(token),
    userId,
    purpose,
    expiresAt: tokenExpiry(purpose, new Date()),
  });
  return token;
}

function grantsText(grants: readonly RoleGrant[]): string {
  return [...new Set(grants.map((grant) => roleLabels[grant.role]))].join(', ');
}

/**
 * Invites someone: creates the user (without a password) if the email is new, adds the grants, and
 * queues an invitation email whose link (valid 7 days, once) lets them choose a password. A user who
 * already has a password gets an email about the new role instead. Runs in the caller's transaction
 * (funding's "publish"); the caller authorizes. Returns the user id.
 */
export async function inviteUser(
  trx: Db,
  input: {
    email: string;
    displayName: string;
    grants: readonly RoleGrant[];
    invitedBy: number | null;
    publicUrl?: string;
  },
): Promise<number> {
  const email = normalizeEmail(input.email);
  const existing = await findUserByEmail(trx, email);
  const userId =
    existing?.id ?? (await insertUser(trx, { email, displayName: input.displayName, passwordHash: null }));
  await insertGrants(trx, userId, input.grants);
  const base = input.publicUrl ?? defaultPublicUrl();
  const roleText = grantsText(input.grants);
  if (existing?.password_hash) {
    await queueEmail(trx, {
      to: email,
      subject: 'Un nouveau rôle vous a été attribué',
      body:
        `Bonjour ${existing.display_name},\n\nUn nouveau rôle vous a été attribué sur le Catalogue chèque ` +
        `ressources : ${roleText}.\nConnectez-vous avec votre compte habituel : ${base}/connexion\n`,
    });
  } else {
    const token = await issueToken(trx, userId, 'invitation');
    await queueEmail(trx, {
      to: email,
      subject: 'Invitation au Catalogue chèque ressources',
      body:
        `Bonjour ${existing?.display_name ?? input.displayName},\n\nVous êtes invité à utiliser le Catalogue ` +
        `chèque ressources (${roleText}).\nChoisissez votre mot de passe avec ce lien, valable 7 jours et ` +
        `une seule fois :\n${base}/invitation/${token}\n`,
    });
  }
  await audit(trx, {
    actorUserId: input.invitedBy,
    action: existing ? 'user.grants-added' : 'user.invited',
    subjectType: 'user',
    subjectId: userId,
    details: { grants: input.grants },
  });
  return userId;
}

export interface TokenCheck {
  state: TokenState;
  message?: string;
  user?: { id: number; email: string; displayName: string };
}

/** Whether an email link may be used, without using it (the page shows the form or why not). */
export async function checkToken(db: Db, token: string, purpose: AuthTokenPurpose): Promise<TokenCheck> {
  const row = await findAuthToken(db, sha256(token), purpose);
  const state = tokenState(
    row && { expires_at: asDate(row.expires_at), used_at: row.used_at ? asDate(row.used_at) : null },
    await databaseNow(db),
  );
  if (state !== 'valid') return { state, message: tokenStateMessages[state] };
  const user = await findUserById(db, row!.user_id);
  if (!user || user.disabled_at !== null) return { state: 'unknown', message: tokenStateMessages.unknown };
  return { state, user: { id: user.id, email: user.email, displayName: user.display_name } };
}

/**
 * Uses an invitation or reset link to set the password, once. Every existing session of the user
 * ends (a reset is often the answer to a stolen password). Throws VALIDATION_FAILED (weak password)
 * or CONFLICT (unknown, expired or used link, with the reason).
 */
export async function setPasswordWithToken(
  db: Kysely<Database>,
  input: { token: string; password: string; purpose: AuthTokenPurpose },
  rules: PasswordRules = { production: false },
): Promise<number> {
  const problem = newPasswordProblem(input.password, rules);
  if (problem) throw new AppError('VALIDATION_FAILED', problem);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const userId = await consumeAuthToken(trx, sha256(input.token), input.purpose);
    if (userId === undefined) {
      const check = await checkToken(trx, input.token, input.purpose);
      throw new AppError('CONFLICT', check.message ?? tokenStateMessages.unknown, { token: check.state });
    }
    await setPasswordHash(trx, userId, passwordHash);
    await deleteUserSessions(trx, userId);
    // Both kinds of link are spent: the password is chosen.
    await useAllAuthTokens(trx, userId, 'invitation');
    await useAllAuthTokens(trx, userId, 'password-reset');
    await audit(trx, {
      actorUserId: userId,
      action: input.purpose === 'invitation' ? 'user.invitation-accepted' : 'user.password-reset',
      subjectType: 'user',
      subjectId: userId,
    });
    return userId;
  });
}

/** At most this many live reset links per user, so the form cannot flood someone's mailbox. */
export const MAX_LIVE_RESET_LINKS = 3;

/**
 * Queues a reset link (valid 1 hour, once) if an enabled account has this email. Says nothing either
 * way: the page always answers "if an account exists…", so it reveals no emails. Timing neither:
 * every path runs the same statements, and writes the token and the email, undone at once when there
 * is no account to reset (or it already has its live links).
 */
export async function requestPasswordReset(
  db: Kysely<Database>,
  input: { email: string; publicUrl?: string },
): Promise<void> {
  const token = newToken();
  const base = input.publicUrl ?? defaultPublicUrl();
  await db.transaction().execute(async (trx) => {
    const user = await findUserByEmail(trx, input.email);
    const userId = user?.id ?? 0; // no user has id 0: the statements below match nothing
    const live = await countLiveAuthTokens(trx, userId, 'password-reset');
    const send = user !== undefined && user.disabled_at === null && live < MAX_LIVE_RESET_LINKS;
    await writeThenKeepOrUndo(trx, send, async () => {
      await insertAuthTokenIfUser(trx, {
        tokenHash: sha256(token),
        userId,
        purpose: 'password-reset',
        expiresAt: tokenExpiry('password-reset', new Date()),
      });
      await queueEmail(trx, {
        to: user?.email ?? normalizeEmail(input.email),
        subject: 'Réinitialisation de votre mot de passe',
        body:
          `Bonjour ${user?.display_name ?? ''},\n\nPour choisir un nouveau mot de passe, suivez ce lien, valable ` +
          `1 heure et une seule fois :\n${base}/reinitialisation/${token}\n\nSi vous n’avez rien demandé, ` +
          `ignorez ce message : votre mot de passe ne change pas.\n`,
      });
    });
  });
}
