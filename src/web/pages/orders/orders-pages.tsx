// The head's follow-up: the establishment's orders with their statuses, one order in detail
// (lines, delivered keys and access, subscriptions and their end dates, cancel button), and the
// publisher's page listing only its own lines with deliver and reject forms.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { PresentedLine, PresentedOrder } from '../../../modules/orders/orders.presenter.js';
import { isCancellable } from '../../../modules/orders/orders.workflow.js';
import {
  subscriptionsPagePath,
  type SubscriptionView,
} from '../../../modules/orders/subscriptions.service.js';
import { formatDate, formatMoney, safeExternalUrl } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Alert, Breadcrumb, CsrfField, Money, StatusBadge } from './common.js';
import { SubscriptionsTable } from './subscriptions-page.js';

export function renderOrdersListPage(options: {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  establishment: { uai: string; name: string };
  orders: PresentedOrder[];
  subscriptions: SubscriptionView[];
  /** The head sees a « Renouveler » button on renewable subscriptions. */
  canRenew?: boolean;
}): string {
  const { establishment, orders, subscriptions } = options;
  return renderPage({
    actor: options.actor,
    title: `Commandes - ${establishment.name}`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[{ label: 'Accueil', href: '/' }, { label: `Commandes de ${establishment.name}` }]}
        />
        <h1>Commandes de {establishment.name}</h1>
        <p>
          <a class="fr-link" href={`/etablissements/${establishment.uai}/panier`}>
            Voir le panier
          </a>
        </p>
        {orders.length === 0 ? (
          <p>Aucune commande pour le moment.</p>
        ) : (
          <div class="fr-table fr-table--bordered">
            {/* Scrolls sideways on a phone: focusable, so the keyboard can scroll it (axe). */}
            <table tabIndex={0}>
              <caption>Commandes, de la plus récente à la plus ancienne</caption>
              <thead>
                <tr>
                  <th scope="col">Commande</th>
                  <th scope="col">Date</th>
                  <th scope="col">Statut</th>
                  <th scope="col">Lignes</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {orders.map((order) => (
                  <tr>
                    <td>
                      <a href={order.url}>Commande n° {order.id}</a>
                    </td>
                    <td>{formatDate(order.placedAt)}</td>
                    <td>
                      <StatusBadge status={order.status.value} />
                    </td>
                    <td>{order.lines.length}</td>
                    <td>
                      <Money cents={order.totalCents} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h2 class="fr-mt-4w" id="abonnements">
          Abonnements
        </h2>
        <p>
          <a class="fr-link" href={subscriptionsPagePath(establishment.uai)}>
            Page des abonnements et de leur renouvellement
          </a>
        </p>
        <SubscriptionsTable
          uai={establishment.uai}
          subscriptions={subscriptions}
          canRenew={options.canRenew ?? false}
        />
      </div>
    ),
  });
}

function Access({ line }: { line: PresentedLine }) {
  const url = safeExternalUrl(line.accessUrl);
  return (
    <>
      {line.licenceKey && (
        <p class="fr-mb-1v">
          Clé de licence : <code>{line.licenceKey}</code>
        </p>
      )}
      {line.accessUrl && (
        <p class="fr-mb-1v">Accès : {url ? <a href={url}>{line.accessUrl}</a> : line.accessUrl}</p>
      )}
      {line.shipmentNumber && <p class="fr-mb-1v">Numéro d’envoi : {line.shipmentNumber}</p>}
      {line.subscription && (
        <p class="fr-mb-1v">
          Abonnement du {formatDate(line.subscription.startsOn)} au {formatDate(line.subscription.endsOn)}
        </p>
      )}
      {line.rejectionReason && <p class="fr-mb-1v">Motif du refus : {line.rejectionReason}</p>}
    </>
  );
}

function LinesTable({ order, caption }: { order: PresentedOrder; caption: string }) {
  return (
    <div class="fr-table fr-table--bordered">
      {/* Scrolls sideways on a phone: focusable, so the keyboard can scroll it (axe). */}
      <table tabIndex={0}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Offre</th>
            <th scope="col">Licence</th>
            <th scope="col">Postes</th>
            <th scope="col">Quantité</th>
            <th scope="col">Prix unitaire</th>
            <th scope="col">Total</th>
            <th scope="col">État</th>
            <th scope="col">Livraison</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr id={`ligne-${line.id}`}>
              <td>
                {line.label}
                <br />
                <span class="fr-text--xs">{line.producer.name}</span>
              </td>
              <td>
                {line.licence.label}
                {line.durationMonths ? `, ${line.durationMonths} mois` : ''}
              </td>
              <td>{line.seats}</td>
              <td>{line.quantity}</td>
              <td>{formatMoney(line.unitPriceCents)}</td>
              <td>{formatMoney(line.lineTotalCents)}</td>
              <td>{line.status.label}</td>
              <td>
                <Access line={line} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function renderOrderPage(options: {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  order: PresentedOrder;
  canCancel: boolean;
  csrfToken: string;
  notice?: string | undefined;
}): string {
  const { order, canCancel, csrfToken, notice } = options;
  return renderPage({
    actor: options.actor,
    title: `Commande n° ${order.id}`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            {
              label: `Commandes de ${order.establishment.name}`,
              href: `/commandes?etablissement=${order.establishment.uai}`,
            },
            { label: `Commande n° ${order.id}` },
          ]}
        />
        <h1>Commande n° {order.id}</h1>
        {notice && <Alert kind="success" title={notice} />}
        <StatusBadge status={order.status.value} />
        <dl class="ccr-order-summary fr-mt-2w">
          <dt>Établissement</dt>
          <dd>
            {order.establishment.name} ({order.establishment.uai})
          </dd>
          <dt>Campagne</dt>
          <dd>{order.campaign.name}</dd>
          <dt>Passée le</dt>
          <dd>{formatDate(order.placedAt)}</dd>
          <dt>Total</dt>
          <dd>
            <Money cents={order.totalCents} />
          </dd>
          {order.topUp && (
            <>
              <dt>Complément</dt>
              <dd>
                {formatMoney(order.topUp.amountCents)} ({order.topUp.funder.label}, référence{' '}
                {order.topUp.reference})
                {order.topUp.refundedCents > 0 && (
                  <>
                    <br />
                    {`${formatMoney(order.topUp.refundedCents)} rendus au cofinanceur (${order.topUp.funder.label})`}
                  </>
                )}
              </dd>
            </>
          )}
        </dl>
        <LinesTable order={order} caption="Lignes de la commande" />
        {canCancel && isCancellable(order.status.value) && (
          <form method="post" action={`/commandes/${order.id}/annuler`} class="fr-mt-3w">
            <CsrfField token={csrfToken} />
            <p>
              {order.topUp
                ? `Annuler la commande rend au droit de tirage sa part de la commande, et au cofinanceur (${order.topUp.funder.label}) son complément.`
                : 'Annuler la commande rend la totalité de son montant au droit de tirage.'}
            </p>
            <button type="submit" class="fr-btn fr-btn--secondary">
              Annuler la commande
            </button>
          </form>
        )}
      </div>
    ),
  });
}

const deliveryFields: Record<string, { name: string; label: string; type: string }> = {
  'licence-key': { name: 'licenceKey', label: 'Clé de licence', type: 'text' },
  'access-url': { name: 'accessUrl', label: 'Adresse d’accès', type: 'url' },
  shipment: { name: 'shipmentNumber', label: 'Numéro d’envoi', type: 'text' },
};

export function renderPublisherOrdersPage(options: {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  orders: PresentedOrder[];
  csrfToken: string;
  notice?: string | undefined;
  error?: string | undefined;
}): string {
  const { orders, csrfToken, notice, error } = options;
  return renderPage({
    actor: options.actor,
    title: 'Commandes reçues',
    children: (
      <div class="fr-container fr-py-4w">
        <h1>Commandes reçues</h1>
        <p>Seules les lignes portant sur vos offres sont affichées.</p>
        {notice && <Alert kind="success" title={notice} />}
        {error && (
          <Alert kind="error" title="Action impossible">
            <p>{error}</p>
          </Alert>
        )}
        {orders.length === 0 && <p>Aucune commande pour vos offres.</p>}
        {orders.map((order) => (
          <section
            class="fr-mb-6w"
            id={`commande-${order.id}`}
            aria-labelledby={`commande-${order.id}-titre`}
          >
            <h2 id={`commande-${order.id}-titre`}>
              Commande n° {order.id} — {order.establishment.name} ({order.establishment.uai})
            </h2>
            <StatusBadge status={order.status.value} />
            <p class="fr-mt-1w">
              Passée le {formatDate(order.placedAt)}, vos lignes : <Money cents={order.totalCents} />
            </p>
            <LinesTable order={order} caption={`Vos lignes de la commande n° ${order.id}`} />
            {order.lines
              .filter((line) => line.status.value === 'pending')
              .map((line) => {
                const field = deliveryFields[line.delivery.value] ?? deliveryFields['access-url']!;
                const base = `/editeur/commandes/${order.id}/lignes/${line.id}`;
                return (
                  <div class="fr-grid-row fr-grid-row--gutters fr-mb-3w">
                    <form method="post" action={`${base}/livrer`} class="fr-col-12 fr-col-md-6">
                      <CsrfField token={csrfToken} />
                      <div class="fr-input-group">
                        <label class="fr-label" for={`livrer-${line.id}`}>
                          {field.label} pour « {line.label} »
                        </label>
                        <input
                          class="fr-input"
                          type={field.type}
                          id={`livrer-${line.id}`}
                          name={field.name}
                          required
                        />
                      </div>
                      <button type="submit" class="fr-btn fr-btn--sm">
                        Livrer
                      </button>
                    </form>
                    <form method="post" action={`${base}/rejeter`} class="fr-col-12 fr-col-md-6">
                      <CsrfField token={csrfToken} />
                      <div class="fr-input-group">
                        <label class="fr-label" for={`rejeter-${line.id}`}>
                          Motif du refus de « {line.label} »
                        </label>
                        <input
                          class="fr-input"
                          type="text"
                          id={`rejeter-${line.id}`}
                          name="reason"
                          required
                          minLength={3}
                        />
                      </div>
                      <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                        Refuser
                      </button>
                    </form>
                  </div>
                );
              })}
          </section>
        ))}
      </div>
    ),
  });
}
