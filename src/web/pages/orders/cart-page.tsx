// The establishment's cart page: the cart the referent prepares (each line names its resource first,
// then the offer), the proposals still open (put one in the cart with its own offer and seats, or
// decline it with a reason), and for the head the remaining drawing right, a warning when the cart
// goes beyond it, the total and the order form (with an optional top-up when the campaign allows
// co-funding). Plain forms: everything works without JavaScript.
import { ScrollableTable } from '../../components/scrollable-table.js';
import type { Actor } from '../../../modules/accounts/actor.js';
import type { CartPageView } from '../../../modules/orders/cart.service.js';
import type { OpenProposal } from '../../../modules/orders/proposals.service.js';
import { proposalStateLabels } from '../../../modules/orders/proposal-state.js';
import { SelectField, TextField } from '../../components/form-fields.js';
import { countOf, formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Alert, Breadcrumb, CsrfField, Money, lineHeads } from './common.js';
import { DrawingRightCallout, TopUpFieldset, type TopUpFields } from './drawing-right-parts.js';

/** A refused proposal form, shown again beside its proposal with what was typed. */
export interface ProposalFormError {
  proposal: number;
  kind: 'panier' | 'refus';
  message: string;
  values: Record<string, string>;
  fields: Record<string, string>;
}

export interface CartPageOptions {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  cart: CartPageView;
  csrfToken: string;
  /** A fresh key per rendering: a double submit of the same form places the order once. */
  idempotencyKey: string;
  notice?: string | undefined;
  error?: { message: string; lines?: string[] } | undefined;
  /** Top-up fields as typed, shown again after a refusal. */
  topUp?: TopUpFields | undefined;
  proposalError?: ProposalFormError | undefined;
}

type Line = CartPageView['lines'][number];

const stateLabels = { ok: '', 'price-changed': 'prix modifié', withdrawn: 'offre retirée' } as const;

/** The resource(s) a line covers, linked, then its offer: "what" before "which licence". */
function LineName({ line }: { line: Line }) {
  return (
    <>
      {line.resources.length === 0 ? (
        <strong>{line.label}</strong>
      ) : (
        line.resources.map((resource, index) => (
          <>
            {index > 0 && ', '}
            <a href={resource.url}>
              <strong>{resource.title}</strong>
            </a>
          </>
        ))
      )}
      <span class="fr-hint-text">Offre « {line.label} »</span>
    </>
  );
}

function CartTable({ cart, csrfToken }: { cart: CartPageView; csrfToken: string }) {
  const base = `/etablissements/${cart.establishment.uai}/panier`;
  return (
    <ScrollableTable bordered caption={'Lignes du panier'} head={[...lineHeads, cart.can.edit && 'Action']}>
      {cart.lines.map((line) => (
        <tr id={`ligne-${line.id}`}>
          <td>
            <LineName line={line} />
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
                  title={`Retirer ${line.resources[0]?.title ?? line.label} (${line.label})`}
                >
                  Retirer
                </button>
              </form>
            </td>
          )}
        </tr>
      ))}
    </ScrollableTable>
  );
}

/** Before ordering: the cart goes beyond what is left, by how much, and what to do about it. */
function OverBudget({ cart }: { cart: CartPageView }) {
  const right = cart.drawingRight!;
  const shortfall = formatMoney(cart.shortfallCents!);
  return (
    <Alert
      kind="warning"
      title={`Le panier dépasse le droit de tirage restant de ${shortfall}`}
      id="depassement"
    >
      <p>
        Total du panier {formatMoney(cart.totalCents)}, droit de tirage restant{' '}
        {formatMoney(right.remainingCents)}.{' '}
        {right.coFundingAllowed ? (
          <>
            La campagne autorise le cofinancement : déclarez un complément d’au moins {shortfall} (budget de
            l’établissement, collectivité territoriale ou académie)
            {cart.can.order ? (
              <>
                {' '}
                dans le <a href="#complement">formulaire de commande</a>
              </>
            ) : (
              ' : le chef d’établissement le fait en commandant'
            )}
            , ou retirez des lignes.
          </>
        ) : (
          'La campagne n’autorise pas de cofinancement : retirez des lignes ou réduisez les quantités avant de commander.'
        )}
      </p>
    </Alert>
  );
}

function OrderForm({
  cart,
  csrfToken,
  idempotencyKey,
  topUp,
}: Pick<CartPageOptions, 'csrfToken' | 'idempotencyKey' | 'topUp'> & { cart: CartPageView }) {
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

function offerOption(offer: OpenProposal['offers'][number]) {
  const parts = [offer.label, offer.licence];
  if (offer.seats) parts.push(`${offer.seats} postes`);
  if (offer.durationMonths) parts.push(`${offer.durationMonths} mois`);
  return { value: String(offer.id), label: `${parts.join(', ')} — ${formatMoney(offer.priceCents)}` };
}

function ProposalForms({
  item,
  uai,
  csrfToken,
  error,
}: {
  item: OpenProposal;
  uai: string;
  csrfToken: string;
  error: ProposalFormError | undefined;
}) {
  const id = item.proposal.id;
  const base = `/etablissements/${uai}/propositions/${id}`;
  const add = error?.kind === 'panier' ? error : undefined;
  const decline = error?.kind === 'refus' ? error : undefined;
  const suggested = item.suggested!;
  return (
    <>
      <form method="post" action={`${base}/panier`} class="fr-mb-2w">
        <CsrfField token={csrfToken} />
        <SelectField
          id={`offre-${id}`}
          name="offer"
          label="Offre"
          options={item.offers.map(offerOption)}
          value={add?.values.offer ?? String(suggested.offer)}
          error={add?.fields.offer}
        />
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-6">
            <TextField
              id={`postes-${id}`}
              name="seats"
              label="Postes"
              inputMode="numeric"
              value={add?.values.seats ?? String(suggested.seats)}
              error={add?.fields.seats}
            />
          </div>
          <div class="fr-col-6">
            <TextField
              id={`quantite-${id}`}
              name="quantity"
              label="Quantité"
              inputMode="numeric"
              value={add?.values.quantity ?? String(suggested.quantity)}
              error={add?.fields.quantity}
            />
          </div>
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm fr-mt-1w">
          Ajouter au panier
        </button>
      </form>
      <details open={decline !== undefined}>
        <summary>Refuser la proposition</summary>
        <form method="post" action={`${base}/refuser`} class="fr-mt-2w">
          <CsrfField token={csrfToken} />
          <TextField
            id={`motif-${id}`}
            name="reason"
            label="Motif du refus"
            hint="Dit à l’auteur de la proposition, par exemple : « déjà couvert par l’abonnement ENT »"
            value={decline?.values.reason ?? ''}
            error={decline?.fields.reason}
          />
          <button type="submit" class="fr-btn fr-btn--tertiary fr-btn--sm">
            Refuser
          </button>
        </form>
      </details>
    </>
  );
}

function Proposals({ cart, csrfToken, proposalError }: CartPageOptions) {
  const uai = cart.establishment.uai;
  return (
    <section aria-labelledby="propositions-titre" id="propositions" class="fr-mt-6w">
      <h2 id="propositions-titre">Propositions à traiter</h2>
      {cart.openProposals.length === 0 ? (
        <p>
          Aucune proposition en attente. L’équipe propose des ressources depuis leur fiche ; les propositions
          commandées ou refusées ne figurent plus ici.
        </p>
      ) : (
        <ul class="fr-raw-list">
          {cart.openProposals.map((item) => {
            const proposal = item.proposal;
            return (
              <li class="fr-mb-4w" id={`proposition-${proposal.id}`}>
                <h3 class="fr-h6 fr-mb-1v">
                  <a href={proposal.resource.url}>{proposal.resource.title}</a>
                </h3>
                <p
                  class={`fr-badge fr-badge--sm ${proposal.state === 'in-cart' ? 'fr-badge--info' : 'fr-badge--new'}`}
                >
                  {proposalStateLabels[proposal.state]}
                </p>
                <p class="fr-text--sm fr-mb-1v">
                  Proposée par {proposal.proposer} le {formatDate(proposal.createdAt)}
                  {proposal.offer
                    ? ` — offre souhaitée « ${proposal.offer.label} » (${formatMoney(proposal.offer.priceCents)})`
                    : ''}
                  {proposal.seats ? `, ${countOf(proposal.seats, 'poste')}` : ''}
                </p>
                {proposal.note && <p class="fr-text--sm fr-mb-1v">« {proposal.note} »</p>}
                {proposal.setback && <p class="fr-text--sm fr-mb-1v">{proposal.setback}</p>}
                {proposalError?.proposal === proposal.id && (
                  <div
                    class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w"
                    role="alert"
                    id={`proposition-${proposal.id}-erreur`}
                  >
                    <p>{proposalError.message}</p>
                  </div>
                )}
                {cart.can.edit && proposal.state === 'proposed' && item.suggested ? (
                  <ProposalForms
                    item={item}
                    uai={uai}
                    csrfToken={csrfToken}
                    error={proposalError?.proposal === proposal.id ? proposalError : undefined}
                  />
                ) : cart.can.edit && proposal.state === 'proposed' ? (
                  <p class="fr-text--sm">
                    Aucune offre payante de cette ressource n’est proposée aujourd’hui.
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function renderCartPage(options: CartPageOptions): string {
  const { cart, csrfToken, notice, error } = options;
  const right = cart.drawingRight;
  const changed = cart.lines.filter((line) => line.state !== 'ok');
  const uai = cart.establishment.uai;
  return renderPage({
    actor: options.actor,
    title: `Panier - ${cart.establishment.name}`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Mon espace', href: '/mon-espace' },
            { label: `Panier de ${cart.establishment.name}` },
          ]}
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
            {right.coFundingAllowed ? ' Cofinancement autorisé.' : ''}{' '}
            <a href={`/etablissements/${uai}/droit-de-tirage`}>Détail et historique du droit de tirage</a>
          </DrawingRightCallout>
        )}
        <h2>
          {countOf(cart.lines.length, 'ligne')} — total <Money cents={cart.totalCents} />
        </h2>
        {cart.lines.length === 0 ? (
          <p>
            Le panier est vide. Ajoutez des offres à partir des propositions ci-dessous ou de la fiche d’une
            ressource.
          </p>
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
              <form method="post" action={`/etablissements/${uai}/panier/confirmer`}>
                <CsrfField token={csrfToken} />
                <button type="submit" class="fr-btn fr-btn--sm">
                  Confirmer les nouveaux prix
                </button>
              </form>
            )}
          </Alert>
        )}
        {cart.lines.length > 0 && (cart.shortfallCents ?? 0) > 0 && <OverBudget cart={cart} />}
        {cart.can.order && changed.length === 0 && cart.lines.length > 0 && (
          <OrderForm
            cart={cart}
            csrfToken={csrfToken}
            idempotencyKey={options.idempotencyKey}
            topUp={options.topUp}
          />
        )}
        {cart.can.order && (
          <p>
            <a class="fr-link" href={`/commandes?etablissement=${uai}`}>
              Suivre les commandes de l’établissement
            </a>
          </p>
        )}
        <Proposals {...options} />
      </div>
    ),
  });
}
