// Pieces the order pages share: status badge, money, and the name of a line (its resources, linked,
// then the offer); the CSRF field and alerts come from the page kit.
export { Breadcrumb } from '../../breadcrumb.js';
export { Alert, CsrfField } from '../../page-kit.js';
export { lineTitle } from '../../../modules/orders/orders.presenter.js';
import type { PresentedResource } from '../../../modules/orders/orders.presenter.js';
import type { OrderStatus } from '../../../modules/orders/orders.workflow.js';
import { orderStatusLabels } from '../../../modules/orders/orders.workflow.js';
import { formatMoney } from '../../format.js';

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
