// Queries of the funding module. Each takes the database or the transaction first, so use cases run
// them inside their one transaction.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CampaignRules } from './campaign-rules.js';
import type { CampaignStatus } from './campaign.workflow.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface CampaignRow {
  id: number;
  name: string;
  status: CampaignStatus;
  envelopeCents: number;
  rules: CampaignRules;
  orderingDeadline: string;
  remainderPolicy: 'return-to-academy' | 'carry-to-next-campaign';
  createdAt: Date;
}

function toCampaign(row: {
  id: number;
  name: string;
  status: CampaignStatus;
  envelope_cents: number;
  rules: unknown;
  ordering_deadline: string;
  remainder_policy: 'return-to-academy' | 'carry-to-next-campaign';
  created_at: unknown;
}): CampaignRow {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    envelopeCents: Number(row.envelope_cents),
    rules: row.rules as CampaignRules,
    orderingDeadline: row.ordering_deadline,
    remainderPolicy: row.remainder_policy,
    createdAt: new Date(row.created_at as string | Date),
  };
}

export async function findCampaign(db: Db, id: number, forUpdate = false): Promise<CampaignRow | undefined> {
  let query = db.selectFrom('campaigns').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toCampaign(row);
}

export async function listCampaigns(db: Db): Promise<CampaignRow[]> {
  const rows = await db.selectFrom('campaigns').selectAll().orderBy('id', 'desc').execute();
  return rows.map(toCampaign);
}

export async function insertCampaign(
  db: Db,
  campaign: Omit<CampaignRow, 'id' | 'status' | 'createdAt'>,
): Promise<number> {
  const row = await db
    .insertInto('campaigns')
    .values({
      name: campaign.name,
      envelope_cents: campaign.envelopeCents,
      rules: JSON.stringify(campaign.rules),
      ordering_deadline: campaign.orderingDeadline,
      remainder_policy: campaign.remainderPolicy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setCampaignStatus(db: Db, id: number, status: CampaignStatus): Promise<void> {
  await db.updateTable('campaigns').set({ status }).where('id', '=', id).execute();
}

export interface CampaignAcademyRow {
  academyId: number;
  code: string;
  name: string;
  shareCents: number;
  explanation: AcademyExplanation;
}

/** What campaign_academies.explanation holds: the national split and the academy's draft plan. */
export interface AcademyExplanation {
  split?: { weights: { establishments: number; pupils: number }; text: string; exactCents: number };
  plan?: AcademyPlan;
  publishedAt?: string;
}

export interface AcademyPlan {
  beneficiaryIds: number[];
  modulations: Record<string, { amountCents: number; reason: string }>;
  pools: { name: string; memberIds: number[] }[];
}

export async function listCampaignAcademies(db: Db, campaignId: number): Promise<CampaignAcademyRow[]> {
  const rows = await db
    .selectFrom('campaign_academies as ca')
    .innerJoin('academies as a', 'a.id', 'ca.academy_id')
    .select(['ca.academy_id', 'a.code', 'a.name', 'ca.share_cents', 'ca.explanation'])
    .where('ca.campaign_id', '=', campaignId)
    .orderBy('a.code')
    .execute();
  return rows.map((row) => ({
    academyId: row.academy_id,
    code: row.code,
    name: row.name,
    shareCents: Number(row.share_cents),
    explanation: row.explanation ?? {},
  }));
}

export async function findCampaignAcademy(
  db: Db,
  campaignId: number,
  academyId: number,
  forUpdate = false,
): Promise<CampaignAcademyRow | undefined> {
  let query = db
    .selectFrom('campaign_academies as ca')
    .innerJoin('academies as a', 'a.id', 'ca.academy_id')
    .select(['ca.academy_id', 'a.code', 'a.name', 'ca.share_cents', 'ca.explanation'])
    .where('ca.campaign_id', '=', campaignId)
    .where('ca.academy_id', '=', academyId);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return (
    row && {
      academyId: row.academy_id,
      code: row.code,
      name: row.name,
      shareCents: Number(row.share_cents),
      explanation: row.explanation ?? {},
    }
  );
}

export async function insertCampaignAcademies(
  db: Db,
  campaignId: number,
  academyIds: readonly number[],
): Promise<void> {
  if (academyIds.length === 0) return;
  await db
    .insertInto('campaign_academies')
    .values(
      academyIds.map((academyId) => ({
        campaign_id: campaignId,
        academy_id: academyId,
        share_cents: 0,
        explanation: '{}',
      })),
    )
    .execute();
}

export async function updateCampaignAcademy(
  db: Db,
  campaignId: number,
  academyId: number,
  values: { shareCents?: number; explanation: AcademyExplanation },
): Promise<void> {
  await db
    .updateTable('campaign_academies')
    .set({
      ...(values.shareCents !== undefined ? { share_cents: values.shareCents } : {}),
      explanation: JSON.stringify(values.explanation),
    })
    .where('campaign_id', '=', campaignId)
    .where('academy_id', '=', academyId)
    .execute();
}

export async function academyCounts(db: Db, academyIds: readonly number[]) {
  if (academyIds.length === 0) return [];
  const rows = await db
    .selectFrom('academies as a')
    .leftJoin('establishments as e', 'e.academy_id', 'a.id')
    .select([
      'a.id',
      'a.code',
      'a.name',
      (eb) => eb.fn.count<number>('e.id').as('establishments'),
      (eb) => eb.fn.coalesce(eb.fn.sum<number>('e.pupils'), sql<number>`0`).as('pupils'),
    ])
    .where('a.id', 'in', academyIds)
    .groupBy(['a.id', 'a.code', 'a.name'])
    .execute();
  return rows.map((row) => ({
    academyId: row.id,
    code: row.code,
    name: row.name,
    establishments: Number(row.establishments),
    pupils: Number(row.pupils),
  }));
}

export async function listAcademies(db: Db) {
  return db.selectFrom('academies').select(['id', 'code', 'name']).orderBy('code').execute();
}

export async function findAcademy(db: Db, id: number) {
  return db.selectFrom('academies').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function listDepartments(db: Db) {
  return db.selectFrom('departments').select(['code', 'name', 'academy_id']).execute();
}

export interface EstablishmentRecord {
  id: number;
  uai: string;
  name: string;
  type: 'ecole' | 'college' | 'lgt' | 'lp' | 'lpo' | 'erea';
  sector: 'public' | 'private-contract';
  pupils: number;
  departmentCode: string;
  academyId: number;
  network: string | null;
}

const establishmentColumns = [
  'id',
  'uai',
  'name',
  'type',
  'sector',
  'pupils',
  'department_code',
  'academy_id',
  'network',
] as const;

function toEstablishment(row: {
  id: number;
  uai: string;
  name: string;
  type: string;
  sector: string;
  pupils: number;
  department_code: string;
  academy_id: number;
  network: string | null;
}): EstablishmentRecord {
  return {
    id: row.id,
    uai: row.uai,
    name: row.name,
    type: row.type as EstablishmentRecord['type'],
    sector: row.sector as EstablishmentRecord['sector'],
    pupils: row.pupils,
    departmentCode: row.department_code,
    academyId: row.academy_id,
    network: row.network,
  };
}

export async function findEstablishmentByUai(db: Db, uai: string): Promise<EstablishmentRecord | undefined> {
  const row = await db
    .selectFrom('establishments')
    .select(establishmentColumns)
    .where('uai', '=', uai)
    .executeTakeFirst();
  return row && toEstablishment(row);
}

export async function listAcademyEstablishments(db: Db, academyId: number): Promise<EstablishmentRecord[]> {
  const rows = await db
    .selectFrom('establishments')
    .select(establishmentColumns)
    .where('academy_id', '=', academyId)
    .orderBy('uai')
    .execute();
  return rows.map(toEstablishment);
}

export async function uaiAcademies(db: Db, uais: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (let i = 0; i < uais.length; i += 5000) {
    const chunk = uais.slice(i, i + 5000);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('establishments')
      .select(['uai', 'academy_id'])
      .where('uai', 'in', chunk)
      .execute();
    for (const row of rows) result.set(row.uai, row.academy_id);
  }
  return result;
}

export async function upsertEstablishments(
  db: Db,
  rows: readonly Omit<EstablishmentRecord, 'id'>[],
): Promise<{ created: number; updated: number }> {
  let created = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const result = await db
      .insertInto('establishments')
      .values(
        chunk.map((row) => ({
          uai: row.uai,
          name: row.name,
          type: row.type,
          sector: row.sector,
          pupils: row.pupils,
          department_code: row.departmentCode,
          academy_id: row.academyId,
          network: row.network,
        })),
      )
      .onConflict((oc) =>
        oc.column('uai').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          type: eb.ref('excluded.type'),
          sector: eb.ref('excluded.sector'),
          pupils: eb.ref('excluded.pupils'),
          department_code: eb.ref('excluded.department_code'),
          network: eb.ref('excluded.network'),
        })),
      )
      // xmax = 0 only for freshly inserted rows: counts creations against updates.
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute();
    created += result.filter((row) => row.inserted).length;
  }
  return { created, updated: rows.length - created };
}

export async function insertDrawingRight(
  db: Db,
  right: { campaignId: number; academyId: number; establishmentId: number | null; poolName: string | null },
): Promise<number> {
  const row = await db
    .insertInto('drawing_rights')
    .values({
      campaign_id: right.campaignId,
      academy_id: right.academyId,
      establishment_id: right.establishmentId,
      pool_name: right.poolName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Many rights at once; ids come back in the order of the input. */
export async function insertDrawingRights(
  db: Db,
  rights: readonly {
    campaignId: number;
    academyId: number;
    establishmentId: number | null;
    poolName: string | null;
  }[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rights.length; i += 1000) {
    const rows = await db
      .insertInto('drawing_rights')
      .values(
        rights.slice(i, i + 1000).map((right) => ({
          campaign_id: right.campaignId,
          academy_id: right.academyId,
          establishment_id: right.establishmentId,
          pool_name: right.poolName,
        })),
      )
      .returning(['id', 'establishment_id'])
      .execute();
    const byEstablishment = new Map(rows.map((row) => [row.establishment_id, row.id]));
    ids.push(...rights.slice(i, i + 1000).map((right) => byEstablishment.get(right.establishmentId)!));
  }
  return ids;
}

export async function insertPoolMembers(
  db: Db,
  drawingRightId: number,
  establishmentIds: readonly number[],
): Promise<void> {
  if (establishmentIds.length === 0) return;
  await db
    .insertInto('pool_members')
    .values(
      establishmentIds.map((establishmentId) => ({
        drawing_right_id: drawingRightId,
        establishment_id: establishmentId,
      })),
    )
    .execute();
}

export async function countAcademyRights(db: Db, campaignId: number, academyId: number): Promise<number> {
  const row = await db
    .selectFrom('drawing_rights')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('academy_id', '=', academyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Condition on a query over `drawing_rights as dr`: the rights an establishment may spend, its own or
 * those of the pools it belongs to. Funding and orders both ask it.
 */
export function spendableBy(establishmentId: number) {
  return sql<boolean>`(dr.establishment_id = ${establishmentId}
    OR dr.id IN (SELECT drawing_right_id FROM pool_members WHERE establishment_id = ${establishmentId}))`;
}

/** The rights an establishment may spend in open campaigns (its own, its pools'), oldest campaign first. */
export async function listOpenRightsOf(db: Db, establishmentId: number) {
  return db
    .selectFrom('drawing_rights as dr')
    .innerJoin('campaigns as c', 'c.id', 'dr.campaign_id')
    .select([
      'dr.id',
      'dr.academy_id',
      'dr.pool_name',
      'dr.balance_cents',
      'c.id as campaign_id',
      'c.name',
      'c.status',
      'c.ordering_deadline',
    ])
    .where('c.status', '=', 'open')
    .where(spendableBy(establishmentId))
    .orderBy('c.id')
    .execute();
}

/** The drawing right an establishment orders on in a campaign: its own, or its pool's. */
export async function findRightOfEstablishment(db: Db, campaignId: number, establishmentId: number) {
  return db
    .selectFrom('drawing_rights as dr')
    .select([
      'dr.id',
      'dr.academy_id',
      'dr.establishment_id',
      'dr.pool_name',
      'dr.status',
      'dr.balance_cents',
    ])
    .where('dr.campaign_id', '=', campaignId)
    .where(spendableBy(establishmentId))
    .executeTakeFirst();
}

export const ACADEMY_REMAINDER_POOL = 'Reliquat académique';

export async function findAcademyRemainderRight(db: Db, campaignId: number, academyId: number) {
  return db
    .selectFrom('drawing_rights')
    .select(['id', 'balance_cents', 'status'])
    .where('campaign_id', '=', campaignId)
    .where('academy_id', '=', academyId)
    .where('pool_name', '=', ACADEMY_REMAINDER_POOL)
    .executeTakeFirst();
}

/** Open campaigns the academy takes part in, oldest first (where its remainder may be reallocated). */
export async function listOpenCampaignsOfAcademy(db: Db, academyId: number) {
  return db
    .selectFrom('campaigns as c')
    .innerJoin('campaign_academies as ca', 'ca.campaign_id', 'c.id')
    .select(['c.id', 'c.name'])
    .where('ca.academy_id', '=', academyId)
    .where('c.status', '=', 'open')
    .orderBy('c.id')
    .execute();
}

/** The enabled heads of these establishments (notified of allocations, orders and subscriptions). */
export async function headsOf(db: Db, establishmentIds: readonly number[]) {
  if (establishmentIds.length === 0) return [];
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select(['ra.establishment_id', 'u.id as user_id', 'u.email', 'u.display_name'])
    .where('ra.role', '=', 'head')
    .where('ra.establishment_id', 'in', establishmentIds)
    .where('u.disabled_at', 'is', null)
    .execute();
}

/**
 * Where a credit for a drawing right must go: the right itself while it is active, else the
 * academy's remainder right of the same campaign. Once a campaign is closed, its rights stay at zero
 * and every euro that comes back (a late cancellation or rejection) joins the academy's remainder.
 */
export async function creditTargetOf(db: Db, drawingRightId: number): Promise<number> {
  const right = await db
    .selectFrom('drawing_rights')
    .select(['status', 'campaign_id', 'academy_id'])
    .where('id', '=', drawingRightId)
    .executeTakeFirstOrThrow();
  if (right.status === 'active') return drawingRightId;
  const remainder = await findAcademyRemainderRight(db, right.campaign_id, right.academy_id);
  if (remainder) return remainder.id;
  // Every right of the academy was spent to zero at closing, so it has no remainder right yet.
  return insertDrawingRight(db, {
    campaignId: right.campaign_id,
    academyId: right.academy_id,
    establishmentId: null,
    poolName: ACADEMY_REMAINDER_POOL,
  });
}

/** How many of these academies exist. */
export async function countAcademies(db: Db, academyIds: readonly number[]): Promise<number> {
  if (academyIds.length === 0) return 0;
  const known = await db.selectFrom('academies').select('id').where('id', 'in', academyIds).execute();
  return known.length;
}

export async function deleteCampaignAcademies(trx: Db, campaignId: number, academyIds: readonly number[]) {
  await trx
    .deleteFrom('campaign_academies')
    .where('campaign_id', '=', campaignId)
    .where('academy_id', 'in', academyIds)
    .execute();
}

/** The campaign's active rights, locked in id order until the transaction ends. */
export async function lockActiveRights(trx: Db, campaignId: number) {
  return trx
    .selectFrom('drawing_rights')
    .select(['id', 'academy_id', 'balance_cents'])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'active')
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function closeRightsOfCampaign(trx: Db, campaignId: number) {
  await trx
    .updateTable('drawing_rights')
    .set({ status: 'closed' })
    .where('campaign_id', '=', campaignId)
    .execute();
}

/**
 * The academy remainder right of the campaign, created when missing; with `activate`, set active
 * (closing a campaign closes every right, the remainder then receives the returns).
 */
export async function ensureAcademyRemainderRight(
  trx: Db,
  campaignId: number,
  academyId: number,
  options: { activate?: boolean } = {},
): Promise<number> {
  const id =
    (await findAcademyRemainderRight(trx, campaignId, academyId))?.id ??
    (await insertDrawingRight(trx, {
      campaignId,
      academyId,
      establishmentId: null,
      poolName: ACADEMY_REMAINDER_POOL,
    }));
  if (options.activate) {
    await trx.updateTable('drawing_rights').set({ status: 'active' }).where('id', '=', id).execute();
  }
  return id;
}

/** The campaign's academy remainders that hold money, locked until the transaction ends. */
export async function lockRemaindersWithBalance(trx: Db, campaignId: number) {
  return trx
    .selectFrom('drawing_rights')
    .select(['id', 'academy_id', 'balance_cents'])
    .where('campaign_id', '=', campaignId)
    .where('pool_name', '=', ACADEMY_REMAINDER_POOL)
    .where('balance_cents', '>', 0)
    .forUpdate()
    .execute();
}

/** The academy's next campaign after this one: draft or open, the earliest later deadline. */
export async function findNextCampaignOfAcademy(
  db: Db,
  input: { academyId: number; after: { id: number; orderingDeadline: string } },
) {
  return db
    .selectFrom('campaigns as c')
    .innerJoin('campaign_academies as ca', 'ca.campaign_id', 'c.id')
    .select('c.id')
    .where('ca.academy_id', '=', input.academyId)
    .where('c.id', '<>', input.after.id)
    .where('c.ordering_deadline', '>', input.after.orderingDeadline)
    .where('c.status', 'in', ['draft', 'open'])
    .orderBy('c.ordering_deadline')
    .orderBy('c.id')
    .executeTakeFirst();
}

export async function findEstablishmentAcademy(db: Db, id: number) {
  return db
    .selectFrom('establishments')
    .select(['id', 'academy_id', 'uai'])
    .where('id', '=', id)
    .executeTakeFirst();
}
