// What the publisher's notice pages share: their paths, the page shell (breadcrumb, title, messages),
// the status badge, the reasons of a decision and dates of instants as French days.
import type { ComponentChildren } from 'preact';
import type { PresentedReason } from '../../../modules/notices/publisher-notices.service.js';
import { dayInFrance } from '../../../shared/clock.js';
import { Breadcrumb } from '../../breadcrumb.js';
import { formatDate } from '../../format.js';
import { FlashAlerts, type Flash } from '../../page-kit.js';

export const NOTICES_PATH = '/editeur/notices';
export const NEW_NOTICE_PATH = `${NOTICES_PATH}/nouvelle`;
export const IMPORT_NOTICES_PATH = `${NOTICES_PATH}/import`;
export const noticePath = (id: number) => `${NOTICES_PATH}/${id}`;

/** Success messages after a redirect (?ok=code). */
export const noticeMessages: Record<string, string> = {
  soumise: 'La notice est soumise : un expert la validera avant sa publication dans le catalogue.',
  retiree:
    'La notice est retirée : la ressource a quitté la recherche du catalogue. Les commandes et abonnements déjà passés restent valables.',
};

export { NoticeStatusBadge } from './notice-status-badge.js';

/** An instant as the French day it fell on: "3 décembre 2026". */
export function dayOf(at: Date | string): string {
  return formatDate(dayInFrance(new Date(at)));
}

export function Reasons({ reasons }: { reasons: readonly PresentedReason[] }) {
  if (reasons.length === 0) return null;
  return (
    <ul class="fr-mb-1w">
      {reasons.map((reason) => (
        <li>
          <strong>{reason.criterionLabel}</strong> : {reason.message}
        </li>
      ))}
    </ul>
  );
}

export function Shell(props: {
  title: string;
  crumbs: { label: string; href?: string }[];
  flash?: Flash | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class="fr-container fr-py-4w">
      <Breadcrumb items={[{ label: 'Mon espace', href: '/mon-espace' }, ...props.crumbs]} />
      <h1>{props.title}</h1>
      {props.flash && <FlashAlerts flash={props.flash} />}
      {props.children}
    </div>
  );
}
