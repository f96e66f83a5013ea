// Test data of the funding module: reference data, establishments with valid UAIs, users with scoped
// roles and a live session (cookie and CSRF headers for the API), and a published campaign.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { Actor, Role, RoleGrant } from '../../src/modules/accounts/actor.js';
import { createSession } from '../../src/modules/accounts/accounts.service.js';
import { publishAllocations, setBeneficiaries } from '../../src/modules/funding/allocation.service.js';
import { commitSplit, createCampaign } from '../../src/modules/funding/campaign.service.js';
import { seedReferenceData } from '../../src/modules/funding/reference-data.js';
import { makeUai } from '../../src/modules/funding/uai.js';
import { startTestServer, type TestServer } from './server.js';

export async function startFundingServer(): Promise<TestServer> {
  const server = await startTestServer();
  await seedReferenceData(server.database.db);
  return server;
}

export async function academyIdOf(db: Kysely<Database>, code: string): Promise<number> {
  const row = await db
    .selectFrom('academies')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}

let serial = 5000;

export interface EstablishmentSpec {
  departmentCode?: string;
  type?: 'ecole' | 'college' | 'lgt' | 'lp' | 'lpo' | 'erea';
  sector?: 'public' | 'private-contract';
  pupils?: number;
  network?: string | null;
  name?: string;
}

export async function createEstablishment(
  db: Kysely<Database>,
  spec: EstablishmentSpec = {},
): Promise<{ id: number; uai: string; academyId: number }> {
  const departmentCode = spec.departmentCode ?? '13';
  const department = await db
    .selectFrom('departments')
    .select('academy_id')
    .where('code', '=', departmentCode)
    .executeTakeFirstOrThrow();
  serial += 1;
  const uai = makeUai(departmentCode, serial);
  const row = await db
    .insertInto('establishments')
    .values({
      uai,
      name: spec.name ?? `Établissement ${serial}`,
      type: spec.type ?? 'ecole',
      sector: spec.sector ?? 'public',
      pupils: spec.pupils ?? 200,
      department_code: departmentCode,
      academy_id: department.academy_id,
      network: spec.network ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, uai, academyId: department.academy_id };
}

export interface TestUser {
  userId: number;
  actor: Actor;
  /** Session cookie and CSRF header, for app.inject. */
  headers: Record<string, string>;
}

let userSerial = 0;

export async function createUser(
  db: Kysely<Database>,
  role: Role,
  scope: { establishmentId?: number; academyId?: number; producerId?: number } = {},
): Promise<TestUser> {
  userSerial += 1;
  const email = `${role}.${userSerial}.${process.pid}@test.example`;
  const user = await db
    .insertInto('users')
    .values({ email, display_name: `${role} ${userSerial}`, password_hash: null, disabled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const grant: RoleGrant = {
    role,
    establishmentId: scope.establishmentId ?? null,
    academyId: scope.academyId ?? null,
    producerId: scope.producerId ?? null,
  };
  await db
    .insertInto('role_assignments')
    .values({
      user_id: user.id,
      role,
      establishment_id: grant.establishmentId,
      academy_id: grant.academyId,
      producer_id: grant.producerId,
    })
    .execute();
  const session = await createSession(db, user.id);
  return {
    userId: user.id,
    actor: {
      userId: user.id,
      email,
      displayName: `${role} ${userSerial}`,
      grants: [grant],
      csrfToken: session.csrfToken,
    },
    headers: { cookie: `ccr_session=${session.token}`, 'x-csrf-token': session.csrfToken },
  };
}

/** A draft campaign over the given academies, split 50/50, with a deadline in the future. */
export async function createSplitCampaign(
  db: Kysely<Database>,
  admin: Actor,
  academyIds: number[],
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const campaign = await createCampaign(db, admin, {
    name: 'Plan 2026, phase 1',
    envelopeEuros: '100 000',
    academyIds,
    orderingDeadline: '2099-07-10',
    remainderPolicy: 'return-to-academy',
    ...overrides,
  });
  await commitSplit(db, admin, campaign.id, { establishments: 50, pupils: 50 });
  return campaign.id;
}

/** Publishes the given beneficiaries of one academy: returns the campaign id. */
export async function publishFor(
  db: Kysely<Database>,
  admin: Actor,
  staff: Actor,
  academyId: number,
  establishmentIds: number[],
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const campaignId = await createSplitCampaign(db, admin, [academyId], overrides);
  await setBeneficiaries(db, staff, campaignId, academyId, establishmentIds);
  await publishAllocations(db, staff, campaignId, academyId);
  return campaignId;
}
