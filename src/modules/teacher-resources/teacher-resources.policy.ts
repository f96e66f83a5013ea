// Who may do what with teachers' own resources: the people who teach publish theirs; experts, the
// national administration and the academy staff of the author's academy moderate them; a resource
// waiting or refused is seen by its author and its moderators only.
import { authorize, hasRole, hasRoleForAcademy, type Actor } from '../accounts/actor.js';

const teachingRoles = ['teacher', 'digital-referent', 'librarian'] as const;

export function canPublishTeacherResources(actor: Actor | undefined): boolean {
  return actor !== undefined && teachingRoles.some((role) => hasRole(actor, role));
}

/** Whether the actor moderates some teachers' resources (the moderation queue's link). */
export function canModerateAny(actor: Actor | undefined): boolean {
  return (
    actor !== undefined &&
    (hasRole(actor, 'expert') || hasRole(actor, 'national-admin') || hasRole(actor, 'academy-staff'))
  );
}

/** Moderates this resource: experts and national staff everywhere, academy staff in their academy. */
export function canModerate(actor: Actor | undefined, academyId: number | null): boolean {
  if (!actor) return false;
  if (hasRole(actor, 'expert') || hasRole(actor, 'national-admin')) return true;
  return academyId !== null && hasRoleForAcademy(actor, 'academy-staff', academyId);
}

/** Academies whose resources the actor moderates; null: every academy. */
export function moderatedAcademies(actor: Actor): number[] | null {
  if (hasRole(actor, 'expert') || hasRole(actor, 'national-admin')) return null;
  return actor.grants.flatMap((grant) =>
    grant.role === 'academy-staff' && grant.academyId !== null ? [grant.academyId] : [],
  );
}

export function authorizePublish(actor: Actor): void {
  authorize(canPublishTeacherResources(actor), 'Seuls les enseignants publient leurs propres ressources.');
}

export function authorizeModerateAny(actor: Actor): void {
  authorize(
    canModerateAny(actor),
    'La modération des ressources d’enseignants revient aux experts et aux personnels académiques.',
  );
}
