// The drawing right as its page shows it (/etablissements/:uai/droit-de-tirage): the summary the
// funding module derives from the ledger (allocation, adjustments, top-ups, spent, committed,
// remaining) and the ledger's entries themselves. The head holds it; the referent and the librarian
// read it too, as they read the establishment's orders and the cart's total; teachers, who see no
// amount on the cart page either, do not (403), nor anyone of another establishment.
import type { Kysely } from 'kysely';
import type { Database, LedgerKind } from '../../db/schema.js';
import { dayInFrance } from '../../shared/clock.js';
import type { Actor } from '../accounts/actor.js';
import { getDrawingRights, type DrawingRightSummary } from '../funding/drawing-right.service.js';
import { listLedgerEntries } from '../funding/ledger.repository.js';
import { authorize } from '../accounts/actor.js';
import { canPlaceOrder, canReadEstablishmentOrders } from './orders.policy.js';
import { funderLabels } from './orders.schema.js';
import { loadEstablishment } from './orders.service.js';

export const ledgerKindLabels: Readonly<Record<LedgerKind, string>> = {
  allocate: 'Dotation',
  adjust: 'Ajustement',
  reallocation: 'Réaffectation',
  'top-up': 'Complément de financement',
  'top-up-refund': 'Complément rendu au financeur',
  'order-debit': 'Commande',
  'cancellation-credit': 'Commande annulée',
  'rejection-credit': 'Ligne refusée par l’éditeur',
  close: 'Clôture de la campagne',
  'remainder-return': 'Reliquat rendu',
};

export interface LedgerLine {
  id: number;
  kind: LedgerKind;
  label: string;
  /** Signed cents: credits positive, debits negative. */
  amountCents: number;
  balanceAfterCents: number;
  orderId: number | null;
  /** Funder, reference and reason, as one sentence (empty when none). */
  detail: string;
  by: string | null;
  /** The French calendar day of the entry. */
  at: string;
}

export interface DrawingRightPage {
  establishment: { uai: string; name: string };
  rights: (DrawingRightSummary & { history: LedgerLine[] })[];
  /** The reader holds the right (places orders with it); the others read it only. */
  holder: boolean;
}

export async function getDrawingRightPage(
  db: Kysely<Database>,
  actor: Actor,
  uai: string,
): Promise<DrawingRightPage> {
  const establishment = await loadEstablishment(db, uai);
  authorize(
    canReadEstablishmentOrders(actor, establishment),
    'Le droit de tirage et son historique se consultent avec les commandes de l’établissement : chef d’établissement, référent numérique ou professeur documentaliste.',
  );
  const { campaigns } = await getDrawingRights(db, actor, uai);
  const rights = [];
  for (const right of campaigns) {
    const entries = await listLedgerEntries(db, right.drawingRightId);
    rights.push({
      ...right,
      history: entries.map((entry) => ({
        id: entry.id,
        kind: entry.kind,
        label: ledgerKindLabels[entry.kind] ?? entry.kind,
        amountCents: Number(entry.amount_cents),
        balanceAfterCents: Number(entry.balance_after_cents),
        orderId: entry.order_id,
        detail: [
          entry.funder ? funderLabels[entry.funder] : null,
          entry.reference ? `réf. ${entry.reference}` : null,
          entry.reason,
        ]
          .filter((part): part is string => Boolean(part))
          .join(' — '),
        by: entry.actor_name,
        at: dayInFrance(new Date(entry.created_at)),
      })),
    });
  }
  return {
    establishment: { uai: establishment.uai, name: establishment.name },
    rights,
    holder: canPlaceOrder(actor, establishment),
  };
}
