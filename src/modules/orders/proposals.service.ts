// Proposals: teachers, the referent, the librarian and the head suggest resources for their
// establishment; the cart page lists them by resource with the offers valid today.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import {
  findPaidOffersOfResources,
  findResourceTitle,
  insertProposal,
  listProposalRows,
} from './cart.repository.js';
import { authorizePropose } from './orders.policy.js';
import { licenceLabels } from './orders.presenter.js';
import { loadEstablishment } from './orders.service.js';

type Db = Kysely<Database>;

export async function proposeResource(
  db: Db,
  actor: Actor,
  uai: string,
  input: { resource: number; note?: string | undefined },
): Promise<{ created: boolean }> {
  const establishment = await loadEstablishment(db, uai);
  authorizePropose(actor, establishment);
  const resource = await findResourceTitle(db, input.resource);
  if (!resource) throw new AppError('NOT_FOUND', `La ressource n° ${input.resource} n’existe pas.`);
  return db.transaction().execute(async (trx) => {
    const inserted = await insertProposal(trx, {
      establishmentId: establishment.id,
      resourceId: resource.id,
      proposedBy: actor.userId,
      note: input.note ?? '',
    });
    if (inserted) {
      await audit(trx, {
        actorUserId: actor.userId,
        action: 'proposal.created',
        subjectType: 'establishment',
        subjectId: establishment.uai,
        details: { resource: resource.id },
      });
    }
    return { created: inserted !== undefined };
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

/** The establishment's proposals by resource, with the paid offers valid today for each. */
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
