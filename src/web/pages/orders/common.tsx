// Pieces the order pages share: CSRF field, status badge, money, refusal alert.
export { Breadcrumb } from '../../breadcrumb.js';
import type { ComponentChildren } from 'preact';
import type { OrderStatus } from '../../../db/schema.js';
import { orderStatusLabels } from '../../../modules/orders/orders.workflow.js';
import { formatMoney } from '../../format.js';

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

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

export function Alert({
  kind,
  title,
  children,
  id,
}: {
  kind: 'error' | 'success' | 'info' | 'warning';
  title: string;
  children?: ComponentChildren;
  id?: string;
}) {
  return (
    <div class={`fr-alert fr-alert--${kind} fr-mb-3w`} role={kind === 'error' ? 'alert' : 'status'} id={id}>
      <h2 class="fr-alert__title">{title}</h2>
      {children}
    </div>
  );
}
