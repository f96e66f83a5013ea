// The head's follow-up: the establishment's orders with their statuses and resources, the CSV export,
// one order in detail (lines named by their resource then offer, delivered keys and access,
// subscriptions and their end dates) and the confirmation a cancellation asks for (a page of its own,
// so it works without JavaScript). The publisher's lines are publisher-orders-page.tsx.
import { ScrollableTable } from '../../components/scrollable-table.js';
import type { Actor } from '../../../modules/accounts/actor.js';
import type { CancellationPreview } from '../../../modules/orders/orders.service.js';
import type { PresentedOrder } from '../../../modules/orders/orders.presenter.js';
import { isCancellable } from '../../../modules/orders/orders.workflow.js';
import {
  subscriptionsPagePath,
  type SubscriptionView,
} from '../../../modules/orders/subscriptions.service.js';
import { countOf, formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import {
  Alert,
  Breadcrumb,
  CsrfField,
  LineRow,
  LinesTableFrame,
  lineTitle,
  Money,
  ResourceLinks,
  StatusBadge,
} from './common.js';
import { SubscriptionsTable } from './subscriptions-page.js';

/** The establishment's orders as a CSV file (one row per line). */
export function ordersCsvPath(uai: string): string {
  return `/etablissements/${uai}/commandes.csv`;
}

/**
 * The dates an order shows, by state: a draft was created, never placed; a closed order also says
 * when it was closed (its last change).
 */
export function orderDates(order: Pick<PresentedOrder, 'status' | 'placedAt' | 'updatedAt'>) {
  if (order.status.value === 'draft') return [{ label: 'Brouillon créé le', at: order.placedAt }];
  const dates = [{ label: 'Passée le', at: order.placedAt }];
  const closed: Partial<Record<string, string>> = {
    delivered: 'Livrée le',
    rejected: 'Refusée le',
    cancelled: 'Annulée le',
  };
  const label = closed[order.status.value];
  if (label) dates.push({ label, at: order.updatedAt });
  return dates;
}

/** The resources of an order's lines, linked, the first three and how many more. */
function OrderResources({ order }: { order: PresentedOrder }) {
  const shown = order.lines.slice(0, 3);
  const more = order.lines.length - shown.length;
  return (
    <ul class="fr-raw-list">
      {shown.map((line) => (
        <li>
          {line.resources && line.resources.length > 0 ? (
            <ResourceLinks resources={line.resources} />
          ) : (
            line.label
          )}
        </li>
      ))}
      {more > 0 && <li>et {countOf(more, 'autre ligne', 'autres lignes')}</li>}
    </ul>
  );
}

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
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <a class="fr-btn fr-btn--secondary" href={`/etablissements/${establishment.uai}/panier`}>
              Voir le panier
            </a>
          </li>
          {orders.length > 0 && (
            <li>
              <a
                class="fr-btn fr-btn--tertiary fr-icon-download-line"
                href={ordersCsvPath(establishment.uai)}
                download
              >
                Télécharger les commandes (CSV, une ligne par ressource commandée)
              </a>
            </li>
          )}
        </ul>
        {orders.length === 0 ? (
          <p>Aucune commande pour le moment.</p>
        ) : (
          <ScrollableTable
            bordered
            caption={'Commandes, de la plus récente à la plus ancienne'}
            head={['Commande', 'Date', 'Statut', 'Ressources', 'Total']}
          >
            {orders.map((order) => (
              <tr>
                <td>
                  <a href={order.url}>Commande n° {order.id}</a>
                </td>
                <td>
                  {orderDates(order).map((date, i) => (
                    <>
                      {i > 0 && <br />}
                      {date.label} {formatDate(date.at)}
                    </>
                  ))}
                </td>
                <td>
                  <StatusBadge status={order.status.value} />
                </td>
                <td>
                  <OrderResources order={order} />
                </td>
                <td>
                  <Money cents={order.totalCents} />
                </td>
              </tr>
            ))}
          </ScrollableTable>
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

export function LinesTable({ order, caption }: { order: PresentedOrder; caption: string }) {
  return (
    <LinesTableFrame caption={caption}>
      {order.lines.map((line) => (
        <LineRow
          line={line}
          producer={line.producer.name}
          delivery={
            line.subscription && (
              <p class="fr-mb-1v">
                Abonnement du {formatDate(line.subscription.startsOn)} au{' '}
                {formatDate(line.subscription.endsOn)}
              </p>
            )
          }
        />
      ))}
    </LinesTableFrame>
  );
}

export function renderOrderPage(options: {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  order: PresentedOrder;
  canCancel: boolean;
  notice?: string | undefined;
}): string {
  const { order, canCancel, notice } = options;
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
          {orderDates(order).map((date) => (
            <>
              <dt>{date.label}</dt>
              <dd>{formatDate(date.at)}</dd>
            </>
          ))}
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
          <p class="fr-mt-3w">
            {/* A page of its own asks for confirmation: no script needed, nothing cancelled by a slip. */}
            <a class="fr-btn fr-btn--secondary" href={`/commandes/${order.id}/annuler`}>
              Annuler la commande
            </a>
          </p>
        )}
      </div>
    ),
  });
}

/** The confirmation of a cancellation: what goes back where, then the POST button (with CSRF). */
export function renderCancelOrderPage(options: {
  actor?: Actor | undefined;
  preview: CancellationPreview;
  csrfToken: string;
}): string {
  const { preview, csrfToken } = options;
  const { order } = preview;
  const isDraft = order.status.value === 'draft';
  return renderPage({
    actor: options.actor,
    title: `Annuler la commande n° ${order.id}`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            {
              label: `Commandes de ${order.establishment.name}`,
              href: `/commandes?etablissement=${order.establishment.uai}`,
            },
            { label: `Commande n° ${order.id}`, href: order.url },
            { label: 'Annuler' },
          ]}
        />
        <h1>Annuler la commande n° {order.id} ?</h1>
        <Alert kind="warning" title="L’annulation est définitive">
          <ul>
            <li>
              {countOf(
                preview.pendingLines,
                'ligne en attente est annulée',
                'lignes en attente sont annulées',
              )}{' '}
              : l’éditeur ne les livrera pas.
            </li>
            {isDraft ? (
              <li>Ce brouillon n’a rien débité : le droit de tirage ne change pas.</li>
            ) : (
              <li>
                <strong>{formatMoney(preview.toDrawingRightCents)}</strong> reviennent au droit de tirage de
                l’établissement.
              </li>
            )}
            {preview.toCoFunderCents > 0 && order.topUp && (
              <li>
                {formatMoney(preview.toCoFunderCents)} sont rendus au cofinanceur ({order.topUp.funder.label},
                référence {order.topUp.reference}).
              </li>
            )}
          </ul>
        </Alert>
        <dl class="ccr-order-summary">
          <dt>Établissement</dt>
          <dd>
            {order.establishment.name} ({order.establishment.uai})
          </dd>
          {orderDates(order).map((date) => (
            <>
              <dt>{date.label}</dt>
              <dd>{formatDate(date.at)}</dd>
            </>
          ))}
          <dt>Total</dt>
          <dd>
            <Money cents={order.totalCents} />
          </dd>
        </dl>
        <ul>
          {order.lines.map((line) => (
            <li>
              {lineTitle(line.resources, line.label)} : {formatMoney(line.lineTotalCents)} (
              {line.status.label})
            </li>
          ))}
        </ul>
        <form method="post" action={`/commandes/${order.id}/annuler`} class="fr-mt-3w">
          <CsrfField token={csrfToken} />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button type="submit" class="fr-btn">
                Confirmer l’annulation
              </button>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href={order.url}>
                Garder la commande
              </a>
            </li>
          </ul>
        </form>
      </div>
    ),
  });
}
