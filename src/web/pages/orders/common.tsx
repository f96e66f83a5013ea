// Pieces the order pages share: CSRF field, status badge, money, refusal alert.
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

export function Breadcrumb({ items }: { items: { label: string; href?: string }[] }) {
  return (
    <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
      <ol class="fr-breadcrumb__list">
        {items.map((item) => (
          <li>
            {item.href ? (
              <a class="fr-breadcrumb__link" href={item.href}>
                {item.label}
              </a>
            ) : (
              <a class="fr-breadcrumb__link" aria-current="page">
                {item.label}
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
