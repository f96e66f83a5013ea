// Campaign life cycle as an explicit transition table: draft → open → closed → settled.
import { assertTransition, canTransition, type TransitionTable } from '../../shared/state-machine.js';

export type CampaignStatus = 'draft' | 'open' | 'closed' | 'settled';

export const campaignTransitions: TransitionTable<CampaignStatus> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['settled'],
  settled: [],
};

export const campaignStatusLabels: Record<CampaignStatus, string> = {
  draft: 'en préparation',
  open: 'ouverte',
  closed: 'clôturée',
  settled: 'soldée',
};

export function canMoveCampaign(from: CampaignStatus, to: CampaignStatus): boolean {
  return canTransition(campaignTransitions, from, to);
}

export function assertCampaignTransition(from: CampaignStatus, to: CampaignStatus): void {
  assertTransition(campaignTransitions, from, to, campaignStatusLabels);
}
