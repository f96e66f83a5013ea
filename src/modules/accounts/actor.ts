// Who is making a request: the signed-in user with their scoped roles. The session plugin
// (session.plugin.ts) sets request.actor; policies decide from it alone.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

export const roles = [
  'teacher',
  'digital-referent',
  'librarian',
  'head',
  'academy-staff',
  'national-admin',
  'publisher',
  'expert',
  'inspector',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  teacher: 'enseignant',
  'digital-referent': 'référent numérique',
  librarian: 'professeur documentaliste',
  head: 'chef d’établissement',
  'academy-staff': 'personnel académique',
  'national-admin': 'administration nationale',
  publisher: 'éditeur ou distributeur',
  expert: 'expert valideur',
  inspector: 'inspection',
};

/** A role and where it applies: an establishment, an academy, a producer, or nationally. */
export interface RoleGrant {
  role: Role;
  establishmentId: number | null;
  academyId: number | null;
  producerId: number | null;
}

export interface Actor {
  userId: number;
  email: string;
  displayName: string;
  grants: readonly RoleGrant[];
  /** CSRF token of the session, echoed by forms and checked on every state-changing request. */
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** The signed-in actor, or a 401 the pages turn into the sign-in form. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Connectez-vous pour accéder à cette page.');
  return request.actor;
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.grants.some((grant) => grant.role === role);
}

export function hasRoleForEstablishment(actor: Actor, role: Role, establishmentId: number): boolean {
  return actor.grants.some((grant) => grant.role === role && grant.establishmentId === establishmentId);
}

export function hasRoleForAcademy(actor: Actor, role: Role, academyId: number): boolean {
  return actor.grants.some((grant) => grant.role === role && grant.academyId === academyId);
}

export function hasRoleForProducer(actor: Actor, role: Role, producerId: number): boolean {
  return actor.grants.some((grant) => grant.role === role && grant.producerId === producerId);
}

/** Throws FORBIDDEN unless the check passed; policies call this so every route fails the same way. */
export function authorize(allowed: boolean, message = 'Vous n’avez pas accès à cette ressource.'): void {
  if (!allowed) throw new AppError('FORBIDDEN', message);
}
