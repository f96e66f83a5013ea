// Queries of the accounts module: users, role grants, sessions, email tokens and sign-in attempts.
// Every function takes the database handle first, so it runs inside a use case's transaction as well.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RoleGrant, Role } from './actor.js';
import type { AuthTokenPurpose } from './auth-tokens.js';
import type { SignInAttempt } from './rate-limit.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface UserRow {
  id: number;
  email: string;
  display_name: string;
  password_hash: string | null;
  disabled_at: Date | null;
}

/** Timestamps come back from the `pg` driver as Date objects. */
export function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'password_hash', 'disabled_at'])
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'password_hash', 'disabled_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertUser(
  db: Db,
  user: { email: string; displayName: string; passwordHash: string | null },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      email: normalizeEmail(user.email),
      display_name: user.displayName,
      password_hash: user.passwordHash,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setPasswordHash(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** Adds grants the user does not hold yet (the unique key treats NULL scopes as equal). */
export async function insertGrants(db: Db, userId: number, grants: readonly RoleGrant[]): Promise<void> {
  if (grants.length === 0) return;
  await db
    .insertInto('role_assignments')
    .values(
      grants.map((grant) => ({
        user_id: userId,
        role: grant.role,
        establishment_id: grant.establishmentId,
        academy_id: grant.academyId,
        producer_id: grant.producerId,
      })),
    )
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

export async function listGrants(db: Db, userId: number): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select(['role', 'establishment_id', 'academy_id', 'producer_id'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    role: row.role as Role,
    establishmentId: row.establishment_id,
    academyId: row.academy_id,
    producerId: row.producer_id,
  }));
}

export interface ScopedRoleRow {
  role: Role;
  establishment: { id: number; uai: string; name: string } | null;
  academy: { id: number; code: string; name: string } | null;
  producer: { id: number; code: string; name: string } | null;
}

/** The user's grants with the names of their scopes, for /api/me and the account page. */
export async function listScopedRoles(db: Db, userId: number): Promise<ScopedRoleRow[]> {
  const rows = await db
    .selectFrom('role_assignments as r')
    .leftJoin('establishments as e', 'e.id', 'r.establishment_id')
    .leftJoin('academies as a', 'a.id', 'r.academy_id')
    .leftJoin('producers as p', 'p.id', 'r.producer_id')
    .select([
      'r.role',
      'e.id as establishmentId',
      'e.uai as establishmentUai',
      'e.name as establishmentName',
      'a.id as academyId',
      'a.code as academyCode',
      'a.name as academyName',
      'p.id as producerId',
      'p.code as producerCode',
      'p.name as producerName',
    ])
    .where('r.user_id', '=', userId)
    .orderBy('r.id')
    .execute();
  return rows.map((row) => ({
    role: row.role as Role,
    establishment:
      row.establishmentId !== null
        ? { id: row.establishmentId, uai: row.establishmentUai!, name: row.establishmentName! }
        : null,
    academy:
      row.academyId !== null ? { id: row.academyId, code: row.academyCode!, name: row.academyName! } : null,
    producer:
      row.producerId !== null
        ? { id: row.producerId, code: row.producerCode!, name: row.producerName! }
        : null,
  }));
}

// ---- Sessions ----

export async function insertSession(
  db: Db,
  session: { idHash: string; userId: number; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
    })
    .execute();
}

/**
 * The live session with its (enabled) user and role grants, in one query (it runs on every request),
 * or undefined when the session is expired or unknown or the user disabled.
 */
export async function findLiveSession(db: Db, idHash: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.user_id',
      's.csrf_token',
      's.expires_at',
      'u.email',
      'u.display_name',
      sql<RoleGrant[]>`coalesce((
        SELECT json_agg(json_build_object(
                 'role', r.role, 'establishmentId', r.establishment_id,
                 'academyId', r.academy_id, 'producerId', r.producer_id) ORDER BY r.id)
        FROM role_assignments r WHERE r.user_id = s.user_id), '[]'::json)`.as('grants'),
    ])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Expired sessions are useless; sign-in sweeps them now and then so the table stays small. */
export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
}

// ---- Email tokens (invitation, password reset) ----

export async function insertAuthToken(
  db: Db,
  token: { tokenHash: string; userId: number; purpose: AuthTokenPurpose; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('auth_tokens')
    .values({
      token_hash: token.tokenHash,
      user_id: token.userId,
      purpose: token.purpose,
      expires_at: token.expiresAt,
      used_at: null,
    })
    .execute();
}

export async function findAuthToken(db: Db, tokenHash: string, purpose: AuthTokenPurpose) {
  return db
    .selectFrom('auth_tokens')
    .select(['user_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/** Marks the token used if it still is valid: one atomic statement, so a link works exactly once. */
export async function consumeAuthToken(
  db: Db,
  tokenHash: string,
  purpose: AuthTokenPurpose,
): Promise<number | undefined> {
  const row = await db
    .updateTable('auth_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** After a reset, older reset links of the same user stop working too. */
export async function useAllAuthTokens(db: Db, userId: number, purpose: AuthTokenPurpose): Promise<void> {
  await db
    .updateTable('auth_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

export async function countLiveAuthTokens(
  db: Db,
  userId: number,
  purpose: AuthTokenPurpose,
): Promise<number> {
  const row = await db
    .selectFrom('auth_tokens')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Inserts a link token for this user if the user exists: the same statement, with the same plan,
 * whether or not it does (a password reset must take the same time either way).
 */
export async function insertAuthTokenIfUser(
  db: Db,
  token: { tokenHash: string; userId: number; purpose: AuthTokenPurpose; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('auth_tokens')
    .columns(['token_hash', 'user_id', 'purpose', 'expires_at'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select([
          sql<string>`${token.tokenHash}::text`.as('token_hash'),
          'id',
          sql<string>`${token.purpose}::text`.as('purpose'),
          sql<Date>`${token.expiresAt}::timestamptz`.as('expires_at'),
        ])
        .where('id', '=', token.userId),
    )
    .execute();
}

/**
 * Runs `write` inside a savepoint, then keeps or undoes it: both ways issue the same statements and
 * the transaction writes (so its commit costs the same).
 */
export async function writeThenKeepOrUndo(
  trx: Transaction<Database>,
  keep: boolean,
  write: () => Promise<void>,
): Promise<void> {
  await sql`SAVEPOINT keep_or_undo`.execute(trx);
  await write();
  await sql.raw(keep ? 'RELEASE SAVEPOINT keep_or_undo' : 'ROLLBACK TO SAVEPOINT keep_or_undo').execute(trx);
}

// ---- Sign-in attempts ----

/** Rows kept per kind of count: past them every delay is already at its cap. */
const ATTEMPTS_PER_KIND = 50;

/**
 * The attempts within the window for this (email, address), this address, and this email, each kind
 * with its own limit: a flood on the account from other addresses never pushes this address's own
 * failures, or its success, out of the rows read.
 */
export async function recentSignInAttempts(
  db: Db,
  email: string,
  ip: string,
  windowMs: number,
): Promise<SignInAttempt[]> {
  const seconds = `${Math.round(windowMs / 1000)} seconds`;
  const recent = () =>
    db
      .selectFrom('sign_in_attempts')
      .select(['id', 'email', 'ip', 'succeeded', 'at'])
      .where(sql<boolean>`at > now() - ${seconds}::interval`)
      .orderBy('at', 'desc')
      .limit(ATTEMPTS_PER_KIND);
  const kinds = await Promise.all([
    recent().where('email', '=', email).where('ip', '=', ip).execute(),
    recent().where('ip', '=', ip).execute(),
    recent().where('email', '=', email).execute(),
  ]);
  const byId = new Map(kinds.flat().map((row) => [String(row.id), row]));
  // schema.ts types Generated<Timestamp> columns as a nested ColumnType; the driver returns a Date.
  return [...byId.values()].map(({ email, ip, succeeded, at }) => ({ email, ip, succeeded, at: asDate(at) }));
}

export async function recordSignInAttempt(
  db: Db,
  attempt: { email: string; ip: string; succeeded: boolean },
): Promise<void> {
  await db.insertInto('sign_in_attempts').values(attempt).execute();
}

/** Attempts older than a day no longer count for anything; sign-in sweeps them with old sessions. */
export async function deleteOldSignInAttempts(db: Db): Promise<void> {
  await db
    .deleteFrom('sign_in_attempts')
    .where(sql<boolean>`at < now() - interval '1 day'`)
    .execute();
}

export async function databaseNow(db: Db): Promise<Date> {
  const row = await sql<{ now: Date }>`SELECT now() AS now`.execute(db);
  return row.rows[0]!.now;
}

// ---- In-app notifications and the email outbox (read side) ----

export async function listNotifications(db: Db, userId: number, limit = 100) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countUnreadNotifications(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one notification (or all when id is null) of this user as read; returns how many changed. */
export async function markNotificationsRead(db: Db, userId: number, id: number | null): Promise<number> {
  let query = db
    .updateTable('notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (id !== null) query = query.where('id', '=', id);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function notificationOwner(db: Db, id: number): Promise<number | undefined> {
  const row = await db.selectFrom('notifications').select('user_id').where('id', '=', id).executeTakeFirst();
  return row?.user_id;
}

export async function listOutbox(db: Db, limit = 200) {
  return db
    .selectFrom('email_outbox')
    .select(['id', 'to_email', 'subject', 'body', 'created_at', 'sent_at'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
