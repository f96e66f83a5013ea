// What the order pages share: the flash notices, a trimmed form field, the top-up fieldset read
// from a form, and the refusals a head must read on the page rather than on an error page.
import { z } from 'zod';
import { funders, type TopUpInput } from '../../../modules/orders/orders.schema.js';
import { AppError } from '../../../shared/errors.js';
import { parseEurosToCents } from '../../../shared/money.js';
import { formText, type Form } from '../../page-kit.js';

export type Params = Record<string, string>;

export const orderNotices: Record<string, string> = {
  proposition: 'Votre proposition a été transmise à l’établissement.',
  ligne: 'La ligne a été ajoutée au panier.',
  'proposition-refusee': 'La proposition est refusée : son auteur voit le motif dans ses propositions.',
  retrait: 'La ligne a été retirée du panier.',
  prix: 'Les nouveaux prix sont confirmés : vous pouvez commander.',
  passee: 'Votre commande est passée : le montant a été débité du droit de tirage.',
  annulee: 'La commande est annulée : son montant est revenu au droit de tirage.',
  livree: 'La ligne est livrée.',
  refusee: 'La ligne est refusée : son montant revient au droit de tirage de l’établissement.',
  renouvelee:
    'Le renouvellement est commandé : son montant a été débité du droit de tirage. Le nouvel abonnement ' +
    'commencera à la livraison par l’éditeur, au plus tôt le lendemain de la fin de l’actuel.',
};

/** A form field as typed, without the spaces around it. */
export function text(form: Form, name: string): string {
  return formText(form, name).trim();
}

export function topUpFromForm(form: Form): TopUpInput | undefined {
  const funder = text(form, 'topUpFunder');
  const amount = text(form, 'topUpAmount');
  const reference = text(form, 'topUpReference');
  if (!funder && !amount && !reference) return undefined;
  const parsedFunder = z.enum(funders).safeParse(funder);
  if (!parsedFunder.success) throw new AppError('VALIDATION_FAILED', 'Complément : choisissez le financeur.');
  const amountCents = parseEurosToCents(amount, 'Le montant du complément');
  if (amountCents <= 0)
    throw new AppError('VALIDATION_FAILED', 'Montant du complément : il doit être positif.');
  if (!reference) throw new AppError('VALIDATION_FAILED', 'Complément : indiquez sa référence.');
  return { funder: parsedFunder.data, amountCents, reference: reference.slice(0, 100) };
}

export const refusalCodes = new Set([
  'BUDGET_EXCEEDED',
  'PRICE_CHANGED',
  'VALIDATION_FAILED',
  'CAMPAIGN_CLOSED',
  'CONFLICT',
]);
