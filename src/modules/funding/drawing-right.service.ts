// What an establishment can still spend, per open campaign, derived from the ledger.
// spent = net order flows (debits and their credits) of delivered orders; committed = the same for
// orders not delivered yet; both are positive cents and already net of cancellation and rejection
// credits, which creditsCents reports for information. top-ups are net of what went back to the
// co-funders (top-up-refund, reported apart in topUpRefundsCents for information): a refund shrinks
// the co-funded part of an order, not what the order spends. remaining = the balance, and always:
// remaining = allocation + adjustments + reallocations + top-ups − spent − committed.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { CampaignStatus } from './campaign.workflow.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { canViewDrawingRight } from './funding.policy.js';
import { findEstablishmentByUai, listOpenRightsOf } from './funding.repository.js';
import { ledgerTotalsByKind, orderFlowTotals } from './ledger.repository.js';

export interface DrawingRightSummary {
  campaign: { id: number; name: string; status: CampaignStatus; orderingDeadline: string };
  drawingRightId: number;
  allocationCents: number;
  adjustmentsCents: number;
  reallocationsCents: number;
  /** Top-ups net of refunds to the co-funders. */
  topUpsCents: number;
  /** Given back to co-funders (positive cents), for information: already netted from topUpsCents. */
  topUpRefundsCents: number;
  spentCents: number;
  committedCents: number;
  creditsCents: number;
  remainingCents: number;
  pooled: boolean;
  poolName: string | null;
}

export async function getDrawingRights(
  db: Kysely<Database>,
  actor: Actor,
  uai: string,
): Promise<{ establishment: { id: number; uai: string; name: string }; campaigns: DrawingRightSummary[] }> {
  const establishment = await findEstablishmentByUai(db, uai);
  if (!establishment) throw new AppError('NOT_FOUND', 'Aucun établissement ne porte cet UAI.');
  // Authorization on the establishment itself first: a head never learns anything of another's.
  authorize(
    canViewDrawingRight(actor, { academyId: establishment.academyId, establishmentIds: [establishment.id] }),
    'Vous n’avez pas accès au droit de tirage de cet établissement.',
  );
  const rights = await listOpenRightsOf(db, establishment.id);
  const campaigns: DrawingRightSummary[] = [];
  for (const right of rights) {
    const byKind = await ledgerTotalsByKind(db, right.id);
    const orderFlows = await orderFlowTotals(db, right.id);
    campaigns.push({
      campaign: {
        id: right.campaign_id,
        name: right.name,
        status: right.status,
        orderingDeadline: right.ordering_deadline,
      },
      drawingRightId: right.id,
      allocationCents: byKind.get('allocate') ?? 0,
      adjustmentsCents: byKind.get('adjust') ?? 0,
      reallocationsCents: byKind.get('reallocation') ?? 0,
      topUpsCents: (byKind.get('top-up') ?? 0) + (byKind.get('top-up-refund') ?? 0),
      topUpRefundsCents: 0 - (byKind.get('top-up-refund') ?? 0),
      spentCents: 0 - Number(orderFlows.delivered),
      committedCents: 0 - Number(orderFlows.pending),
      creditsCents: (byKind.get('cancellation-credit') ?? 0) + (byKind.get('rejection-credit') ?? 0),
      remainingCents: Number(right.balance_cents),
      pooled: right.pool_name !== null,
      poolName: right.pool_name,
    });
  }
  return {
    establishment: { id: establishment.id, uai: establishment.uai, name: establishment.name },
    campaigns,
  };
}
