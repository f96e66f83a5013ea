import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import {
  assertOrderTransition,
  canMoveOrder,
  isCancellable,
  orderStatuses,
  orderStatusLabels,
  orderTransitions,
  statusFromLines,
  type LineStatus,
} from './orders.workflow.js';

describe('order workflow', () => {
  it('follows the happy path draft → submitted → transmitted → partly-delivered → delivered', () => {
    expect(canMoveOrder('draft', 'submitted')).toBe(true);
    expect(canMoveOrder('submitted', 'transmitted')).toBe(true);
    expect(canMoveOrder('transmitted', 'partly-delivered')).toBe(true);
    expect(canMoveOrder('partly-delivered', 'delivered')).toBe(true);
    expect(canMoveOrder('transmitted', 'delivered')).toBe(true);
  });

  it('cancels only before delivery', () => {
    expect(isCancellable('submitted')).toBe(true);
    expect(isCancellable('transmitted')).toBe(true);
    expect(isCancellable('partly-delivered')).toBe(false);
    expect(isCancellable('delivered')).toBe(false);
    expect(isCancellable('rejected')).toBe(false);
    expect(isCancellable('cancelled')).toBe(false);
  });

  it('has final states with no way out and a French label for every state', () => {
    for (const status of ['delivered', 'rejected', 'cancelled'] as const) {
      expect(orderTransitions[status]).toEqual([]);
    }
    for (const status of orderStatuses) expect(orderStatusLabels[status]).toMatch(/\p{L}/u);
  });

  it('refuses an invalid move with INVALID_TRANSITION and a French message', () => {
    try {
      assertOrderTransition('delivered', 'cancelled');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('INVALID_TRANSITION');
      expect((error as AppError).message).toBe(
        'Impossible de passer de l’état « livrée » à l’état « annulée ».',
      );
    }
  });

  it('derives the order status from its lines', () => {
    expect(statusFromLines(['pending', 'pending'])).toBe('transmitted');
    expect(statusFromLines(['delivered', 'pending'])).toBe('partly-delivered');
    expect(statusFromLines(['delivered', 'rejected'])).toBe('delivered');
    expect(statusFromLines(['rejected', 'rejected'])).toBe('rejected');
    expect(statusFromLines(['rejected', 'pending'])).toBe('transmitted');
  });

  it('never derives a status unreachable from transmitted (property)', () => {
    const line = fc.constantFrom<LineStatus>('pending', 'delivered', 'rejected');
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const status = statusFromLines(lines);
        expect(status === 'transmitted' || canMoveOrder('transmitted', status)).toBe(true);
      }),
    );
  });
});
