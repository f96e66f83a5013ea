// The state of a proposal, read from what the cart and the orders say (pure). Stored on the proposal:
// the cart line it became (cleared when the line leaves the cart), the order line that fulfilled it,
// and the decline. An order line cancelled or refused by its publisher leaves the need unmet: the
// proposal is open again (proposed, or in the cart if it went back there), with the setback told.
import type { LineStatus } from './orders.workflow.js';
import { seatsCovered } from './orders.money.js';

export const proposalStates = ['proposed', 'in-cart', 'ordered', 'delivered', 'declined'] as const;
export type ProposalState = (typeof proposalStates)[number];

export const proposalStateLabels: Readonly<Record<ProposalState, string>> = {
  proposed: 'proposé',
  'in-cart': 'dans le panier',
  ordered: 'commandé',
  delivered: 'livré',
  declined: 'refusé',
};

export interface ProposalStateFacts {
  declined: boolean;
  inCart: boolean;
  /** The status of the order line the proposal became, if any. */
  orderLineStatus: LineStatus | null;
}

export function proposalState(facts: ProposalStateFacts): ProposalState {
  if (facts.declined) return 'declined';
  if (facts.orderLineStatus === 'pending') return 'ordered';
  if (facts.orderLineStatus === 'delivered') return 'delivered';
  return facts.inCart ? 'in-cart' : 'proposed';
}

/** Open proposals are the cart page's work: not yet ordered, delivered or declined. */
export function isOpen(state: ProposalState): boolean {
  return state === 'proposed' || state === 'in-cart';
}

/** What went wrong with the last order of an open proposal, in a sentence; null when nothing did. */
export function setbackOf(
  orderLineStatus: LineStatus | null,
  rejectionReason: string | null,
  orderId: number | null,
): string | null {
  if (orderLineStatus === 'cancelled') return `La commande n° ${orderId ?? '?'} a été annulée.`;
  if (orderLineStatus === 'rejected')
    return `L’éditeur a refusé la ligne de la commande n° ${orderId ?? '?'}${
      rejectionReason ? ` : « ${rejectionReason} »` : ''
    }.`;
  return null;
}

/** Units of an offer a cart line needs to cover `seats` seats: what the cart form suggests. */
export function quantityFor(licenceKind: string, packSeats: number | null, seats: number): number {
  const perUnit = seatsCovered(licenceKind, packSeats, 1);
  return Number.isFinite(perUnit) ? Math.max(1, Math.ceil(seats / perUnit)) : 1;
}
