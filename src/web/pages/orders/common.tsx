// Pieces the order pages share: status badge and money; the CSRF field and alerts come from the page kit.
export { Breadcrumb } from '../../breadcrumb.js';
export { Alert, CsrfField } from '../../page-kit.js';
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
