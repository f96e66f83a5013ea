// The workflow's public figures (/statistiques/notices), as the 2012 inspection report gave them
// (5,540 notices submitted, 3,777 validated…): the totals, then a table by publisher, by type or by
// level (a GET selector), drawn as a stacked bar chart, and the same table as a CSV download
// (/statistiques/notices.csv?par=…). Built once (statisticsTable) for the page and for the CSV.
import type { Actor } from '../../../modules/accounts/actor.js';
import type {
  NoticeWorkflowFigures,
  StatsDimension,
} from '../../../modules/notices/expert-notices.service.js';
import { Breadcrumb } from '../../breadcrumb.js';
import { SelectField } from '../../components/form-fields.js';
import { ScrollableTable } from '../../components/scrollable-table.js';
import { toCsv } from '../../csv.js';
import { formatCount, shortLabel } from '../../format.js';
import { renderPage } from '../../layout.js';
import { hoursText } from './expert-parts.js';
import { StackedBarChart } from './notice-charts.js';

export const STATISTICS_PATH = '/statistiques/notices';

/** The `par` choices of the query string. */
export const dimensionChoices: readonly { param: string; by: StatsDimension; label: string; head: string }[] =
  [
    { param: 'producteur', by: 'producer', label: 'Par éditeur', head: 'Éditeur' },
    { param: 'type', by: 'type', label: 'Par type de ressource', head: 'Type de ressource' },
    { param: 'niveau', by: 'level', label: 'Par niveau', head: 'Niveau' },
  ];

export interface ParsedDimension {
  choice: (typeof dimensionChoices)[number];
  error?: string;
}

/** `par` of the query string: producteur when absent; an unknown value is an error (status 400). */
export function parseDimension(query: unknown): ParsedDimension {
  const value = (query as { par?: unknown } | undefined)?.par;
  const text =
    typeof value === 'string' ? value : Array.isArray(value) ? String(value[value.length - 1]) : '';
  const choice = dimensionChoices.find((c) => c.param === (text || 'producteur'));
  return choice
    ? { choice }
    : {
        choice: dimensionChoices[0]!,
        error: 'Regrouper : choisissez par éditeur, par type de ressource ou par niveau.',
      };
}

/** The counted columns, in the order of the table, the chart's segments and the CSV. */
const counted: readonly {
  key: 'submitted' | 'accepted' | 'refused' | 'changes_requested' | 'withdrawn';
  label: string;
  colour: string;
}[] = [
  { key: 'submitted', label: 'En attente', colour: '#000091' },
  { key: 'accepted', label: 'Validées', colour: '#18753c' },
  { key: 'refused', label: 'Refusées', colour: '#ce0500' },
  { key: 'changes_requested', label: 'Modifications demandées', colour: '#b34000' },
  { key: 'withdrawn', label: 'Retirées', colour: '#666666' },
];

const durationHeads = ['Délai médian de décision', 'Délai de décision du 90e centile'];

/** The table as a CSV file (hours as numbers, a spreadsheet computes on them). */
export function statisticsCsv(figures: NoticeWorkflowFigures, dimension: ParsedDimension['choice']): string {
  const hours = (value: number | null) => (value === null ? '' : Math.round(value * 100) / 100);
  return toCsv(
    [
      dimension.head,
      ...counted.map((column) => column.label),
      'Total',
      ...durationHeads.map((head) => `${head} (heures)`),
    ],
    labelled(figures).map((row) => [
      row.label,
      ...counted.map((column) => row[column.key]),
      row.total,
      hours(row.median_hours),
      hours(row.p90_hours),
    ]),
  );
}

const CHART_ROWS = 15;

/** The rows with their labels as pages show vocabulary labels (publishers' names as they are). */
function labelled(figures: NoticeWorkflowFigures): NoticeWorkflowFigures['rows'] {
  if (figures.by === 'producer') return figures.rows;
  return figures.rows.map((row) => ({ ...row, label: shortLabel(row.label) }));
}

function Totals({ totals }: { totals: NoticeWorkflowFigures['totals'] }) {
  const items: [string, string][] = [
    ['Notices soumises', formatCount(totals.total)],
    ['Validées', formatCount(totals.accepted)],
    ['Refusées', formatCount(totals.refused)],
    ['Modifications demandées', formatCount(totals.changes_requested)],
    ['Retirées par leur éditeur', formatCount(totals.withdrawn)],
    ['En attente de validation', formatCount(totals.submitted)],
    ['Décisions prises (toutes versions)', formatCount(totals.decisions)],
    ['Délai médian de décision', hoursText(totals.median_hours)],
    ['Délai de décision du 90e centile', hoursText(totals.p90_hours)],
  ];
  return (
    <section class="fr-mb-6w" aria-labelledby="totaux">
      <h2 id="totaux">Depuis l’ouverture du catalogue</h2>
      <dl class="ccr-notice" id="totaux-liste">
        {items.map(([label, value]) => (
          <div class="ccr-notice__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function renderStatisticsPage(options: {
  actor: Actor | undefined;
  figures: NoticeWorkflowFigures;
  dimension: ParsedDimension;
}): string {
  const { figures, dimension } = options;
  const { choice } = dimension;
  const rows = labelled(figures);
  const shown = rows.slice(0, CHART_ROWS);
  const several = choice.by !== 'producer';
  return renderPage({
    actor: options.actor,
    title: 'Statistiques de validation des notices',
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[{ label: 'Accueil', href: '/' }, { label: 'Statistiques de validation des notices' }]}
        />
        <h1>Statistiques de validation des notices</h1>
        <p>
          Les éditeurs soumettent les notices de leurs ressources ; des experts valideurs les examinent et les
          valident, les refusent ou demandent des modifications. Une notice validée entre dans le catalogue.
          Le délai de décision court de la soumission de la version examinée à la décision.
        </p>
        <Totals totals={figures.totals} />
        <section class="fr-mb-6w" aria-labelledby="detail">
          <h2 id="detail">Détail {choice.label.toLowerCase()}</h2>
          <form method="get" action={STATISTICS_PATH} class="fr-mb-3w">
            <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
              <div class="fr-col-12 fr-col-sm-8 fr-col-md-6">
                <SelectField
                  id="par"
                  name="par"
                  label="Regrouper les notices"
                  options={dimensionChoices.map((c) => ({ value: c.param, label: c.label }))}
                  value={choice.param}
                  error={dimension.error}
                />
              </div>
              <div class="fr-col-12 fr-col-sm-4 fr-col-md-6">
                <button type="submit" class="fr-btn fr-mb-3w">
                  Afficher
                </button>
              </div>
            </div>
          </form>
          {several && (
            <p class="fr-text--sm">
              Une notice qui indique plusieurs {choice.by === 'type' ? 'types' : 'niveaux'} compte sous chacun
              d’eux : la somme des lignes dépasse alors le nombre de notices.
            </p>
          )}
          {rows.length === 0 ? (
            <p>Aucune notice n’a encore été soumise.</p>
          ) : (
            <>
              {/* Full width on a phone, narrower on a wide screen: the picture scales with it. */}
              <div class="fr-grid-row fr-mb-3w">
                <div class="fr-col-12 fr-col-md-9 fr-col-lg-7">
                  <StackedBarChart
                    id="graphique"
                    title={`Notices ${choice.label.toLowerCase()}, selon leur état${rows.length > CHART_ROWS ? ` (les ${CHART_ROWS} premiers sur ${rows.length})` : ''}`}
                    description={`Pour chaque ${choice.head.toLowerCase()}, le nombre de notices dans chaque état ; le tableau qui suit donne aussi les délais.`}
                    series={counted.map((column) => ({ label: column.label, colour: column.colour }))}
                    rows={shown.map((row) => ({
                      label: row.label,
                      values: counted.map((column) => row[column.key]),
                    }))}
                  />
                </div>
              </div>
              <ScrollableTable
                caption={`Notices ${choice.label.toLowerCase()} : états et délais de décision`}
                head={[choice.head, ...counted.map((column) => column.label), 'Total', ...durationHeads]}
              >
                {rows.map((row) => (
                  <tr>
                    <td>{row.label}</td>
                    {counted.map((column) => (
                      <td>{formatCount(row[column.key])}</td>
                    ))}
                    <td>{formatCount(row.total)}</td>
                    <td>{hoursText(row.median_hours)}</td>
                    <td>{hoursText(row.p90_hours)}</td>
                  </tr>
                ))}
              </ScrollableTable>
              <p>
                <a
                  class="fr-link fr-link--download"
                  href={`${STATISTICS_PATH}.csv?par=${choice.param}`}
                  download
                >
                  Télécharger ce tableau <span class="fr-link__detail">CSV, séparateur point-virgule</span>
                </a>
              </p>
            </>
          )}
        </section>
      </div>
    ),
  });
}
