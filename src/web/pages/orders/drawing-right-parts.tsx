// What the cart page and the renewal page show the head before ordering: the drawing right left (with
// a last sentence of the page's own), and the optional co-funding top-up of the order form.
import type { ComponentChildren } from 'preact';
import type { DrawingRightView } from '../../../modules/orders/drawing-right-view.js';
import { funderLabels, funders } from '../../../modules/orders/orders.schema.js';
import { formatDate, formatMoney } from '../../format.js';

/** Top-up fields as typed, shown again after a refusal. */
export interface TopUpFields {
  funder?: string;
  amount?: string;
  reference?: string;
}

export function DrawingRightCallout({
  right,
  children,
}: {
  right: DrawingRightView;
  children?: ComponentChildren;
}) {
  return (
    <div class="fr-callout fr-mb-4w" id="droit-de-tirage">
      <h2 class="fr-callout__title">Droit de tirage restant : {formatMoney(right.remainingCents)}</h2>
      <p class="fr-callout__text">
        Campagne « {right.campaign} », commandes jusqu’au {formatDate(right.deadline)}.
        {right.open ? '' : ' La campagne est close : elle n’accepte plus de commandes.'}
        {children}
      </p>
    </div>
  );
}

/** The optional co-funding of an order, for campaigns that allow it (fields of the order form). */
export function TopUpFieldset({ topUp }: { topUp?: TopUpFields | undefined }) {
  return (
    <fieldset class="fr-fieldset" aria-describedby="complement-aide" id="complement">
      <legend class="fr-fieldset__legend">Complément de financement (facultatif)</legend>
      <p id="complement-aide" class="fr-hint-text fr-fieldset__element">
        La campagne autorise le cofinancement : si le total dépasse le droit de tirage, déclarez un
        complément.
      </p>
      <div class="fr-fieldset__element">
        <div class="fr-select-group">
          <label class="fr-label" for="topUpFunder">
            Financeur
          </label>
          <select class="fr-select" id="topUpFunder" name="topUpFunder">
            <option value="" selected={!topUp?.funder}>
              Aucun complément
            </option>
            {funders.map((funder) => (
              <option value={funder} selected={topUp?.funder === funder}>
                {funderLabels[funder]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="fr-fieldset__element">
        <div class="fr-input-group">
          <label class="fr-label" for="topUpAmount">
            Montant en euros
            <span class="fr-hint-text">Par exemple 120,50 (deux décimales au plus)</span>
          </label>
          <input
            class="fr-input"
            id="topUpAmount"
            name="topUpAmount"
            inputMode="decimal"
            value={topUp?.amount ?? ''}
          />
        </div>
      </div>
      <div class="fr-fieldset__element">
        <div class="fr-input-group">
          <label class="fr-label" for="topUpReference">
            Référence (délibération, bon de commande…)
          </label>
          <input
            class="fr-input"
            id="topUpReference"
            name="topUpReference"
            maxLength={100}
            value={topUp?.reference ?? ''}
          />
        </div>
      </div>
    </fieldset>
  );
}
