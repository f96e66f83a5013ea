// What the harvest pages share: the shell with its breadcrumb and flash, a run's status as a badge,
// dates and times in French time, and the counts of a run.
import type { ComponentChildren } from 'preact';
import type { RunStatus, RunView } from '../../../modules/harvest/harvest-sources.service.js';
import { Breadcrumb } from '../../breadcrumb.js';
import { FlashAlerts, type Flash } from '../../page-kit.js';

export const HARVEST_HOME = '/admin/moissonnage';

export function Shell(props: {
  title: string;
  crumbs: { label: string; href?: string }[];
  flash: Flash;
  children: ComponentChildren;
}) {
  return (
    <div class="fr-container fr-py-4w">
      <Breadcrumb
        items={[
          { label: 'Mon espace', href: '/mon-espace' },
          { label: 'Moissonnage', href: HARVEST_HOME },
          ...props.crumbs,
        ]}
      />
      <h1>{props.title}</h1>
      <FlashAlerts flash={props.flash} />
      {props.children}
    </div>
  );
}

const statusLabels: Record<RunStatus, string> = {
  running: 'En cours',
  succeeded: 'Réussi',
  failed: 'Échec',
};
const statusBadges: Record<RunStatus, string> = {
  running: 'fr-badge--info',
  succeeded: 'fr-badge--success',
  failed: 'fr-badge--error',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <p class={`fr-badge fr-badge--sm fr-badge--no-icon ${statusBadges[status]}`}>{statusLabels[status]}</p>
  );
}

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "05/12/2026 14:30", French time. */
export function formatDateTime(at: Date): string {
  return dateTime.format(at);
}

/** "3 nouvelles, 1 mise à jour, 0 retirée, 2 refusées" */
export function runCounts(run: Pick<RunView, 'created' | 'updated' | 'deleted' | 'rejected'>): string {
  const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;
  return [
    plural(run.created, 'nouvelle', 'nouvelles'),
    plural(run.updated, 'mise à jour', 'mises à jour'),
    plural(run.deleted, 'retirée', 'retirées'),
    plural(run.rejected, 'refusée', 'refusées'),
  ].join(', ');
}
