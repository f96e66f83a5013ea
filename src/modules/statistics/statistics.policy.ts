// Who may do what with the public statistics (pure). Reading is public; only the national
// administration chooses whether each establishment's spending is published.
import { hasRole, type Actor } from '../accounts/actor.js';

export function canChangePublication(actor: Actor | undefined): boolean {
  return actor !== undefined && hasRole(actor, 'national-admin');
}
