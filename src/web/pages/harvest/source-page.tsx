// /admin/moissonnage/{id}: a source's settings, whether a harvest is asked for or running, the
// "Moissonner maintenant" button, and its run log (newest first): start, end, status, counts, the
// rejected records with their reasons, the last datestamp reached and why a run failed.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { RunLogEntry, SourceView } from '../../../modules/harvest/harvest-sources.service.js';
import { ScrollableTable } from '../../components/scrollable-table.js';
import { renderPage } from '../../layout.js';
import { Alert, CsrfField, type Flash } from '../../page-kit.js';
import { formatDateTime, HARVEST_HOME, RunStatusBadge, Shell } from './harvest-parts.js';

/** Rejections listed per run on the page; the count says how many there were. */
const REJECTIONS_SHOWN = 50;

function Facts({ source }: { source: SourceView }) {
  const rows: [string, string][] = [
    ['Adresse de base', source.baseUrl],
    ['Format', source.prefix],
    ['Ensemble (set)', source.set ?? 'Tout l’entrepôt'],
    ['Producteur', `${source.producerName} (${source.producerCode})`],
    ['Licence par défaut', source.defaultLicenceLabel],
    ['Coût par défaut', source.defaultCost === 'yes' ? 'Payante' : 'Gratuite'],
    [
      'Validation par les experts',
      source.needsReview ? 'Oui, avant publication' : 'Non, publication directe',
    ],
    [
      'Redirections autorisées',
      source.allowedRedirectHosts.length > 0
        ? source.allowedRedirectHosts.join(', ')
        : 'Vers l’hôte de la source seulement',
    ],
    ['Fréquence', source.schedule],
    [
      'Prochain moissonnage planifié',
      source.nextRunAt ? formatDateTime(source.nextRunAt) : 'Aucun (à la demande)',
    ],
    [
      'Dernière date de notice moissonnée',
      source.lastDatestamp ?? 'Aucune : le prochain moissonnage prend tout',
    ],
    ['Enregistrée le', formatDateTime(source.createdAt)],
  ];
  return (
    <dl class="ccr-notice">
      {rows.map(([term, value]) => (
        <div class="ccr-notice__row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether a harvest is running or asked for, and the button that asks for one. */
function HarvestNow({ actor, source }: { actor: Actor; source: SourceView }) {
  const running = source.lastRun?.status === 'running' ? source.lastRun : null;
  return (
    <section aria-labelledby="moissonner" class="fr-my-4w">
      <h2 id="moissonner">Moissonner maintenant</h2>
      {running && (
        <Alert kind="info" title={`Moissonnage en cours depuis ${formatDateTime(running.startedAt)}`}>
          <p>
            {running.harvested} enregistrements lus jusqu’ici. Rechargez la page pour suivre son avancement.
          </p>
        </Alert>
      )}
      {source.requestedAt && (
        <Alert kind="info" title={`Moissonnage demandé le ${formatDateTime(source.requestedAt)}`}>
          <p>
            {running
              ? 'Il commencera à la fin du moissonnage en cours.'
              : 'Il commence dès que le planificateur le prend en charge, en général dans la minute.'}
          </p>
        </Alert>
      )}
      <form method="post" action={`${HARVEST_HOME}/${source.id}/moissonner`}>
        <CsrfField token={actor.csrfToken} />
        <p class="fr-text--sm">
          Le moissonnage se fait en arrière-plan : la page n’attend pas sa fin. Il reprend à la dernière date
          moissonnée.
        </p>
        <button class="fr-btn" type="submit" disabled={source.requestedAt !== null}>
          Moissonner maintenant
        </button>
      </form>
    </section>
  );
}

function Rejections({ run }: { run: RunLogEntry }) {
  if (run.rejected === 0) return null;
  const shown = run.rejections.slice(0, REJECTIONS_SHOWN);
  return (
    <details>
      <summary>
        {run.rejected} notice{run.rejected > 1 ? 's' : ''} refusée{run.rejected > 1 ? 's' : ''} : voir les
        motifs
      </summary>
      <ul>
        {shown.map((rejection) => (
          <li>
            <code>{rejection.identifier}</code> : {rejection.reasons.join(' ; ')}
          </li>
        ))}
      </ul>
      {run.rejected > shown.length && (
        <p class="fr-text--sm">
          Et {run.rejected - shown.length} autre{run.rejected - shown.length > 1 ? 's' : ''}, non détaillée
          {run.rejected - shown.length > 1 ? 's' : ''} ici.
        </p>
      )}
    </details>
  );
}

function RunLog({ runs }: { runs: RunLogEntry[] }) {
  if (runs.length === 0) return <p>Cette source n’a pas encore été moissonnée.</p>;
  return (
    <ScrollableTable
      caption="Journal des moissonnages, du plus récent au plus ancien"
      head={[
        'Début',
        'Fin',
        'État',
        'Lues',
        'Nouvelles',
        'Mises à jour',
        'Retirées',
        'Refusées',
        'Dernière date atteinte',
        'Détails',
      ]}
    >
      {runs.map((run) => (
        <tr id={`run-${run.id}`}>
          <td>{formatDateTime(run.startedAt)}</td>
          <td>{run.endedAt ? formatDateTime(run.endedAt) : '—'}</td>
          <td>
            <RunStatusBadge status={run.status} />
          </td>
          <td>{run.harvested}</td>
          <td>{run.created}</td>
          <td>{run.updated}</td>
          <td>{run.deleted}</td>
          <td>{run.rejected}</td>
          <td>{run.lastDatestamp ?? '—'}</td>
          <td>
            {run.error && <p class="fr-error-text fr-mt-0">{run.error}</p>}
            <Rejections run={run} />
            {!run.error && run.rejected === 0 && '—'}
          </td>
        </tr>
      ))}
    </ScrollableTable>
  );
}

export function renderSourcePage(input: {
  actor: Actor;
  source: SourceView;
  runs: RunLogEntry[];
  flash: Flash;
}): string {
  const { source } = input;
  return renderPage({
    actor: input.actor,
    title: `Source ${source.name}`,
    children: (
      <Shell title={`Source « ${source.name} »`} crumbs={[{ label: source.name }]} flash={input.flash}>
        <Facts source={source} />
        <HarvestNow actor={input.actor} source={source} />
        <section aria-labelledby="journal">
          <h2 id="journal">Journal des moissonnages</h2>
          <RunLog runs={input.runs} />
        </section>
      </Shell>
    ),
  });
}
