// Proposals: teachers, the referent, the librarian and the head suggest a resource for their
// establishment, with the offer and the seats they have in mind. The referent, the librarian or the
// head then put it in the cart (cart.service.ts addProposalToCart) or decline it with a reason; the
// order of the cart fulfils it. Its state is read from the cart and the orders (proposal-state.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { dayInFrance, todayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit, notifyUser } from '../notifications/notifications.repository.js';
import {
  declineProposalRow,
  findOpenProposalOf,
  findPaidOffersOfResources,
  findProposalRow,
  findResourceTitle,
  insertProposal,
  listOpenProposalRows,
  listProposalRows,
  listProposalRowsBy,
  updateProposalRequest,
  type ProposalRow,
} from './cart.repository.js';
import {
  authorizeEditCart,
  authorizePropose,
  canEditCart,
  proposingEstablishmentIds,
} from './orders.policy.js';
import { listEstablishmentNames } from './orders.repository.js';
import { licenceLabels } from './orders.presenter.js';
import type { ProposalInput } from './orders.schema.js';
import { loadEstablishment } from './orders.service.js';
import { isOpen, proposalState, quantityFor, setbackOf, type ProposalState } from './proposal-state.js';

type Db = Kysely<Database>;

/** An offer as the proposal and cart forms list it. */
export interface OfferChoice {
  id: number;
  label: string;
  priceCents: number;
  licence: string;
  licenceKind: string;
  seats: number | null;
  durationMonths: number | null;
}

/** The paid offers of a resource valid today, cheapest first: what a proposal may name. */
export async function paidOffersOf(db: Db, resourceId: number, today: string): Promise<OfferChoice[]> {
  return (await findPaidOffersOfResources(db, [resourceId], today)).map(offerChoice);
}

function offerChoice(offer: Awaited<ReturnType<typeof findPaidOffersOfResources>>[number]): OfferChoice {
  return {
    id: offer.id,
    label: offer.label,
    priceCents: offer.price_cents,
    licence: licenceLabels[offer.licence_kind] ?? offer.licence_kind,
    licenceKind: offer.licence_kind,
    seats: offer.seats,
    durationMonths: offer.duration_months,
  };
}

export interface ProposeResult {
  /** A new proposal; false when the person's open proposal of the resource was there already. */
  created: boolean;
  /** That open proposal now asks for the offer, seats and note given. */
  updated: boolean;
  state: ProposalState;
}

/**
 * Records the proposal. Proposing a resource again while one's own proposal of it is open changes
 * what it asks for (offer, seats, note), unless it is in the cart already: then nothing changes.
 */
export async function proposeResource(
  db: Db,
  actor: Actor,
  uai: string,
  input: ProposalInput,
  options: { today?: string } = {},
): Promise<ProposeResult> {
  const today = options.today ?? todayInFrance();
  const establishment = await loadEstablishment(db, uai);
  authorizePropose(actor, establishment);
  const resource = await findResourceTitle(db, input.resource);
  if (!resource) throw new AppError('NOT_FOUND', `La ressource n° ${input.resource} n’existe pas.`);
  const offers = await paidOffersOf(db, resource.id, today);
  // A free resource needs no purchase: there is nothing to propose (the page shows no button either).
  if (offers.length === 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `« ${resource.title} » est gratuite ou n’a aucune offre payante aujourd’hui : rien à proposer à l’achat.`,
    );
  }
  if (input.offer !== undefined) {
    if (!offers.some((offer) => offer.id === input.offer)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Offre : choisissez une offre payante de « ${resource.title} » proposée aujourd’hui.`,
        { issues: [{ field: 'offer', message: 'Choisissez une des offres de la ressource.' }] },
      );
    }
  }
  const request = { offerId: input.offer ?? null, seats: input.seats ?? null, note: input.note ?? '' };
  return db.transaction().execute(async (trx) => {
    const key = { establishmentId: establishment.id, resourceId: resource.id, proposedBy: actor.userId };
    const open = await findOpenProposalOf(trx, key);
    if (open) {
      const state = stateOf(open);
      const changes = { offerId: input.offer, seats: input.seats, note: input.note };
      const asked = Object.values(changes).some((value) => value !== undefined);
      const updated = state === 'proposed' && asked && (await updateProposalRequest(trx, open.id, changes));
      return { created: false, updated, state };
    }
    const inserted = await insertProposal(trx, { ...key, ...request });
    if (inserted) {
      await audit(trx, {
        actorUserId: actor.userId,
        action: 'proposal.created',
        subjectType: 'establishment',
        subjectId: establishment.uai,
        details: {
          resource: resource.id,
          proposal: inserted.id,
          offer: request.offerId,
          seats: request.seats,
        },
      });
    }
    return { created: inserted !== undefined, updated: false, state: 'proposed' as const };
  });
}

function stateOf(row: ProposalRow): ProposalState {
  return proposalState({
    declined: row.declined_at !== null,
    inCart: row.cart_line_id !== null,
    orderLineStatus: row.order_line_status,
  });
}

/** One proposal as its author and the establishment's team read it. */
export interface ProposalItem {
  id: number;
  resource: { id: number; title: string; url: string };
  establishment: { uai: string; name: string };
  proposer: string;
  offer: { id: number; label: string; priceCents: number; licence: string } | null;
  seats: number | null;
  note: string;
  /** The French calendar day it was proposed. */
  createdAt: string;
  state: ProposalState;
  declined: { by: string; at: string; reason: string } | null;
  /** The order that fulfilled it (ordered or delivered), or whose cancellation or refusal reopened it. */
  orderId: number | null;
  /** What went wrong with its last order, when it is open again. */
  setback: string | null;
}

export function presentProposal(row: ProposalRow): ProposalItem {
  const state = stateOf(row);
  return {
    id: row.id,
    resource: { id: row.resource_id, title: row.title, url: `/ressources/${row.resource_id}` },
    establishment: { uai: row.uai, name: row.establishment_name },
    proposer: row.proposer,
    offer:
      row.offer_id !== null && row.offer_label !== null
        ? {
            id: row.offer_id,
            label: row.offer_label,
            priceCents: row.offer_price_cents!,
            licence: licenceLabels[row.offer_licence_kind!] ?? row.offer_licence_kind!,
          }
        : null,
    seats: row.seats,
    note: row.note,
    createdAt: dayInFrance(new Date(row.created_at)),
    state,
    declined:
      row.declined_at !== null
        ? {
            by: row.declined_by_name ?? '',
            at: dayInFrance(new Date(row.declined_at)),
            reason: row.decline_reason ?? '',
          }
        : null,
    orderId: row.order_id,
    setback: isOpen(state) ? setbackOf(row.order_line_status, row.rejection_reason, row.order_id) : null,
  };
}

/**
 * "Mes propositions": the signed-in person's own proposals, in every establishment, newest first.
 * For whoever may propose somewhere, or proposed before (a teacher who changed school keeps hers).
 */
export async function listMyProposals(db: Db, actor: Actor): Promise<ProposalItem[]> {
  const rows = await listProposalRowsBy(db, actor.userId);
  authorize(
    rows.length > 0 || proposingEstablishmentIds(actor).length > 0,
    'Cette page est celle des équipes des établissements, qui proposent des ressources.',
  );
  return rows.map(presentProposal);
}

/** What the product page lets the signed-in person do with a resource that has paid offers. */
export interface ProductOrdering {
  /** Paid offers of the resource valid today, cheapest first; empty for a free resource. */
  offers: OfferChoice[];
  /** Establishments where they may propose it. */
  proposeIn: { uai: string; name: string }[];
  /** Establishments whose cart they may fill with it. */
  cartIn: { uai: string; name: string }[];
}

export async function getProductOrdering(
  db: Db,
  actor: Actor | undefined,
  resourceId: number,
  options: { today?: string } = {},
): Promise<ProductOrdering> {
  const ids = actor ? proposingEstablishmentIds(actor) : [];
  if (!actor || ids.length === 0) return { offers: [], proposeIn: [], cartIn: [] };
  const offers = await paidOffersOf(db, resourceId, options.today ?? todayInFrance());
  if (offers.length === 0) return { offers, proposeIn: [], cartIn: [] };
  // Filling a cart is decided on the establishment's grants alone: the academy plays no part.
  const editable = ids.filter((id) => canEditCart(actor, { id, academyId: 0 }));
  const [proposeIn, cartIn] = await Promise.all([
    listEstablishmentNames(db, ids),
    listEstablishmentNames(db, editable),
  ]);
  return { offers, proposeIn, cartIn };
}

/** An open proposal on the cart page, with the offers valid today and what the cart form suggests. */
export interface OpenProposal {
  proposal: ProposalItem;
  offers: OfferChoice[];
  /** The proposal's offer if still offered (else the cheapest), its seats, enough units for them. */
  suggested: { offer: number; seats: number; quantity: number } | null;
}

/** The establishment's open proposals (proposed or in the cart), oldest first. */
export async function listOpenProposals(
  db: Db,
  establishmentId: number,
  today: string,
): Promise<OpenProposal[]> {
  const rows = await listOpenProposalRows(db, establishmentId);
  const resourceIds = [...new Set(rows.map((row) => row.resource_id))];
  const offers = resourceIds.length > 0 ? await findPaidOffersOfResources(db, resourceIds, today) : [];
  return rows.map((row) => {
    const choices = offers.filter((offer) => offer.resource_id === row.resource_id).map(offerChoice);
    const offer = choices.find((choice) => choice.id === row.offer_id) ?? choices[0];
    const seats = row.seats ?? 1;
    return {
      proposal: presentProposal(row),
      offers: choices,
      suggested: offer
        ? { offer: offer.id, seats, quantity: quantityFor(offer.licenceKind, offer.seats, seats) }
        : null,
    };
  });
}

/** The referent, the librarian or the head declines a proposal with a reason; its author is told. */
export async function declineProposal(
  db: Db,
  actor: Actor,
  uai: string,
  id: number,
  reason: string,
): Promise<void> {
  const establishment = await loadEstablishment(db, uai);
  authorizeEditCart(actor, establishment);
  const row = await findProposalRow(db, establishment.id, id);
  if (!row) throw new AppError('NOT_FOUND', `La proposition n° ${id} n’existe pas dans cet établissement.`);
  const state = stateOf(row);
  if (state !== 'proposed') {
    throw new AppError(
      'CONFLICT',
      state === 'in-cart'
        ? 'Cette proposition est dans le panier : retirez d’abord sa ligne du panier.'
        : 'Cette proposition n’est plus ouverte : elle a été commandée ou déjà refusée.',
    );
  }
  await db.transaction().execute(async (trx) => {
    if (!(await declineProposalRow(trx, id, { userId: actor.userId, reason }))) {
      throw new AppError('CONFLICT', 'Cette proposition vient de changer : rechargez la page.');
    }
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'proposal.declined',
      subjectType: 'proposal',
      subjectId: id,
      details: { establishment: establishment.uai, reason },
    });
    if (row.proposed_by !== actor.userId) {
      await notifyUser(trx, row.proposed_by, {
        kind: 'proposal-declined',
        title: `Proposition non retenue : ${row.title}`,
        body: `${actor.displayName} n’a pas retenu votre proposition de « ${row.title} » pour ${establishment.name} : ${reason}`,
        link: '/mes-propositions',
      });
    }
  });
}

export interface ProposalView {
  resource: { id: number; title: string; url: string };
  proposers: string[];
  notes: string[];
  offers: {
    id: number;
    label: string;
    priceCents: number;
    licence: string;
    seats: number | null;
    durationMonths: number | null;
  }[];
}

/** The establishment's open proposals by resource, with the paid offers valid today (the API's cart). */
export async function listProposals(db: Db, establishmentId: number, today: string): Promise<ProposalView[]> {
  const rows = await listProposalRows(db, establishmentId);
  const byResource = new Map<number, ProposalView>();
  for (const row of rows) {
    const view = byResource.get(row.id) ?? {
      resource: { id: row.id, title: row.title, url: `/ressources/${row.id}` },
      proposers: [],
      notes: [],
      offers: [],
    };
    view.proposers.push(row.display_name);
    if (row.note) view.notes.push(row.note);
    byResource.set(row.id, view);
  }
  if (byResource.size > 0) {
    const offers = await findPaidOffersOfResources(db, [...byResource.keys()], today);
    for (const offer of offers) {
      byResource.get(offer.resource_id)!.offers.push({
        id: offer.id,
        label: offer.label,
        priceCents: offer.price_cents,
        licence: licenceLabels[offer.licence_kind] ?? offer.licence_kind,
        seats: offer.seats,
        durationMonths: offer.duration_months,
      });
    }
  }
  return [...byResource.values()];
}
