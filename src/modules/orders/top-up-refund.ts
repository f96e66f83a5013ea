// The co-funder's share of an order that shrank. A top-up pays the LAST euros of an order: the
// co-funder's money never exceeds what remains of it (lines neither cancelled nor rejected). After a
// cancellation or rejection credits the line totals back, whatever the top-up still holds beyond that
// remainder goes back to the co-funder, so it never stays on the state drawing right to pay for other
// orders. Used by cancelOrder and rejectLine, in their transaction, right after their credit.
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { postLedgerEntry } from '../funding/ledger.repository.js';
import { audit } from '../notifications/notifications.repository.js';
import { addTopUpRefunded, lockTopUp, remainingLinesCents } from './orders.repository.js';
import { funderLabels } from './orders.schema.js';

export interface TopUpRefund {
  /** Positive cents given back to the co-funder by this call (0: nothing to give back). */
  refundedCents: number;
  funder: 'establishment' | 'local-authority' | 'academy' | null;
}

/**
 * Gives back to the co-funder what its top-up holds beyond the order's remaining lines:
 * held = top-up − already refunded, remaining = Σ lines not cancelled or rejected; if held >
 * remaining, posts 'top-up-refund' −(held − remaining) on `drawingRightId` (the right that just
 * received the credit) and records it in order_top_ups.refunded_cents.
 *
 * Since held ≤ remaining held before the credit, the refund is never larger than the credit it
 * follows: the balance cannot go negative. The top-up row is locked, so two rejections of the same
 * order (already serialized on the order row) can never refund the same euros twice.
 */
export async function refundTopUpBeyondRemaining(
  trx: Transaction<Database>,
  input: { orderId: number; drawingRightId: number; actorUserId: number; reason: string },
): Promise<TopUpRefund> {
  const topUp = await lockTopUp(trx, input.orderId);
  if (!topUp) return { refundedCents: 0, funder: null };
  const remainingCents = await remainingLinesCents(trx, input.orderId);
  const heldCents = Number(topUp.amount_cents) - Number(topUp.refunded_cents);
  const refundCents = heldCents - remainingCents;
  if (refundCents <= 0) return { refundedCents: 0, funder: topUp.funder };

  const posted = await postLedgerEntry(trx, {
    drawingRightId: input.drawingRightId,
    kind: 'top-up-refund',
    amountCents: -refundCents,
    orderId: input.orderId,
    funder: topUp.funder,
    reference: topUp.reference,
    reason: input.reason,
    actorUserId: input.actorUserId,
  });
  // Cannot happen when the credit was posted just before on the same right (see above): a bug, and
  // the transaction must not commit half of it.
  if (!posted.posted) {
    throw new Error(
      `Top-up refund of ${refundCents} cents would overdraw drawing right ${input.drawingRightId}`,
    );
  }
  await addTopUpRefunded(trx, input.orderId, refundCents);
  await audit(trx, {
    actorUserId: input.actorUserId,
    action: 'order.top-up-refunded',
    subjectType: 'order',
    subjectId: input.orderId,
    details: {
      amountCents: refundCents,
      funder: topUp.funder,
      reference: topUp.reference,
      drawingRightId: input.drawingRightId,
    },
  });
  return { refundedCents: refundCents, funder: topUp.funder };
}

/** « 100,00 € rendus au cofinanceur (collectivité territoriale) », for messages to the head. */
export function refundPhrase(refund: TopUpRefund, format: (cents: number) => string): string {
  const who = refund.funder ? ` (${funderLabels[refund.funder]})` : '';
  return `${format(refund.refundedCents)} rendus au cofinanceur${who}`;
}
