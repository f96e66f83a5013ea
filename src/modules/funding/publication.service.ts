// Publication of an academy's allocation plan: the drawing rights of the selected establishments and
// pools, their 'allocate' (and 'adjust') ledger entries, the heads notified (and invited when they have
// no account yet), in one transaction.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit, notifyUser } from '../notifications/notifications.repository.js';
import {
  assertNotPublished,
  computePlan,
  emptyPlan,
  loadAcademyRow,
  type PlannedAllocation,
} from './allocation.service.js';
import { loadCampaign } from './campaign.service.js';
import { canManageAcademy } from './funding.policy.js';
import {
  findAcademy,
  headsOf,
  insertDrawingRight,
  insertDrawingRights,
  insertPoolMembers,
  listAcademyEstablishments,
  setCampaignStatus,
  updateCampaignAcademy,
} from './funding.repository.js';
import { inviteHead } from './invite-head.js';
import { postLedgerEntry } from './ledger.repository.js';

export interface PublishResult {
  rights: number;
  pools: number;
  totalCents: number;
  notified: number;
  invited: number;
}

/** Internal publish (no authorization): the seed and the use case share it. */
export async function publishPlan(
  trx: Transaction<Database>,
  actorUserId: number | null,
  campaignId: number,
  academyId: number,
  options: { scaleToShare?: boolean; inviteHeads?: boolean } = {},
): Promise<PublishResult> {
  const campaign = await loadCampaign(trx, campaignId, true);
  if (campaign.status !== 'draft' && campaign.status !== 'open') {
    throw new AppError('CAMPAIGN_CLOSED', 'Cette campagne est clôturée : elle ne se publie plus.');
  }
  const row = await loadAcademyRow(trx, campaignId, academyId, true);
  await assertNotPublished(trx, campaignId, academyId);
  const academy = (await findAcademy(trx, academyId))!;
  const establishments = await listAcademyEstablishments(trx, academyId);
  const plan = row.explanation.plan ?? emptyPlan();
  const computed = computePlan(campaign, row.shareCents, establishments, plan, options.scaleToShare);
  if (computed.leftCents < 0) {
    throw new AppError(
      'BUDGET_EXCEEDED',
      `Les dotations d’établissement dépassent la dotation de l’académie de ${(-computed.leftCents / 100).toFixed(2).replace('.', ',')} € : ` +
        'réduisez-les, ou ajustez-les proportionnellement à la part.',
      { shortfallCents: -computed.leftCents, shareCents: row.shareCents, totalCents: computed.totalCents },
    );
  }
  const selected = computed.allocations.filter((a) => a.selected);
  if (selected.length === 0)
    throw new AppError('VALIDATION_FAILED', 'Sélectionnez au moins un bénéficiaire avant de publier.');
  const pooled = new Set(plan.pools.flatMap((pool) => pool.memberIds));
  let rights = 0;
  const post = async (drawingRightId: number, a: PlannedAllocation) => {
    if (a.ruleCents > 0) {
      await postLedgerEntry(trx, {
        drawingRightId,
        kind: 'allocate',
        amountCents: a.ruleCents,
        reference: `establishment:${a.establishment.uai}`,
        reason: a.ruleReason,
        actorUserId,
      });
    }
    const delta = a.finalCents - a.ruleCents;
    if (delta !== 0) {
      const result = await postLedgerEntry(trx, {
        drawingRightId,
        kind: 'adjust',
        amountCents: delta,
        reference: `establishment:${a.establishment.uai}`,
        reason: a.modulation?.reason ?? 'Modulation',
        actorUserId,
      });
      if (!result.posted)
        throw new AppError('VALIDATION_FAILED', 'Une modulation rend une dotation négative.');
    }
  };
  const own = selected.filter((a) => !pooled.has(a.establishment.id));
  // One multi-row insert for the rights (publication of a big academy stays fast); entries follow.
  const ids = await insertDrawingRights(
    trx,
    own.map((a) => ({ campaignId, academyId, establishmentId: a.establishment.id, poolName: null })),
  );
  for (const [index, a] of own.entries()) {
    await post(ids[index]!, a);
    rights += 1;
  }
  const byId = new Map(computed.allocations.map((a) => [a.establishment.id, a]));
  for (const pool of plan.pools) {
    const id = await insertDrawingRight(trx, {
      campaignId,
      academyId,
      establishmentId: null,
      poolName: pool.name,
    });
    await insertPoolMembers(trx, id, pool.memberIds);
    for (const memberId of pool.memberIds) {
      const a = byId.get(memberId);
      if (a?.selected) await post(id, a);
    }
    rights += 1;
  }
  if (campaign.status === 'draft') await setCampaignStatus(trx, campaignId, 'open');
  // Every head of a beneficiary (or of a pool member) is told; heads without an account are invited.
  const reached = [...new Set([...selected.map((a) => a.establishment.id), ...pooled])];
  const heads = await headsOf(trx, reached);
  const withHead = new Set(heads.map((h) => h.establishment_id));
  const uaiOf = new Map(establishments.map((e) => [e.id, e.uai]));
  for (const head of heads) {
    const uai = head.establishment_id === null ? undefined : uaiOf.get(head.establishment_id);
    await notifyUser(trx, head.user_id, {
      kind: 'drawing-right.published',
      title: `Droit de tirage publié : ${campaign.name}`,
      body: `Votre établissement dispose d’un droit de tirage pour la campagne « ${campaign.name} », à utiliser avant le ${campaign.orderingDeadline}.`,
      link: uai ? `/etablissements/${uai}/panier` : undefined,
    });
  }
  let invited = 0;
  if (options.inviteHeads !== false) {
    const byEstablishment = new Map(establishments.map((e) => [e.id, e]));
    for (const id of reached) {
      if (withHead.has(id)) continue;
      const establishment = byEstablishment.get(id)!;
      await inviteHead(trx, { establishment, academyCode: academy.code, invitedBy: actorUserId });
      invited += 1;
    }
  }
  await updateCampaignAcademy(trx, campaignId, academyId, {
    explanation: { ...row.explanation, plan, publishedAt: clock.now().toISOString() },
  });
  await audit(trx, {
    actorUserId,
    action: 'allocation.published',
    subjectType: 'campaign-academy',
    subjectId: `${campaignId}:${academyId}`,
    details: { rights, pools: plan.pools.length, totalCents: computed.totalCents, scaled: computed.scaled },
  });
  return {
    rights,
    pools: plan.pools.length,
    totalCents: computed.totalCents,
    notified: heads.length,
    invited,
  };
}

export async function publishAllocations(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  academyId: number,
  options: { scaleToShare?: boolean } = {},
): Promise<PublishResult> {
  authorize(canManageAcademy(actor, academyId), 'Vous ne gérez pas cette académie.');
  return db.transaction().execute((trx) => publishPlan(trx, actor.userId, campaignId, academyId, options));
}
