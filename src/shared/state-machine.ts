// Explicit transition tables for workflows (orders, campaigns, …): a status may only move to the
// statuses its row lists. Pure: the services persist the change and audit it.
import { AppError } from './errors.js';

export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export function canTransition<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

/** Throws INVALID_TRANSITION with a French message naming both statuses. */
export function assertTransition<S extends string>(
  table: TransitionTable<S>,
  from: S,
  to: S,
  labels: Readonly<Record<S, string>>,
): void {
  if (!canTransition(table, from, to)) {
    throw new AppError(
      'INVALID_TRANSITION',
      `Impossible de passer de l’état « ${labels[from]} » à l’état « ${labels[to]} ».`,
      { from, to },
    );
  }
}
