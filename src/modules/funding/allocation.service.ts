// Academy staff use cases: select beneficiaries, compute allocations with the campaign rules, modulate
// (with a mandatory reason), pool a network. Before publication the plan lives in
// campaign_academies.explanation; publication (publication.service.ts) writes the drawing rights and
// their 'allocate' (and 'adjust') ledger entries in one transaction; remainders are reallocated by
// academies.service.ts.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import { postLedgerEntry } from './ledger.repository.js';
import { allocationFor } from './campaign-rules.js';
import { loadCampaign } from './campaign.service.js';
import { canManageAcademy } from './funding.policy.js';
import {
  ACADEMY_REMAINDER_POOL,
  countAcademyRights,
  findAcademy,
  findCampaignAcademy,
  findRightOfEstablishment,
  listAcademyEstablishments,
  updateCampaignAcademy,
  type AcademyPlan,
  type CampaignAcademyRow,
  type CampaignRow,
  type Db,
  type EstablishmentRecord,
} from './funding.repository.js';
import { modulationSchema, parseOrThrow, poolSchema } from './funding.schema.js';
import { fitToShare } from './split.js';

export const emptyPlan = (): AcademyPlan => ({ beneficiaryIds: [], modulations: {}, pools: [] });

export interface PlannedAllocation {
  establishment: EstablishmentRecord;
  eligible: boolean;
  selected: boolean;
  ruleCents: number;
  /** After scaling to the share (when asked) and modulation. */
  finalCents: number;
  ruleReason: string;
  modulation: { amountCents: number; reason: string } | null;
  pool: string | null;
}

export interface AcademyPlanView {
  campaign: CampaignRow;
  academy: { id: number; code: string; name: string };
  shareCents: number;
  published: boolean;
  allocations: PlannedAllocation[];
  pools: { name: string; memberIds: number[]; amountCents: number }[];
  totalCents: number;
  /** Positive: what is left of the share; negative: by how much the plan exceeds it. */
  leftCents: number;
  scaled: boolean;
}

export async function loadAcademyRow(
  db: Db,
  campaignId: number,
  academyId: number,
  forUpdate = false,
): Promise<CampaignAcademyRow> {
  const row = await findCampaignAcademy(db, campaignId, academyId, forUpdate);
  if (!row) throw new AppError('NOT_FOUND', 'Cette académie ne participe pas à cette campagne.');
  return row;
}

/** Pure: the plan's amounts (rules, optional scaling to the share, then modulations). */
export function computePlan(
  campaign: CampaignRow,
  shareCents: number,
  establishments: readonly EstablishmentRecord[],
  plan: AcademyPlan,
  scaleToShare = false,
): Pick<AcademyPlanView, 'allocations' | 'pools' | 'totalCents' | 'leftCents' | 'scaled'> {
  const selected = new Set(plan.beneficiaryIds);
  const poolOf = new Map<number, string>();
  for (const pool of plan.pools) for (const id of pool.memberIds) poolOf.set(id, pool.name);
  const rows = establishments.map((establishment) => {
    const rule = allocationFor(campaign.rules, establishment);
    const isSelected = rule.eligible && selected.has(establishment.id);
    return { establishment, rule, isSelected };
  });
  const ruleAmounts = rows.map((row) => (row.isSelected ? row.rule.amountCents : 0));
  const ruleTotal = ruleAmounts.reduce((a, b) => a + b, 0);
  const scaled = scaleToShare && ruleTotal > shareCents;
  const fitted = scaled ? fitToShare(ruleAmounts, shareCents) : ruleAmounts;
  const allocations: PlannedAllocation[] = rows.map((row, index) => {
    const modulation = row.isSelected ? (plan.modulations[String(row.establishment.id)] ?? null) : null;
    return {
      establishment: row.establishment,
      eligible: row.rule.eligible,
      selected: row.isSelected,
      ruleCents: fitted[index]!,
      finalCents: modulation ? modulation.amountCents : fitted[index]!,
      ruleReason: row.rule.reason,
      modulation,
      pool: poolOf.get(row.establishment.id) ?? null,
    };
  });
  const byId = new Map(allocations.map((a) => [a.establishment.id, a]));
  const pools = plan.pools.map((pool) => ({
    ...pool,
    amountCents: pool.memberIds.reduce((sum, id) => sum + (byId.get(id)?.finalCents ?? 0), 0),
  }));
  const totalCents = allocations.reduce((sum, a) => sum + a.finalCents, 0);
  return { allocations, pools, totalCents, leftCents: shareCents - totalCents, scaled };
}

export async function getAcademyPlan(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  academyId: number,
  scaleToShare = false,
): Promise<AcademyPlanView> {
  authorize(canManageAcademy(actor, academyId), 'Vous ne gérez pas cette académie.');
  const campaign = await loadCampaign(db, campaignId);
  const row = await loadAcademyRow(db, campaignId, academyId);
  const academy = (await findAcademy(db, academyId))!;
  const establishments = await listAcademyEstablishments(db, academyId);
  const plan = row.explanation.plan ?? emptyPlan();
  return {
    campaign,
    academy,
    shareCents: row.shareCents,
    published: (await countAcademyRights(db, campaignId, academyId)) > 0,
    ...computePlan(campaign, row.shareCents, establishments, plan, scaleToShare),
  };
}

async function changePlan(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  academyId: number,
  change: (
    plan: AcademyPlan,
    establishments: Map<number, EstablishmentRecord>,
    trx: Transaction<Database>,
  ) => Promise<void> | void,
): Promise<void> {
  authorize(canManageAcademy(actor, academyId), 'Vous ne gérez pas cette académie.');
  await db.transaction().execute(async (trx) => {
    const campaign = await loadCampaign(trx, campaignId, true);
    if (campaign.status !== 'draft' && campaign.status !== 'open') {
      throw new AppError('CAMPAIGN_CLOSED', 'Cette campagne est clôturée : les dotations ne changent plus.');
    }
    const row = await loadAcademyRow(trx, campaignId, academyId, true);
    const establishments = new Map((await listAcademyEstablishments(trx, academyId)).map((e) => [e.id, e]));
    const plan = row.explanation.plan ?? emptyPlan();
    await change(plan, establishments, trx);
    await updateCampaignAcademy(trx, campaignId, academyId, { explanation: { ...row.explanation, plan } });
  });
}

export async function assertNotPublished(trx: Db, campaignId: number, academyId: number): Promise<void> {
  if ((await countAcademyRights(trx, campaignId, academyId)) > 0) {
    throw new AppError('INVALID_TRANSITION', 'Les dotations de cette académie sont déjà publiées.');
  }
}

export async function setBeneficiaries(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  academyId: number,
  establishmentIds: readonly number[],
): Promise<void> {
  await changePlan(db, actor, campaignId, academyId, async (plan, establishments, trx) => {
    await assertNotPublished(trx, campaignId, academyId);
    const unknown = establishmentIds.filter((id) => !establishments.has(id));
    if (unknown.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'Un établissement choisi n’appartient pas à cette académie.', {
        unknown,
      });
    }
    plan.beneficiaryIds = [...new Set(establishmentIds)].sort((a, b) => a - b);
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'allocation.beneficiaries-selected',
      subjectType: 'campaign-academy',
      subjectId: `${campaignId}:${academyId}`,
      details: { count: plan.beneficiaryIds.length },
    });
  });
}

/**
 * Sets one establishment's amount, with a mandatory reason. Before publication the plan keeps it
 * (publication writes an 'adjust' entry); after, an 'adjust' entry moves the right at once, and can
 * never take it below zero.
 */
export async function modulateAllocation(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  academyId: number,
  input: unknown,
): Promise<{ deltaCents: number }> {
  const { establishmentId, amountEuros: amountCents, reason } = parseOrThrow(modulationSchema, input);
  let deltaCents = 0;
  await changePlan(db, actor, campaignId, academyId, async (plan, establishments, trx) => {
    const establishment = establishments.get(establishmentId);
    if (!establishment)
      throw new AppError('NOT_FOUND', 'Cet établissement n’appartient pas à cette académie.');
    const campaign = await loadCampaign(trx, campaignId);
    const published = (await countAcademyRights(trx, campaignId, academyId)) > 0;
    const previous =
      plan.modulations[String(establishmentId)]?.amountCents ??
      allocationFor(campaign.rules, establishment).amountCents;
    deltaCents = amountCents - previous;
    if (published) {
      const right = await findRightOfEstablishment(trx, campaignId, establishmentId);
      if (!right)
        throw new AppError('NOT_FOUND', 'Cet établissement n’a pas de droit de tirage dans cette campagne.');
      const posted = await postLedgerEntry(trx, {
        drawingRightId: right.id,
        kind: 'adjust',
        amountCents: deltaCents,
        reason,
        actorUserId: actor.userId,
      });
      if (!posted.posted) {
        throw new AppError('BUDGET_EXCEEDED', 'Cette baisse dépasse ce qui reste sur le droit de tirage.', {
          balanceCents: posted.balanceCents,
          requestedCents: -deltaCents,
        });
      }
    } else if (!plan.beneficiaryIds.includes(establishmentId)) {
      throw new AppError('VALIDATION_FAILED', 'Sélectionnez d’abord cet établissement comme bénéficiaire.');
    }
    plan.modulations[String(establishmentId)] = { amountCents, reason };
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'allocation.modulated',
      subjectType: 'establishment',
      subjectId: establishmentId,
      details: { campaignId, amountCents, previousCents: previous, deltaCents, reason, published },
    });
  });
  return { deltaCents };
}

/** Groups establishments of a network into one shared drawing right (before publication). */
export async function createPool(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  academyId: number,
  input: unknown,
): Promise<void> {
  const { name, establishmentIds } = parseOrThrow(poolSchema, input);
  await changePlan(db, actor, campaignId, academyId, async (plan, establishments, trx) => {
    await assertNotPublished(trx, campaignId, academyId);
    if (name === ACADEMY_REMAINDER_POOL) throw new AppError('VALIDATION_FAILED', 'Ce nom est réservé.');
    if (plan.pools.some((pool) => pool.name === name))
      throw new AppError('CONFLICT', 'Une mutualisation porte déjà ce nom.');
    const members = [...new Set(establishmentIds)];
    if (members.some((id) => !establishments.has(id))) {
      throw new AppError('VALIDATION_FAILED', 'Un établissement choisi n’appartient pas à cette académie.');
    }
    const taken = new Set(plan.pools.flatMap((pool) => pool.memberIds));
    if (members.some((id) => taken.has(id))) {
      throw new AppError('CONFLICT', 'Un établissement fait déjà partie d’une autre mutualisation.');
    }
    plan.pools.push({ name, memberIds: members.sort((a, b) => a - b) });
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'allocation.pool-created',
      subjectType: 'campaign-academy',
      subjectId: `${campaignId}:${academyId}`,
      details: { name, members: members.length },
    });
  });
}
