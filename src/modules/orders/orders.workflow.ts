// The order workflow as an explicit transition table (pure). Services persist and audit each move.
// draft → submitted → transmitted → partly-delivered → delivered, or rejected, or cancelled; an order
// can be cancelled only while nothing of it has been delivered.
import type { OrderStatus } from '../../db/schema.js';

export type { OrderStatus };
import { assertTransition, canTransition, type TransitionTable } from '../../shared/state-machine.js';

export const orderStatuses = [
  'draft',
  'submitted',
  'transmitted',
  'partly-delivered',
  'delivered',
  'rejected',
  'cancelled',
] as const satisfies readonly OrderStatus[];

export const orderTransitions: TransitionTable<OrderStatus> = {
  draft: ['submitted', 'cancelled'],
  submitted: ['transmitted', 'rejected', 'cancelled'],
  transmitted: ['partly-delivered', 'delivered', 'rejected', 'cancelled'],
  'partly-delivered': ['delivered'],
  delivered: [],
  rejected: [],
  cancelled: [],
};

export const orderStatusLabels: Readonly<Record<OrderStatus, string>> = {
  draft: 'brouillon',
  submitted: 'envoyée',
  transmitted: 'transmise à l’éditeur',
  'partly-delivered': 'livrée en partie',
  delivered: 'livrée',
  rejected: 'refusée',
  cancelled: 'annulée',
};

export type LineStatus = 'pending' | 'delivered' | 'rejected' | 'cancelled';

export const lineStatusLabels: Readonly<Record<LineStatus, string>> = {
  pending: 'en attente',
  delivered: 'livrée',
  rejected: 'refusée',
  cancelled: 'annulée',
};

export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  return canTransition(orderTransitions, from, to);
}

export function assertOrderTransition(from: OrderStatus, to: OrderStatus): void {
  assertTransition(orderTransitions, from, to, orderStatusLabels);
}

/** Whether the head may still cancel: before anything was delivered, and not once closed. */
export function isCancellable(status: OrderStatus): boolean {
  return canMoveOrder(status, 'cancelled');
}

/**
 * The order status implied by its line statuses once the publisher acted on a line: every line
 * rejected → rejected; every line settled and one delivered → delivered; some delivered → partly
 * delivered; otherwise it stays with the publisher (transmitted).
 */
export function statusFromLines(lines: readonly LineStatus[]): OrderStatus {
  const live = lines.filter((status) => status !== 'rejected' && status !== 'cancelled');
  if (live.length === 0) return 'rejected';
  const delivered = live.filter((status) => status === 'delivered').length;
  if (delivered === live.length) return 'delivered';
  if (delivered > 0) return 'partly-delivered';
  return 'transmitted';
}
