// Pieces the order pages share: status badge, money, and the name of a line (its resources, linked,
// then the offer); the CSRF field and alerts come from the page kit.
export { Breadcrumb } from '../../breadcrumb.js';
export { Alert, CsrfField } from '../../page-kit.js';
export { lineTitle } from '../../../modules/orders/orders.presenter.js';
import type { PresentedResource } from '../../../modules/orders/orders.presenter.js';
import type { OrderStatus } from '../../../modules/orders/orders.workflow.js';
import { orderStatusLabels } from '../../../modules/orders/orders.workflow.js';
import type { ComponentChildren } from 'preact';
import { ScrollableTable } from '../../components/scrollable-table.js';
import { formatMoney, safeExternalUrl } from '../../format.js';

const badgeKinds: Record<OrderStatus, string> = {
  draft: '',
  submitted: 'fr-badge--info',
  transmitted: 'fr-badge--new',
  'partly-delivered': 'fr-badge--warning',
  delivered: 'fr-badge--success',
  rejected: 'fr-badge--error',
  cancelled: '',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <p class={`fr-badge fr-badge--sm ${badgeKinds[status]}`}>{orderStatusLabels[status]}</p>;
}

export function Money({ cents }: { cents: number }) {
  return <span class="ccr-money">{formatMoney(cents)}</span>;
}

/** The resources of a line, each a link to its page, comma-separated (a bundle covers several). */
export function ResourceLinks({ resources }: { resources: readonly PresentedResource[] }) {
  return (
    <>
      {resources.map((resource, i) => (
        <>
          {i > 0 && ', '}
          <a href={resource.url}>{resource.title}</a>
        </>
      ))}
    </>
  );
}

/**
 * What a line is: the resource first (linked), then the offer and who sells it. Without resources (a
 * line read before they were known) the offer alone.
 */
export function LineName(props: {
  resources?: readonly PresentedResource[] | undefined;
  label: string;
  producer?: string | undefined;
}) {
  const { resources, label, producer } = props;
  if (!resources || resources.length === 0) {
    return (
      <>
        {label}
        {producer && (
          <>
            <br />
            <span class="fr-text--xs">{producer}</span>
          </>
        )}
      </>
    );
  }
  return (
    <>
      <ResourceLinks resources={resources} />
      <br />
      <span class="fr-text--xs">
        {label}
        {producer ? ` — ${producer}` : ''}
      </span>
    </>
  );
}

/** What every line table shows of a line, the establishment's and the publisher's alike. */
export interface LineFigures {
  resources?: readonly PresentedResource[] | undefined;
  id: number;
  label: string;
  licence: { label: string };
  durationMonths: number | null;
  seats: number;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
  status: { label: string };
  licenceKey: string | null;
  accessUrl: string | null;
  shipmentNumber: string | null;
  rejectionReason: string | null;
}

/**
 * One row of a line table: resource and offer, licence, seats, quantity, prices, state, and what the
 * delivery gave (key, access, shipment, refusal) followed by `delivery` (subscription, delivery date).
 */
export function LineRow(props: { line: LineFigures; producer?: string; delivery?: ComponentChildren }) {
  const { line } = props;
  const url = safeExternalUrl(line.accessUrl);
  return (
    <tr id={`ligne-${line.id}`}>
      <td>
        <LineName resources={line.resources} label={line.label} producer={props.producer} />
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
        {line.licenceKey && (
          <p class="fr-mb-1v">
            Clé de licence : <code>{line.licenceKey}</code>
          </p>
        )}
        {line.accessUrl && (
          <p class="fr-mb-1v">Accès : {url ? <a href={url}>{line.accessUrl}</a> : line.accessUrl}</p>
        )}
        {line.shipmentNumber && <p class="fr-mb-1v">Numéro d’envoi : {line.shipmentNumber}</p>}
        {props.delivery}
        {line.rejectionReason && <p class="fr-mb-1v">Motif du refus : {line.rejectionReason}</p>}
      </td>
    </tr>
  );
}

/** The column heads every line table starts with (the resource and offer, then the money). */
export const lineHeads = ['Ressource et offre', 'Licence', 'Postes', 'Quantité', 'Prix unitaire', 'Total'];

/** The frame of a line table: caption, the column heads LineRow fills, rows as children. */
export function LinesTableFrame({ caption, children }: { caption: string; children: ComponentChildren }) {
  return (
    <ScrollableTable bordered caption={caption} head={[...lineHeads, 'État', 'Livraison']}>
      {children}
    </ScrollableTable>
  );
}
