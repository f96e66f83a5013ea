// Who may do what with proposals, carts and orders. Decisions use the actor's scoped grants only.
import {
  authorize,
  hasRole,
  hasRoleForAcademy,
  hasRoleForEstablishment,
  type Actor,
} from '../accounts/actor.js';

export interface EstablishmentScope {
  id: number;
  academyId: number;
}

const staffOf = (actor: Actor, est: EstablishmentScope) =>
  hasRoleForAcademy(actor, 'academy-staff', est.academyId) || hasRole(actor, 'national-admin');

/** Only the head holds the drawing right: only the head places or cancels orders. */
export function canPlaceOrder(actor: Actor, est: EstablishmentScope): boolean {
  return hasRoleForEstablishment(actor, 'head', est.id);
}

export function canReadEstablishmentOrders(actor: Actor, est: EstablishmentScope): boolean {
  return (
    hasRoleForEstablishment(actor, 'head', est.id) ||
    hasRoleForEstablishment(actor, 'digital-referent', est.id) ||
    hasRoleForEstablishment(actor, 'librarian', est.id) ||
    staffOf(actor, est)
  );
}

const proposingRoles = ['teacher', 'digital-referent', 'librarian', 'head'] as const;

/** Teachers, the referent, the librarian and the head of the establishment propose resources. */
export function canPropose(actor: Actor, est: Pick<EstablishmentScope, 'id'>): boolean {
  return proposingRoles.some((role) => hasRoleForEstablishment(actor, role, est.id));
}

/** Every establishment where canPropose holds for the actor, from their grants alone. */
export function proposingEstablishmentIds(actor: Actor): number[] {
  const ids = actor.grants.flatMap((grant) =>
    grant.establishmentId !== null ? [grant.establishmentId] : [],
  );
  return [...new Set(ids)].filter((id) => canPropose(actor, { id }));
}

const orderFollowingRoles: readonly string[] = ['head', 'digital-referent', 'librarian'];

/**
 * The establishment whose orders a signed-in person follows by default: the first they lead, advise
 * or hold the library of (the librarian reads her establishment's orders, like the referent).
 */
export function defaultOrdersEstablishmentId(actor: Actor): number | undefined {
  return (
    actor.grants.find((grant) => orderFollowingRoles.includes(grant.role) && grant.establishmentId)
      ?.establishmentId ?? undefined
  );
}

/** Proposals and the cart are visible to the establishment's team. */
export function canReadCart(actor: Actor, est: EstablishmentScope): boolean {
  return canPropose(actor, est);
}

/** The digital referent or the librarian prepares the cart; the head may adjust it too. */
export function canEditCart(actor: Actor, est: EstablishmentScope): boolean {
  return (['digital-referent', 'librarian', 'head'] as const).some((role) =>
    hasRoleForEstablishment(actor, role, est.id),
  );
}

/** Producers (publishers, distribution platforms) the actor acts for. */
export function producerIdsOf(actor: Actor): number[] {
  return actor.grants
    .filter((grant) => grant.role === 'publisher' && grant.producerId !== null)
    .map((grant) => grant.producerId!);
}

export function authorizePlaceOrder(actor: Actor, est: EstablishmentScope): void {
  authorize(canPlaceOrder(actor, est), 'Seul le chef d’établissement peut passer ou annuler une commande.');
}
export function authorizeReadOrders(actor: Actor, est: EstablishmentScope): void {
  authorize(
    canReadEstablishmentOrders(actor, est),
    'Vous n’avez pas accès aux commandes de cet établissement.',
  );
}
export function authorizePropose(actor: Actor, est: EstablishmentScope): void {
  authorize(canPropose(actor, est), 'Seule l’équipe de l’établissement peut lui proposer des ressources.');
}
export function authorizeReadCart(actor: Actor, est: EstablishmentScope): void {
  authorize(canReadCart(actor, est), 'Vous n’avez pas accès au panier de cet établissement.');
}
export function authorizeEditCart(actor: Actor, est: EstablishmentScope): void {
  authorize(
    canEditCart(actor, est),
    'Seuls le référent numérique, le professeur documentaliste et le chef d’établissement préparent le panier.',
  );
}
export function authorizePublisher(actor: Actor): number[] {
  const producers = producerIdsOf(actor);
  authorize(producers.length > 0, 'Cette page est réservée aux éditeurs et plateformes de distribution.');
  return producers;
}

/**
 * Whose roles open the orders workspace (the header's "Commandes" link, /commandes): the people of an
 * establishment who follow its orders. Academy and national staff reach orders through dashboards;
 * /commandes has no establishment to show them.
 */
export function canFollowOrders(actor: Actor): boolean {
  return defaultOrdersEstablishmentId(actor) !== undefined;
}

/** Publishers deliver the order lines of their own offers (the header's "Commandes à livrer"). */
export function canFulfilOrders(actor: Actor): boolean {
  return hasRole(actor, 'publisher');
}
