// /admin/moissonnage: the harvest sources (name, address, format, set, schedule, last run, next run)
// and the link to register one.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { SourceView } from '../../../modules/harvest/harvest-sources.service.js';
import { ScrollableTable } from '../../components/scrollable-table.js';
import { renderPage } from '../../layout.js';
import type { Flash } from '../../page-kit.js';
import { formatDateTime, HARVEST_HOME, RunStatusBadge, runCounts, Shell } from './harvest-parts.js';

/** When the source is next harvested, in words. */
export function nextRunText(source: SourceView): string {
  if (source.lastRun?.status === 'running') return 'En cours';
  if (source.requestedAt) return 'Demandé, commence sous peu';
  return source.nextRunAt ? formatDateTime(source.nextRunAt) : 'À la demande';
}

export function renderSourcesPage(input: { actor: Actor; sources: SourceView[]; flash: Flash }): string {
  return renderPage({
    actor: input.actor,
    title: 'Sources moissonnées',
    children: (
      <Shell title="Sources moissonnées" crumbs={[]} flash={input.flash}>
        <p>
          Les entrepôts OAI-PMH dont le catalogue reprend les notices, selon leur fréquence ou à la demande.
        </p>
        <p>
          <a class="fr-btn fr-btn--icon-left fr-icon-add-line" href={`${HARVEST_HOME}/nouvelle`}>
            Enregistrer une source
          </a>
        </p>
        {input.sources.length === 0 ? (
          <p>Aucune source n’est enregistrée pour le moment.</p>
        ) : (
          <ScrollableTable
            caption="Sources moissonnées, leur dernier moissonnage et le prochain"
            head={[
              'Source',
              'Adresse de base',
              'Format',
              'Ensemble',
              'Fréquence',
              'Dernier moissonnage',
              'Prochain',
            ]}
          >
            {input.sources.map((source) => (
              <tr id={`source-${source.id}`}>
                <td>
                  <a href={`${HARVEST_HOME}/${source.id}`}>{source.name}</a>
                </td>
                <td class="ccr-break">{source.baseUrl}</td>
                <td>{source.prefix}</td>
                <td>{source.set ?? '—'}</td>
                <td>{source.schedule}</td>
                <td>
                  {source.lastRun ? (
                    <>
                      <RunStatusBadge status={source.lastRun.status} />
                      <span class="fr-text--sm">
                        {' '}
                        {formatDateTime(source.lastRun.startedAt)} : {runCounts(source.lastRun)}
                      </span>
                    </>
                  ) : (
                    'Jamais'
                  )}
                </td>
                <td>{nextRunText(source)}</td>
              </tr>
            ))}
          </ScrollableTable>
        )}
      </Shell>
    ),
  });
}
