// Users with scoped roles, written straight to the tables (no use case runs, so no argon2 cost unless
// a password is asked for). A user has a live session unless it signs in with a password.
//
//   const head = await createUser(db, { role: 'head', establishmentId });     // missing scope: created
//   const staff = await createUser(db, { grants: [{ role: 'academy-staff', academyId }] });   // exact
//   await app.inject({ method: 'POST', url: '/api/orders', headers: head.headers, payload });
//   const { email, password } = await createUser(db, { password: TEST_PASSWORD });   // signs in itself
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import { roles, type Actor, type Role, type RoleGrant } from '../../../src/modules/accounts/actor.js';
import { hashPassword, newToken, sha256 } from '../../../src/modules/accounts/secrets.js';
import { academyIdOf, createAcademy } from './academy.js';
import { createEstablishment } from './establishment.js';
import { anyProducerId } from './offer.js';
import { unique } from './unique.js';

type Db = Kysely<Database>;

/** A password long enough for the sign-in rules. */
export const TEST_PASSWORD = 'un mot de passe solide';

/** Sessions the factory opens last this long, as the service's do. */
const SESSION_MS = 12 * 3600 * 1000;

export interface GrantInput {
  role: Role;
  establishmentId?: number | null;
  academyId?: number | null;
  producerId?: number | null;
}

export interface UserOptions extends Omit<GrantInput, 'role'> {
  /** One grant of this role in the given scope; a missing establishment, academy or producer the role
   * needs is created (or, for a producer, the first of the catalogue). */
  role?: Role;
  /** Or exactly these grants, scopes as given (none: a user without roles). */
  grants?: GrantInput[];
  name?: string;
  email?: string;
  /** Signs in with this password (argon2 hash stored); no session is opened. */
  password?: string;
}

/** A user who signs in with a password, without a session yet. */
export interface PasswordUser {
  id: number;
  email: string;
  password: string;
  grants: RoleGrant[];
}

/** A signed-in user. */
export interface TestUser {
  id: number;
  email: string;
  grants: RoleGrant[];
  /** Raw session token: the value of the ccr_session cookie. */
  token: string;
  csrf: string;
  /** `ccr_session=…`, for the cookie header. */
  cookie: string;
  /** Session cookie and CSRF header of an API call (harmless on GET). */
  headers: { cookie: string; 'x-csrf-token': string };
  /** The actor the session plugin resolves this session to. */
  actor: Actor;
}

const scopeOf: Record<Role, 'establishment' | 'academy' | 'producer' | null> = {
  teacher: 'establishment',
  'digital-referent': 'establishment',
  librarian: 'establishment',
  head: 'establishment',
  'academy-staff': 'academy',
  'national-admin': null,
  publisher: 'producer',
  expert: null,
  inspector: 'academy',
};

async function grantOf(db: Db, role: Role, scope: Omit<GrantInput, 'role'>): Promise<RoleGrant> {
  const kind = scopeOf[role];
  return {
    role,
    establishmentId:
      kind === 'establishment' ? (scope.establishmentId ?? (await createEstablishment(db)).id) : null,
    academyId: kind === 'academy' ? (scope.academyId ?? (await createAcademy(db)).id) : null,
    producerId: kind === 'producer' ? (scope.producerId ?? (await anyProducerId(db))) : null,
  };
}

/**
 * Writes a live session (12 h) for each user, keeping one already there: createUser signs its users
 * in with it, and the fuzz world signs its actors in again after a successful sign-out.
 */
export async function openSessions(
  db: Db,
  users: readonly Pick<TestUser, 'id' | 'token' | 'csrf'>[],
): Promise<void> {
  await db
    .insertInto('sessions')
    .values(
      users.map((user) => ({
        id_hash: sha256(user.token),
        user_id: user.id,
        csrf_token: user.csrf,
        expires_at: new Date(Date.now() + SESSION_MS),
      })),
    )
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

export async function createUser(db: Db, options: UserOptions & { password: string }): Promise<PasswordUser>;
export async function createUser(db: Db, options?: UserOptions & { password?: undefined }): Promise<TestUser>;
export async function createUser(db: Db, options: UserOptions = {}): Promise<TestUser | PasswordUser> {
  if (options.role && options.grants) throw new Error('createUser: give a role or grants, not both');
  const grants: RoleGrant[] = options.role
    ? [await grantOf(db, options.role, options)]
    : (options.grants ?? []).map((grant) => ({
        role: grant.role,
        establishmentId: grant.establishmentId ?? null,
        academyId: grant.academyId ?? null,
        producerId: grant.producerId ?? null,
      }));
  const email = options.email ?? `u${unique()}@test.ccr.example`;
  const name = options.name ?? 'Utilisateur test';
  const user = await db
    .insertInto('users')
    .values({
      email,
      display_name: name,
      password_hash: options.password === undefined ? null : await hashPassword(options.password),
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (grants.length > 0) {
    await db
      .insertInto('role_assignments')
      .values(
        grants.map((grant) => ({
          user_id: user.id,
          role: grant.role,
          establishment_id: grant.establishmentId,
          academy_id: grant.academyId,
          producer_id: grant.producerId,
        })),
      )
      .execute();
  }
  if (options.password !== undefined) return { id: user.id, email, password: options.password, grants };
  const token = newToken();
  const csrf = newToken();
  await openSessions(db, [{ id: user.id, token, csrf }]);
  const cookie = `ccr_session=${token}`;
  return {
    id: user.id,
    email,
    grants,
    token,
    csrf,
    cookie,
    headers: { cookie, 'x-csrf-token': csrf },
    actor: { userId: user.id, email, displayName: name, csrfToken: csrf, grants },
  };
}

/**
 * One signed-in user per role, all on the same establishment, academy and producer (created when not
 * given): the rows of an authorization matrix.
 *
 *   const users = await createUserPerRole(db, { establishmentId });
 *   for (const role of roles) expect((await get(url, users[role])).statusCode).toBe(expected[role]);
 */
export async function createUserPerRole(
  db: Db,
  scope: Omit<GrantInput, 'role'> = {},
): Promise<Record<Role, TestUser>> {
  const establishment =
    scope.establishmentId === undefined
      ? await createEstablishment(db, scope.academyId == null ? {} : { academy: { id: scope.academyId } })
      : await db
          .selectFrom('establishments')
          .select(['id', 'academy_id as academyId'])
          .where('id', '=', scope.establishmentId)
          .executeTakeFirstOrThrow();
  const shared = {
    establishmentId: establishment.id,
    // The academy of the establishment, so academy roles see it.
    academyId: scope.academyId ?? establishment.academyId,
    producerId: scope.producerId ?? (await anyProducerId(db)),
  };
  const entries = [];
  for (const role of roles) entries.push([role, await createUser(db, { role, ...shared })] as const);
  return Object.fromEntries(entries) as Record<Role, TestUser>;
}

/**
 * The usual cast of a funding test on the reference data: a national admin and the staff of one
 * academy (Rennes unless `academyCode` says otherwise).
 */
export async function createFundingTeam(
  db: Db,
  academyCode = 'rennes',
): Promise<{ academyId: number; admin: TestUser; staff: TestUser }> {
  const academyId = await academyIdOf(db, academyCode);
  const admin = await createUser(db, { grants: [{ role: 'national-admin' }] });
  const staff = await createUser(db, { grants: [{ role: 'academy-staff', academyId }] });
  return { academyId, admin, staff };
}

/** Headers of an API call as `user` (anonymous when undefined), with `extra` ones. */
export function authHeaders(
  user: TestUser | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ...user?.headers, ...extra };
}

/** The session cookie value set by a response, or undefined. */
export function sessionCookieOf(setCookie: string | string[] | undefined): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const header of headers) {
    const match = /^ccr_session=([^;]*)/.exec(header);
    if (match && match[1]) return match[1];
  }
  return undefined;
}
