// The drawing right as the cart and renewal pages show it to the head before ordering: what is left,
// until when, whether the campaign still takes orders and whether it allows a co-funding top-up.
import type { DrawingRightRow } from './orders.repository.js';
import { allowsCoFunding } from './order-decision.js';

export interface DrawingRightView {
  campaign: string;
  remainingCents: number;
  deadline: string;
  coFundingAllowed: boolean;
  /** The campaign is open, the right active and the ordering deadline not past. */
  open: boolean;
}

/** The view of the right an order would spend (the first of findDrawingRightsOf), or null if none. */
export function drawingRightView(right: DrawingRightRow | undefined, today: string): DrawingRightView | null {
  return right
    ? {
        campaign: right.campaignName,
        remainingCents: Number(right.balanceCents),
        deadline: right.orderingDeadline,
        coFundingAllowed: allowsCoFunding(right.rules),
        open: right.campaignStatus === 'open' && right.status === 'active' && right.orderingDeadline >= today,
      }
    : null;
}
