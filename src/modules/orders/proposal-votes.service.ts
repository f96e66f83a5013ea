// Votes on proposals: within an establishment, its team votes for the others' open proposals, one
// vote each (the primary key of proposal_votes); the referent, the librarian and the head read the
// list ranked by votes with what each costs against the drawing right, and put a selection in the
// cart in one step (cart.service.ts addProposalToCart, once per proposal). A vote is always the signed-in
// person's own: no form or request names the voter.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { todayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import { addProposalToCart, getCartPage } from './cart.service.js';
import { findProposalRow } from './cart.repository.js';
import { authorize } from '../accounts/actor.js';
import { canEditCart, canPropose, canReadEstablishmentOrders } from './orders.policy.js';
import { loadEstablishment } from './orders.service.js';
import { proposalState, isOpen } from './proposal-state.js';
import type { OpenProposal } from './proposals.service.js';
import { countVotes, deleteVote, findProposers, insertVote } from './proposal-votes.repository.js';
import { rankProposals } from './proposal-votes-ranking.js';

type Db = Kysely<Database>;

/** Most proposals a selection may put in the cart at once (the page lists 200 at most). */
export const MAX_SELECTION = 200;

/** Whether the actor may vote for a proposal: a member of its establishment's team, not its author. */
export function mayVote(actor: Actor, establishmentId: number, proposedBy: number): boolean {
  return canPropose(actor, { id: establishmentId }) && proposedBy !== actor.userId;
}

async function openProposalToVote(db: Db, actor: Actor, uai: string, proposalId: number) {
  const establishment = await loadEstablishment(db, uai);
  authorize(
    canPropose(actor, establishment),
    'Seule l’équipe de l’établissement vote pour ses propositions.',
  );
  const row = await findProposalRow(db, establishment.id, proposalId);
  if (!row) {
    throw new AppError('NOT_FOUND', `La proposition n° ${proposalId} n’existe pas dans cet établissement.`);
  }
  return { establishment, row };
}

/** The signed-in person votes for a colleague's open proposal; a second vote is refused. */
export async function voteForProposal(db: Db, actor: Actor, uai: string, proposalId: number): Promise<void> {
  const { establishment, row } = await openProposalToVote(db, actor, uai, proposalId);
  if (row.proposed_by === actor.userId) {
    throw new AppError('CONFLICT', 'Vous ne pouvez pas voter pour votre propre proposition.');
  }
  const state = proposalState({
    declined: row.declined_at !== null,
    inCart: row.cart_line_id !== null,
    orderLineStatus: row.order_line_status,
  });
  if (!isOpen(state)) {
    throw new AppError('CONFLICT', 'Cette proposition n’est plus ouverte : elle a été commandée ou refusée.');
  }
  await db.transaction().execute(async (trx) => {
    if (!(await insertVote(trx, row.id, actor.userId))) {
      throw new AppError('CONFLICT', `Vous avez déjà voté pour « ${row.title} » : un vote par personne.`);
    }
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'proposal.voted',
      subjectType: 'proposal',
      subjectId: row.id,
      details: { establishment: establishment.uai },
    });
  });
}

/** The signed-in person takes her vote back. */
export async function withdrawVote(db: Db, actor: Actor, uai: string, proposalId: number): Promise<void> {
  const { row } = await openProposalToVote(db, actor, uai, proposalId);
  await db.transaction().execute(async (trx) => {
    if (!(await deleteVote(trx, row.id, actor.userId))) {
      throw new AppError('CONFLICT', 'Vous n’aviez pas voté pour cette proposition.');
    }
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'proposal.vote-withdrawn',
      subjectType: 'proposal',
      subjectId: row.id,
    });
  });
}

export interface RankedProposal extends OpenProposal {
  rank: number;
  votes: number;
  votedByMe: boolean;
  mayVote: boolean;
  /** The suggested line: offer price × quantity; null without a paid offer today. */
  costCents: number | null;
  cumulativeCents: number | null;
  withinRight: boolean | null;
}

export interface RankedProposalsView {
  establishment: { uai: string; name: string };
  items: RankedProposal[];
  /** The cart's total at today's prices. */
  cartTotalCents: number;
  /** What is left on the drawing right; null when the person does not read it (teachers). */
  remainingCents: number | null;
  /** What is left once the cart is paid; the ranked costs are added up against it. */
  availableCents: number | null;
  can: { select: boolean };
}

/** The establishment's open proposals ranked by votes, for its team (the costs for everyone). */
export async function getRankedProposals(
  db: Db,
  actor: Actor,
  uai: string,
  options: { today?: string } = {},
): Promise<RankedProposalsView> {
  const today = options.today ?? todayInFrance();
  const establishment = await loadEstablishment(db, uai);
  // The cart page's own reading: it authorizes the team (canReadCart) and shows the right to those who
  // follow the orders only.
  const cart = await getCartPage(db, actor, uai, { today });
  const ids = cart.openProposals.map((open) => open.proposal.id);
  const [votes, proposers] = await Promise.all([countVotes(db, ids, actor.userId), findProposers(db, ids)]);
  const remaining =
    cart.drawingRight && canReadEstablishmentOrders(actor, establishment)
      ? cart.drawingRight.remainingCents
      : null;
  const available = remaining === null ? null : remaining - cart.totalCents;
  const inputs = cart.openProposals.map((open) => {
    const offer = open.suggested && open.offers.find((choice) => choice.id === open.suggested!.offer);
    return {
      id: open.proposal.id,
      votes: votes.get(open.proposal.id)?.votes ?? 0,
      createdAt: open.proposal.createdAt,
      toBuy: open.proposal.state === 'proposed',
      costCents: offer && open.suggested ? offer.priceCents * open.suggested.quantity : null,
      open,
    };
  });
  const items = rankProposals(inputs, available).map(({ item, rank, cumulativeCents, withinRight }) => ({
    ...item.open,
    rank,
    votes: item.votes,
    votedByMe: votes.get(item.id)?.mine ?? false,
    mayVote: mayVote(actor, establishment.id, proposers.get(item.id) ?? actor.userId),
    costCents: item.costCents,
    cumulativeCents,
    withinRight,
  }));
  return {
    establishment: { uai: establishment.uai, name: establishment.name },
    items,
    cartTotalCents: cart.totalCents,
    remainingCents: remaining,
    availableCents: available,
    can: { select: canEditCart(actor, establishment) },
  };
}

/**
 * Puts the selected proposals in the cart in one step, each as the line the cart page suggests (its
 * offer if still offered, else the cheapest; its seats; enough units). Everything is checked before
 * the first line is added: a proposal of another establishment, one no longer to buy, or one without
 * a paid offer today refuses the whole selection; the lines are added in one transaction.
 */
export async function cartFromSelection(
  db: Db,
  actor: Actor,
  uai: string,
  proposalIds: readonly number[],
  options: { today?: string } = {},
): Promise<{ added: number }> {
  const today = options.today ?? todayInFrance();
  const establishment = await loadEstablishment(db, uai);
  authorize(
    canEditCart(actor, establishment),
    'Seuls le référent numérique, le professeur documentaliste et le chef d’établissement préparent le panier.',
  );
  const wanted = [...new Set(proposalIds)];
  if (wanted.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'Cochez au moins une proposition à mettre au panier.');
  }
  if (wanted.length > MAX_SELECTION) {
    throw new AppError('VALIDATION_FAILED', `${MAX_SELECTION} propositions au plus à la fois.`);
  }
  const cart = await getCartPage(db, actor, uai, { today });
  const byId = new Map(cart.openProposals.map((open) => [open.proposal.id, open]));
  const lines = wanted.map((id) => {
    const open = byId.get(id);
    if (!open) {
      throw new AppError(
        'NOT_FOUND',
        `La proposition n° ${id} n’est pas une proposition ouverte de cet établissement.`,
      );
    }
    if (open.proposal.state !== 'proposed') {
      throw new AppError('CONFLICT', `« ${open.proposal.resource.title} » est déjà dans le panier.`);
    }
    if (!open.suggested) {
      throw new AppError(
        'VALIDATION_FAILED',
        `« ${open.proposal.resource.title} » n’a aucune offre payante aujourd’hui : elle ne peut pas aller au panier.`,
      );
    }
    return { id, line: open.suggested };
  });
  // All or nothing: a line the cart refuses (its offer withdrawn meanwhile, say) leaves the cart as it was.
  await db.transaction().execute(async (trx) => {
    for (const { id, line } of lines) await addProposalToCart(trx, actor, uai, id, line, { today });
  });
  return { added: lines.length };
}
