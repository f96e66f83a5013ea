// Who may register and watch harvest sources: the national administration only. Pure: decided from
// the actor's grants alone; the use cases call authorize(…) with it, the pages ask it what to link.
import { hasRole, type Actor } from '../accounts/actor.js';

/** Registering sources, reading their runs, asking for a harvest now. */
export function canManageHarvest(actor: Actor): boolean {
  return hasRole(actor, 'national-admin');
}
