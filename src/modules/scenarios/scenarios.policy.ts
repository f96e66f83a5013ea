// Who may do what with scenarios. Reading and searching is public; the people who teach write them
// and copy others' to adapt them; only the author edits her own.
import { authorize, hasRole, type Actor } from '../accounts/actor.js';

const teachingRoles = ['teacher', 'digital-referent', 'librarian'] as const;

/** Teachers, the digital referent and the librarian write scenarios and copy them. */
export function canWriteScenarios(actor: Actor | undefined): boolean {
  return actor !== undefined && teachingRoles.some((role) => hasRole(actor, role));
}

export function canEditScenario(actor: Actor | undefined, authorId: number): boolean {
  return actor !== undefined && actor.userId === authorId;
}

export function authorizeWriteScenarios(actor: Actor): void {
  authorize(canWriteScenarios(actor), 'Seuls les enseignants écrivent et adaptent des scénarios.');
}

export function authorizeEditScenario(actor: Actor, authorId: number): void {
  authorize(canEditScenario(actor, authorId), 'Seule l’autrice ou l’auteur du scénario peut le modifier.');
}
