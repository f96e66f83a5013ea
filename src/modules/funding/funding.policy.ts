// Who may do what with campaigns, establishments, drawing rights and dashboards. Pure: decided from
// the actor's grants alone; services call authorize(…) with these.
import { hasRole, hasRoleForAcademy, hasRoleForEstablishment, type Actor } from '../accounts/actor.js';

/** National administration sets envelopes, rules and splits, and closes and settles campaigns. */
export function canManageCampaigns(actor: Actor): boolean {
  return hasRole(actor, 'national-admin');
}

/** Academy staff of that academy (or national administration) handle its establishments and plan. */
export function canManageAcademy(actor: Actor, academyId: number): boolean {
  return hasRole(actor, 'national-admin') || hasRoleForAcademy(actor, 'academy-staff', academyId);
}

/**
 * Campaign list and rules: every academy and national user reads them, the inspection too (it follows
 * its academy's dashboards, which link back to the campaign's rules). Reading only: every change asks
 * canManageCampaigns or canManageAcademy.
 */
export function canViewCampaigns(actor: Actor): boolean {
  return hasRole(actor, 'national-admin') || hasRole(actor, 'academy-staff') || hasRole(actor, 'inspector');
}

const establishmentRoles = ['head', 'digital-referent', 'librarian', 'teacher'] as const;

/**
 * A drawing right is visible to the people of its establishment (or of a member of its pool): the
 * head, digital referent, librarian and teachers. Teachers see it too, so proposals are made knowing
 * the budget (the 2012 report: "rules shown to every user"). Academy staff see their academy's rights,
 * the national administration every right. Nobody else, and never another establishment's.
 */
export function canViewDrawingRight(
  actor: Actor,
  right: { academyId: number; establishmentIds: readonly number[] },
): boolean {
  if (canManageAcademy(actor, right.academyId)) return true;
  return right.establishmentIds.some((id) =>
    establishmentRoles.some((role) => hasRoleForEstablishment(actor, role, id)),
  );
}

/**
 * An academy's dashboards (and their CSV exports): whoever manages the academy, and its inspection
 * (IA-IPR, IEN), which follows consumption without changing anything (the 2012 report: dashboards
 * for those who follow the plan). Never another academy's.
 */
export function canViewAcademyDashboard(actor: Actor, academyId: number): boolean {
  return canManageAcademy(actor, academyId) || hasRoleForAcademy(actor, 'inspector', academyId);
}

export function canViewNationalDashboard(actor: Actor): boolean {
  return hasRole(actor, 'national-admin');
}
