// The establishment's cart page: proposals from teachers, the cart the referent prepares, and for the
// head the remaining drawing right, the total and the order form (with an optional top-up when the
// campaign allows co-funding). Plain forms: everything works without JavaScript.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { CartView } from '../../../modules/orders/cart.service.js';
import { countOf, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Alert, Breadcrumb, CsrfField, Money } from './common.js';
import { DrawingRightCallout, TopUpFieldset, type TopUpFields } from './drawing-right-parts.js';

export interface CartPageOptions {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  cart: CartView;
  csrfToken: string;
  /** A fresh key per rendering: a double submit of the same form places the order once. */
  idempotencyKey: string;
  notice?: string | undefined;
  error?: { message: string; lines?: string[] } | undefined;
  /** Top-up fields as typed, shown again after a refusal. */
  topUp?: TopUpFields | undefined;
}

const stateLabels = { ok: '', 'price-changed': 'prix modifié', withdrawn: 'offre retirée' } as const;

function CartTable({ cart, csrfToken }: { cart: CartView; csrfToken: string }) {
  const base = `/etablissements/${cart.establishment.uai}/panier`;
  return (
    <div class="fr-table fr-table--bordered">
      {/* Scrolls sideways on a phone: focusable, so the keyboard can scroll it (axe). */}
      <table tabIndex={0}>
        <caption>Lignes du panier</caption>
        <thead>
          <tr>
            <th scope="col">Offre</th>
            <th scope="col">Licence</th>
            <th scope="col">Postes</th>
            <th scope="col">Quantité</th>
            <th scope="col">Prix unitaire</th>
            <th scope="col">Total</th>
            {cart.can.edit && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {cart.lines.map((line) => (
            <tr id={`ligne-${line.id}`}>
              <td>
                {line.label}
                {line.state !== 'ok' && (
                  <p class="fr-badge fr-badge--sm fr-badge--warning fr-mt-1v">{stateLabels[line.state]}</p>
                )}
              </td>
              <td>{line.licence}</td>
              <td>{line.seats}</td>
              <td>{line.quantity}</td>
              <td>
                {line.state === 'price-changed' ? (
                  <span>
                    <del>{formatMoney(line.priceCentsWhenAdded)}</del> {formatMoney(line.currentPriceCents!)}
                  </span>
                ) : line.state === 'withdrawn' ? (
                  'plus proposée'
                ) : (
                  formatMoney(line.priceCentsWhenAdded)
                )}
              </td>
              <td>
                <Money cents={line.lineTotalCents} />
              </td>
              {cart.can.edit && (
                <td>
                  <form method="post" action={`${base}/lignes/${line.id}/retirer`}>
                    <CsrfField token={csrfToken} />
                    <button
                      type="submit"
                      class="fr-btn fr-btn--tertiary fr-btn--sm"
                      title={`Retirer ${line.label}`}
                    >
                      Retirer
                    </button>
                  </form>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OrderForm({ cart, csrfToken, idempotencyKey, topUp }: CartPageOptions & { cart: CartView }) {
  const right = cart.drawingRight;
  return (
    <form
      method="post"
      action={`/etablissements/${cart.establishment.uai}/panier/commander`}
      class="fr-mb-4w"
    >
      <CsrfField token={csrfToken} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {right?.coFundingAllowed && <TopUpFieldset topUp={topUp} />}
      <button type="submit" class="fr-btn" disabled={!right?.open || cart.lines.length === 0}>
        Passer la commande ({formatMoney(cart.totalCents)})
      </button>
    </form>
  );
}

function Proposals({ cart, csrfToken }: { cart: CartView; csrfToken: string }) {
  return (
    <section aria-labelledby="propositions-titre" id="propositions" class="fr-mt-6w">
      <h2 id="propositions-titre">Propositions des enseignants</h2>
      {cart.proposals.length === 0 ? (
        <p>Aucune proposition pour le moment. Les enseignants proposent des ressources depuis leur fiche.</p>
      ) : (
        <ul class="ccr-proposals">
          {cart.proposals.map((proposal) => (
            <li class="fr-mb-3w">
              <h3 class="fr-h6 fr-mb-1v">
                <a href={proposal.resource.url}>{proposal.resource.title}</a>
              </h3>
              <p class="fr-text--sm fr-mb-1v">Proposée par {proposal.proposers.join(', ')}</p>
              {proposal.notes.map((note) => (
                <p class="fr-text--sm fr-mb-1v">« {note} »</p>
              ))}
              {cart.can.edit && proposal.offers.length > 0 && (
                <form
                  method="post"
                  action={`/etablissements/${cart.establishment.uai}/panier/lignes`}
                  class="ccr-inline-form"
                >
                  <CsrfField token={csrfToken} />
                  <div class="fr-select-group">
                    <label class="fr-label" for={`offre-${proposal.resource.id}`}>
                      Offre
                    </label>
                    <select class="fr-select" id={`offre-${proposal.resource.id}`} name="offer">
                      {proposal.offers.map((offer) => (
                        <option value={String(offer.id)}>
                          {`${offer.label} — ${offer.licence}${offer.seats ? ` ${offer.seats} postes` : ''}${
                            offer.durationMonths ? `, ${offer.durationMonths} mois` : ''
                          } — ${formatMoney(offer.priceCents)}`}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div class="fr-input-group">
                    <label class="fr-label" for={`postes-${proposal.resource.id}`}>
                      Postes
                    </label>
                    <input
                      class="fr-input"
                      type="number"
                      min="1"
                      id={`postes-${proposal.resource.id}`}
                      name="seats"
                      value="1"
                    />
                  </div>
                  <div class="fr-input-group">
                    <label class="fr-label" for={`quantite-${proposal.resource.id}`}>
                      Quantité
                    </label>
                    <input
                      class="fr-input"
                      type="number"
                      min="1"
                      id={`quantite-${proposal.resource.id}`}
                      name="quantity"
                      value="1"
                    />
                  </div>
                  <button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm">
                    Ajouter au panier
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function renderCartPage(options: CartPageOptions): string {
  const { cart, csrfToken, notice, error } = options;
  const right = cart.drawingRight;
  const changed = cart.lines.filter((line) => line.state !== 'ok');
  return renderPage({
    actor: options.actor,
    title: `Panier - ${cart.establishment.name}`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[{ label: 'Accueil', href: '/' }, { label: `Panier de ${cart.establishment.name}` }]}
        />
        <h1>Panier de {cart.establishment.name}</h1>
        {notice && <Alert kind="success" title={notice} />}
        {error && (
          <Alert kind="error" title="Commande refusée" id="refus">
            <p>{error.message}</p>
            {error.lines && (
              <ul>
                {error.lines.map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            )}
            <p>Rien n’a été enregistré : le panier et le droit de tirage sont inchangés.</p>
          </Alert>
        )}
        {right && (
          <DrawingRightCallout right={right}>
            {right.coFundingAllowed ? ' Cofinancement autorisé.' : ''}
          </DrawingRightCallout>
        )}
        <h2>
          {countOf(cart.lines.length, 'ligne')} — total <Money cents={cart.totalCents} />
        </h2>
        {cart.lines.length === 0 ? (
          <p>Le panier est vide. Ajoutez des offres à partir des propositions ci-dessous.</p>
        ) : (
          <CartTable cart={cart} csrfToken={csrfToken} />
        )}
        {changed.length > 0 && (
          <Alert kind="warning" title="Des prix ont changé depuis l’ajout au panier">
            <ul>
              {changed.map((line) => (
                <li>
                  {line.state === 'withdrawn'
                    ? `« ${line.label} » n’est plus proposée : elle sera retirée du panier.`
                    : `« ${line.label} » : ${formatMoney(line.priceCentsWhenAdded)} → ${formatMoney(line.currentPriceCents!)}`}
                </li>
              ))}
            </ul>
            {cart.can.order && (
              <form method="post" action={`/etablissements/${cart.establishment.uai}/panier/confirmer`}>
                <CsrfField token={csrfToken} />
                <button type="submit" class="fr-btn fr-btn--sm">
                  Confirmer les nouveaux prix
                </button>
              </form>
            )}
          </Alert>
        )}
        {cart.can.order && changed.length === 0 && cart.lines.length > 0 && <OrderForm {...options} />}
        {cart.can.order && (
          <p>
            <a class="fr-link" href={`/commandes?etablissement=${cart.establishment.uai}`}>
              Suivre les commandes de l’établissement
            </a>
          </p>
        )}
        <Proposals cart={cart} csrfToken={csrfToken} />
      </div>
    ),
  });
}
