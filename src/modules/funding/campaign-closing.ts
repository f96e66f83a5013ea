// The end of a campaign: closing after the ordering deadline (unspent rights return to the academy
// remainders) and settling (remainders carried to the next campaign, by policy). Each runs in one
// transaction: authorize, load, transition, persist, audit. "After the deadline" is the French day of
// the clock, the same day ordering refuses orders on.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { clock, dayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import { loadCampaign } from './campaign.service.js';
import { assertCampaignTransition } from './campaign.workflow.js';
import { canManageCampaigns } from './funding.policy.js';
import {
  closeRightsOfCampaign,
  ensureAcademyRemainderRight,
  findNextCampaignOfAcademy,
  lockActiveRights,
  lockRemaindersWithBalance,
  setCampaignStatus,
} from './funding.repository.js';
import { postLedgerEntry } from './ledger.repository.js';

/**
 * After the ordering deadline: every unspent right closes ('close' entry taking its balance to 0) and
 * the same amount lands on the academy remainder right ('remainder-return'), so the sum over the ledger
 * still equals the balances. Orders already placed keep their debits.
 */
export async function closeCampaign(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  now: Date = clock.now(),
): Promise<{ closedRights: number; returnedCents: number }> {
  authorize(canManageCampaigns(actor), 'Seule l’administration nationale clôture les campagnes.');
  return db.transaction().execute(async (trx) => {
    const campaign = await loadCampaign(trx, campaignId, true);
    assertCampaignTransition(campaign.status, 'closed');
    // The French day, as ordering sees it: the day orders are refused is a day closing accepts.
    if (dayInFrance(now) <= campaign.orderingDeadline) {
      throw new AppError(
        'INVALID_TRANSITION',
        `La date limite de commande (${campaign.orderingDeadline}) n’est pas passée : la campagne ne peut pas encore être clôturée.`,
      );
    }
    const rights = await lockActiveRights(trx, campaignId);
    const returnedByAcademy = new Map<number, number>();
    for (const right of rights) {
      const balance = Number(right.balance_cents);
      if (balance > 0) {
        const result = await postLedgerEntry(trx, {
          drawingRightId: right.id,
          kind: 'close',
          amountCents: -balance,
          reason: 'Clôture de la campagne : solde non dépensé rendu à l’académie',
          actorUserId: actor.userId,
        });
        if (!result.posted) throw new Error('close entry refused on a locked right');
        returnedByAcademy.set(right.academy_id, (returnedByAcademy.get(right.academy_id) ?? 0) + balance);
      }
    }
    await closeRightsOfCampaign(trx, campaignId);
    let returnedCents = 0;
    for (const [academyId, amount] of returnedByAcademy) {
      // The remainder right is active again whatever it was: it receives the returns, and credits after.
      const remainderId = await ensureAcademyRemainderRight(trx, campaignId, academyId, { activate: true });
      await postLedgerEntry(trx, {
        drawingRightId: remainderId,
        kind: 'remainder-return',
        amountCents: amount,
        reason: 'Reliquats des droits de tirage clôturés',
        actorUserId: actor.userId,
      });
      returnedCents += amount;
    }
    await setCampaignStatus(trx, campaignId, 'closed');
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'campaign.closed',
      subjectType: 'campaign',
      subjectId: campaignId,
      details: { closedRights: rights.length, returnedCents },
    });
    return { closedRights: rights.length, returnedCents };
  });
}

/**
 * Settles a closed campaign. With the 'carry-to-next-campaign' policy, each academy remainder moves to
 * the academy remainder right of the next campaign the academy takes part in (the draft or open
 * one with the earliest later deadline) ('reallocation' entries,
 * one out, one in); with 'return-to-academy' it stays with the academy, which reallocates it by hand.
 */
export async function settleCampaign(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
): Promise<{ carriedCents: number; nextCampaignId: number | null }> {
  authorize(canManageCampaigns(actor), 'Seule l’administration nationale solde les campagnes.');
  return db.transaction().execute(async (trx) => {
    const campaign = await loadCampaign(trx, campaignId, true);
    assertCampaignTransition(campaign.status, 'settled');
    let carriedCents = 0;
    let nextCampaignId: number | null = null;
    if (campaign.remainderPolicy === 'carry-to-next-campaign') {
      const remainders = await lockRemaindersWithBalance(trx, campaignId);
      for (const remainder of remainders) {
        const next = await findNextCampaignOfAcademy(trx, {
          academyId: remainder.academy_id,
          after: campaign,
        });
        if (!next) continue; // No next campaign yet: the remainder waits with the academy.
        nextCampaignId = next.id;
        const amount = Number(remainder.balance_cents);
        const targetId = await ensureAcademyRemainderRight(trx, next.id, remainder.academy_id);
        const out = await postLedgerEntry(trx, {
          drawingRightId: remainder.id,
          kind: 'reallocation',
          amountCents: -amount,
          reference: `campaign:${next.id}`,
          reason: 'Reliquat reporté sur la campagne suivante',
          actorUserId: actor.userId,
        });
        if (!out.posted) throw new Error('remainder moved concurrently');
        await postLedgerEntry(trx, {
          drawingRightId: targetId,
          kind: 'reallocation',
          amountCents: amount,
          reference: `campaign:${campaignId}`,
          reason: 'Reliquat reporté de la campagne précédente',
          actorUserId: actor.userId,
        });
        carriedCents += amount;
      }
    }
    await setCampaignStatus(trx, campaignId, 'settled');
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'campaign.settled',
      subjectType: 'campaign',
      subjectId: campaignId,
      details: { carriedCents, nextCampaignId },
    });
    return { carriedCents, nextCampaignId };
  });
}
