// Test data for the orders module, written straight to the tables (campaigns, drawing rights,
// establishments, users, roles, sessions) so orders tests never depend on other modules' use cases.
// Allocations go through postLedgerEntry, so balances and ledger agree from the start.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { Actor, Role } from '../../src/modules/accounts/actor.js';
import { defaultRules } from '../../src/modules/funding/campaign-rules.js';
import { ACADEMY_REMAINDER_POOL } from '../../src/modules/funding/funding.repository.js';
import { postLedgerEntry } from '../../src/modules/funding/ledger.repository.js';
import { todayInFrance } from '../../src/shared/clock.js';

type Db = Kysely<Database>;
let counter = 0;
const unique = () => `${process.pid}${Date.now().toString(36)}${(counter++).toString(36)}`;

const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
/** A UAI with its check letter: the 7 digits modulo 23, in the 23-letter alphabet. */
export function validUai(digits: number): string {
  const text = String(digits % 10_000_000).padStart(7, '0');
  return `${text}${UAI_LETTERS[Number(text) % 23]}`;
}
let uaiCounter = Math.floor(Math.random() * 5_000_000);

export async function createAcademy(db: Db): Promise<{ id: number; departmentCode: string }> {
  const code = `T${unique()}`;
  const academy = await db
    .insertInto('academies')
    .values({ code, name: `Académie test ${code}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const departmentCode = `D${unique()}`;
  await db
    .insertInto('departments')
    .values({ code: departmentCode, name: `Département ${departmentCode}`, academy_id: academy.id })
    .execute();
  return { id: academy.id, departmentCode };
}

export async function createEstablishment(
  db: Db,
  academy: { id: number; departmentCode: string },
  values: { type?: string; name?: string } = {},
): Promise<{ id: number; uai: string; academyId: number; name: string }> {
  const uai = validUai(++uaiCounter);
  const name = values.name ?? `Collège ${uai}`;
  const row = await db
    .insertInto('establishments')
    .values({
      uai,
      name,
      type: values.type ?? 'college',
      sector: 'public',
      pupils: 400,
      department_code: academy.departmentCode,
      academy_id: academy.id,
      network: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, uai, academyId: academy.id, name };
}

export interface TestUser {
  id: number;
  email: string;
  /** Raw session token: the value of the ccr_session cookie. */
  token: string;
  csrf: string;
  actor: Actor;
}

export interface GrantInput {
  role: Role;
  establishmentId?: number;
  academyId?: number;
  producerId?: number;
}

/** A user with these roles and a live session (the session plugin resolves the cookie). */
export async function createUser(db: Db, grants: GrantInput[], name = 'Utilisateur test'): Promise<TestUser> {
  const email = `u${unique()}@test.example`;
  const user = await db
    .insertInto('users')
    .values({ email, display_name: name, password_hash: null, disabled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (grants.length > 0) {
    await db
      .insertInto('role_assignments')
      .values(
        grants.map((grant) => ({
          user_id: user.id,
          role: grant.role,
          establishment_id: grant.establishmentId ?? null,
          academy_id: grant.academyId ?? null,
          producer_id: grant.producerId ?? null,
        })),
      )
      .execute();
  }
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id_hash: createHash('sha256').update(token).digest('hex'),
      user_id: user.id,
      csrf_token: csrf,
      expires_at: new Date(Date.now() + 24 * 3600 * 1000),
    })
    .execute();
  return {
    id: user.id,
    email,
    token,
    csrf,
    actor: {
      userId: user.id,
      email,
      displayName: name,
      csrfToken: csrf,
      grants: grants.map((grant) => ({
        role: grant.role,
        establishmentId: grant.establishmentId ?? null,
        academyId: grant.academyId ?? null,
        producerId: grant.producerId ?? null,
      })),
    },
  };
}

export async function createCampaign(
  db: Db,
  values: {
    status?: 'draft' | 'open' | 'closed' | 'settled';
    deadline?: string;
    allowCoFunding?: boolean;
  } = {},
): Promise<{ id: number; name: string }> {
  const name = `Plan test ${unique()}`;
  const row = await db
    .insertInto('campaigns')
    .values({
      name,
      status: values.status ?? 'open',
      envelope_cents: 100_000_000,
      // The rules exactly as the funding module writes them.
      rules: JSON.stringify(defaultRules({ coFundingAllowed: values.allowCoFunding ?? false })),
      ordering_deadline: values.deadline ?? '2099-07-10',
      remainder_policy: 'return-to-academy',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name };
}

/** A drawing right allocated through the ledger (one 'allocate' entry). */
export async function createDrawingRight(
  db: Db,
  values: {
    campaignId: number;
    academyId: number;
    establishmentId?: number;
    poolName?: string;
    allocationCents: number;
  },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const right = await trx
      .insertInto('drawing_rights')
      .values({
        campaign_id: values.campaignId,
        academy_id: values.academyId,
        establishment_id: values.establishmentId ?? null,
        pool_name: values.poolName ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (values.allocationCents > 0) {
      await postLedgerEntry(trx, {
        drawingRightId: right.id,
        kind: 'allocate',
        amountCents: values.allocationCents,
      });
    }
    return right.id;
  });
}

export interface TestOffer {
  id: number;
  producerId: number;
  priceCents: number;
  licenceKind: string;
  seats: number | null;
  durationMonths: number | null;
  delivery: string;
  label: string;
  resourceId: number;
}

/** Paid offers of the demo catalogue valid today, cheapest first, distinct producers when possible. */
export async function validOffers(
  db: Db,
  count: number,
  filter: {
    licenceKind?: string;
    delivery?: string;
    withDuration?: boolean;
    producerId?: number;
    maxPriceCents?: number;
  } = {},
): Promise<TestOffer[]> {
  const today = todayInFrance();
  let query = db
    .selectFrom('offers as o')
    .innerJoin('offer_resources as link', 'link.offer_id', 'o.id')
    .select([
      'o.id',
      'o.producer_id',
      'o.price_cents',
      'o.licence_kind',
      'o.seats',
      'o.duration_months',
      'o.delivery',
      'o.label',
      'o.eligibility',
      (eb) => eb.fn.min('link.resource_id').as('resource_id'),
    ])
    .where('o.price_cents', '>', 0)
    .where('o.valid_from', '<=', today)
    .where((eb) => eb.or([eb('o.valid_until', 'is', null), eb('o.valid_until', '>=', today)]))
    .groupBy('o.id')
    .orderBy('o.id');
  if (filter.licenceKind) query = query.where('o.licence_kind', '=', filter.licenceKind);
  if (filter.delivery) query = query.where('o.delivery', '=', filter.delivery);
  if (filter.withDuration === true) query = query.where('o.duration_months', 'is not', null);
  if (filter.withDuration === false) query = query.where('o.duration_months', 'is', null);
  if (filter.producerId !== undefined) query = query.where('o.producer_id', '=', filter.producerId);
  if (filter.maxPriceCents !== undefined) query = query.where('o.price_cents', '<=', filter.maxPriceCents);
  const rows = (await query.limit(500).execute()).filter((row) => row.eligibility.length === 0);
  const byProducer = new Map<number, (typeof rows)[number]>();
  for (const row of rows) if (!byProducer.has(row.producer_id)) byProducer.set(row.producer_id, row);
  const picked = [
    ...byProducer.values(),
    ...rows.filter((row) => byProducer.get(row.producer_id) !== row),
  ].slice(0, count);
  if (picked.length < count)
    throw new Error(`Only ${picked.length} valid offers match ${JSON.stringify(filter)}`);
  return picked.map((row) => ({
    id: row.id,
    producerId: row.producer_id,
    priceCents: row.price_cents,
    licenceKind: row.licence_kind,
    seats: row.seats,
    durationMonths: row.duration_months,
    delivery: row.delivery,
    label: row.label,
    resourceId: Number(row.resource_id),
  }));
}

/** Seats a line of `quantity` units of this offer may ask for (the most it covers, capped). */
export function seatsFor(offer: TestOffer, quantity = 1): number {
  if (offer.licenceKind === 'single-seat') return quantity;
  if (offer.licenceKind === 'multi-seat') return (offer.seats ?? 1) * quantity;
  return 30;
}

export interface OrdersWorld {
  academy: { id: number; departmentCode: string };
  campaign: { id: number; name: string };
  establishment: { id: number; uai: string; academyId: number; name: string };
  drawingRightId: number;
  head: TestUser;
  teacher: TestUser;
  referent: TestUser;
  librarian: TestUser;
  staff: TestUser;
  otherStaff: TestUser;
  admin: TestUser;
  otherHead: TestUser;
  other: { id: number; uai: string; academyId: number; name: string };
}

/** One establishment with a drawing right in an open campaign, and one user per role around it. */
export async function createOrdersWorld(
  db: Db,
  options: { allocationCents?: number; allowCoFunding?: boolean; deadline?: string } = {},
): Promise<OrdersWorld> {
  const academy = await createAcademy(db);
  const otherAcademy = await createAcademy(db);
  const campaign = await createCampaign(db, {
    allowCoFunding: options.allowCoFunding ?? false,
    ...(options.deadline ? { deadline: options.deadline } : {}),
  });
  const establishment = await createEstablishment(db, academy);
  const other = await createEstablishment(db, academy);
  const drawingRightId = await createDrawingRight(db, {
    campaignId: campaign.id,
    academyId: academy.id,
    establishmentId: establishment.id,
    allocationCents: options.allocationCents ?? 100_000,
  });
  await createDrawingRight(db, {
    campaignId: campaign.id,
    academyId: academy.id,
    establishmentId: other.id,
    allocationCents: 100_000,
  });
  const at = (role: Role) => [{ role, establishmentId: establishment.id }];
  return {
    academy,
    campaign,
    establishment,
    other,
    drawingRightId,
    head: await createUser(db, at('head'), 'Chef Test'),
    teacher: await createUser(db, at('teacher'), 'Enseignante Test'),
    referent: await createUser(db, at('digital-referent'), 'Référent Test'),
    librarian: await createUser(db, at('librarian'), 'Documentaliste Test'),
    staff: await createUser(db, [{ role: 'academy-staff', academyId: academy.id }], 'Rectorat Test'),
    otherStaff: await createUser(
      db,
      [{ role: 'academy-staff', academyId: otherAcademy.id }],
      'Autre rectorat',
    ),
    admin: await createUser(db, [{ role: 'national-admin' }], 'DGESCO Test'),
    otherHead: await createUser(db, [{ role: 'head', establishmentId: other.id }], 'Autre chef'),
  };
}

export async function balanceOf(db: Db, drawingRightId: number): Promise<number> {
  const row = await db
    .selectFrom('drawing_rights')
    .select('balance_cents')
    .where('id', '=', drawingRightId)
    .executeTakeFirstOrThrow();
  return Number(row.balance_cents);
}

/** Headers of an authenticated API call (session cookie and CSRF token). */
export function authHeaders(
  user: TestUser | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  return user ? { cookie: `ccr_session=${user.token}`, 'x-csrf-token': user.csrf, ...extra } : { ...extra };
}

/**
 * Lets the campaign's deadline pass and has the national administration close it through the API;
 * returns the reply and the academy remainder right that receives the credits arriving afterwards
 * (undefined if the campaign did not close).
 */
export async function closeCampaignAfterDeadline(
  app: FastifyInstance,
  db: Db,
  world: OrdersWorld,
): Promise<{ closed: { statusCode: number; body: string }; remainderRightId: number | undefined }> {
  await db
    .updateTable('campaigns')
    .set({ ordering_deadline: '2020-01-01' })
    .where('id', '=', world.campaign.id)
    .execute();
  const closed = await app.inject({
    method: 'POST',
    url: `/api/campaigns/${world.campaign.id}/close`,
    headers: authHeaders(world.admin),
  });
  const remainder = await db
    .selectFrom('drawing_rights')
    .select('id')
    .where('campaign_id', '=', world.campaign.id)
    .where('academy_id', '=', world.academy.id)
    .where('pool_name', '=', ACADEMY_REMAINDER_POOL)
    .executeTakeFirst();
  return { closed, remainderRightId: remainder?.id };
}
