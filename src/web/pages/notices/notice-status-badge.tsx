// A notice's status as a DSFR badge, the same on the publishers' and the experts' pages.
import type { NoticeStatus } from '../../../modules/notices/publisher-notices.service.js';

const badgeKinds: Record<NoticeStatus, string> = {
  submitted: 'fr-badge--info',
  accepted: 'fr-badge--success',
  refused: 'fr-badge--error',
  changes_requested: 'fr-badge--warning',
  withdrawn: '',
};

export function NoticeStatusBadge({ status, label }: { status: NoticeStatus; label: string }) {
  return <p class={`fr-badge fr-badge--sm fr-badge--no-icon ${badgeKinds[status]}`}>{label}</p>;
}
