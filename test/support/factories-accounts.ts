// Test data for accounts and authorization tests of every module: places (academy, establishment),
// users with scoped roles, and signed-in actors ready for app.inject.
//
//   const head = await createActor(db, 'head', { establishmentId });
//   await app.inject({ method: 'POST', url: '/api/orders', headers: head.headers, payload });
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { roles, type Role, type RoleGrant } from '../../src/modules/accounts/actor.js';
import { insertGrants, insertUser } from '../../src/modules/accounts/accounts.repository.js';
import { createSession, createUserWithPassword } from '../../src/modules/accounts/accounts.service.js';

type Db = Kysely<Database>;

let counter = 0;
function unique(): string {
  counter += 1;
  return `${counter}${randomUUID().replace(/-/g, '').slice(0, 6)}`;
}

const UAI_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** A valid UAI (7 digits and their check letter) in department 0xx, unique enough for one database. */
export function testUai(): string {
  const digits = `0${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
  return `${digits}${UAI_ALPHABET[Number.parseInt(digits, 10) % 23]}`;
}

export async function createAcademy(
  db: Db,
  name = 'Académie de test',
): Promise<{ id: number; code: string }> {
  const code = `test-${unique()}`;
  const row = await db
    .insertInto('academies')
    .values({ code, name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, code };
}

export interface TestEstablishment {
  id: number;
  uai: string;
  name: string;
  academyId: number;
}

/** An establishment with its academy and department (created when not given). */
export async function createEstablishment(
  db: Db,
  options: { academyId?: number; name?: string; type?: string; pupils?: number } = {},
): Promise<TestEstablishment> {
  const academyId = options.academyId ?? (await createAcademy(db)).id;
  const departmentCode = `T${unique()}`;
  await db
    .insertInto('departments')
    .values({ code: departmentCode, name: 'Département de test', academy_id: academyId })
    .execute();
  const name = options.name ?? `Collège de test ${unique()}`;
  for (let attempt = 0; ; attempt += 1) {
    const uai = testUai();
    const row = await db
      .insertInto('establishments')
      .values({
        uai,
        name,
        type: options.type ?? 'college',
        sector: 'public',
        pupils: options.pupils ?? 500,
        department_code: departmentCode,
        academy_id: academyId,
        network: null,
      })
      .onConflict((conflict) => conflict.column('uai').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return { id: row.id, uai, name, academyId };
    if (attempt > 20) throw new Error('Could not find a free test UAI');
  }
}

/** The first producer of the seeded catalogue (publisher grants need one). */
export async function anyProducerId(db: Db): Promise<number> {
  const row = await db.selectFrom('producers').select('id').orderBy('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface ActorScope {
  establishmentId?: number;
  academyId?: number;
  producerId?: number;
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

/** The grant of a role in a scope; a missing establishment, academy or producer is created (or found). */
export async function grantFor(db: Db, role: Role, scope: ActorScope = {}): Promise<RoleGrant> {
  const kind = scopeOf[role];
  return {
    role,
    establishmentId:
      kind === 'establishment' ? (scope.establishmentId ?? (await createEstablishment(db)).id) : null,
    academyId: kind === 'academy' ? (scope.academyId ?? (await createAcademy(db)).id) : null,
    producerId: kind === 'producer' ? (scope.producerId ?? (await anyProducerId(db))) : null,
  };
}

export interface TestActor {
  userId: number;
  email: string;
  grant: RoleGrant;
  /** `ccr_session=…`, for the cookie header. */
  cookie: string;
  csrfToken: string;
  /** Headers of a signed-in API request: cookie and CSRF token (harmless on GET). */
  headers: { cookie: string; 'x-csrf-token': string };
}

/**
 * A signed-in user holding one role (in the given scope, or a fresh one), without a password: the
 * session is created directly, so no argon2 cost. Use it for authorization matrices.
 */
export async function createActor(db: Db, role: Role, scope: ActorScope = {}): Promise<TestActor> {
  const grant = await grantFor(db, role, scope);
  const email = `${role}-${unique()}@test.ccr.example`;
  const userId = await insertUser(db, { email, displayName: `Test ${role}`, passwordHash: null });
  await insertGrants(db, userId, [grant]);
  const session = await createSession(db, userId);
  const cookie = `ccr_session=${session.token}`;
  return {
    userId,
    email,
    grant,
    cookie,
    csrfToken: session.csrfToken,
    headers: { cookie, 'x-csrf-token': session.csrfToken },
  };
}

/** A user who signs in with a password (argon2), for sign-in tests. */
export async function createUser(
  db: Db,
  options: { email?: string; displayName?: string; password?: string; grants?: RoleGrant[] } = {},
): Promise<{ userId: number; email: string; password: string }> {
  const email = options.email ?? `user-${unique()}@test.ccr.example`;
  const password = options.password ?? 'un mot de passe solide';
  const userId = await createUserWithPassword(db, {
    email,
    displayName: options.displayName ?? 'Utilisatrice de test',
    password,
    grants: options.grants ?? [],
  });
  return { userId, email, password };
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

/**
 * One signed-in actor per role, all on the same establishment, academy and producer (created when not
 * given): the rows of an authorization matrix.
 *
 *   const actors = await createActors(db, { establishmentId });
 *   for (const role of roles) expect((await get(url, actors[role])).statusCode).toBe(expected[role]);
 */
export async function createActors(db: Db, scope: ActorScope = {}): Promise<Record<Role, TestActor>> {
  const establishment =
    scope.establishmentId === undefined
      ? await createEstablishment(db, scope.academyId === undefined ? {} : { academyId: scope.academyId })
      : await db
          .selectFrom('establishments')
          .select(['id', 'academy_id as academyId'])
          .where('id', '=', scope.establishmentId)
          .executeTakeFirstOrThrow();
  const shared: ActorScope = {
    establishmentId: establishment.id,
    // The academy of the establishment, so academy roles see it.
    academyId: scope.academyId ?? establishment.academyId,
    producerId: scope.producerId ?? (await anyProducerId(db)),
  };
  const entries = [];
  for (const role of roles) entries.push([role, await createActor(db, role, shared)] as const);
  return Object.fromEntries(entries) as Record<Role, TestActor>;
}
