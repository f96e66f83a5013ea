// The public statistics pages (/statistiques…): each one a server-rendered SVG chart (the funding
// dashboards' BarChart, shared) beside the accessible table of the same figures, the CSV and JSON of
// that table, and a period filter (a plain GET form: no JavaScript needed).
import type { ComponentChildren } from 'preact';
import type { Actor } from '../../../modules/accounts/actor.js';
import { canChangePublication } from '../../../modules/statistics/statistics.policy.js';
import type {
  ConsumptionView,
  PeriodChoice,
  PublishedSpending,
  RatingsView,
  StatsRow,
} from '../../../modules/statistics/statistics.service.js';
import { Breadcrumb } from '../../breadcrumb.js';
import { SelectField, TextField } from '../../components/form-fields.js';
import { formatCount, formatMoney, shortLabel } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Alert, CsrfField, FlashAlerts, type Flash } from '../../page-kit.js';
import { BarChart } from '../funding/charts.js';
import { Downloads, formatRate, TableView, type StatsTable } from './statistics-table.js';

export const STATISTICS_HOME = '/statistiques';

/** The orders pages, one per grouping: path segment, API `by`, titles. */
export const orderPages = [
  { slug: 'type', by: 'type', title: 'Commandes par type de ressource', head: 'Type de ressource' },
  { slug: 'niveau', by: 'level', title: 'Commandes par niveau', head: 'Niveau' },
  { slug: 'discipline', by: 'discipline', title: 'Commandes par discipline', head: 'Discipline' },
  { slug: 'academie', by: 'academy', title: 'Commandes par académie', head: 'Académie' },
  { slug: 'producteur', by: 'producer', title: 'Commandes par producteur', head: 'Producteur' },
  { slug: 'mois', by: 'month', title: 'Commandes mois par mois', head: 'Mois' },
] as const;
export type OrderPage = (typeof orderPages)[number];

export interface PeriodForm {
  from: string;
  to: string;
  errors: { from?: string | undefined; to?: string | undefined };
}

export const periodQuery = (period: { from?: string | undefined; to?: string | undefined }) => {
  const params = new URLSearchParams();
  if (period.from) params.set('from', period.from);
  if (period.to) params.set('to', period.to);
  const text = params.toString();
  return text ? `?${text}` : '';
};

function Shell(props: {
  actor: Actor | undefined;
  title: string;
  intro?: ComponentChildren;
  children: ComponentChildren;
}) {
  return renderPage({
    actor: props.actor,
    title: props.title,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Statistiques', href: STATISTICS_HOME },
            { label: props.title },
          ]}
        />
        <h1>{props.title}</h1>
        {props.intro}
        {props.children}
      </div>
    ),
  });
}

/** Whether the form's period (a day stands for its month) is this choice. */
const isChoice = (period: PeriodForm, choice: PeriodChoice) =>
  period.from.slice(0, 7) === (choice.from ?? '') && period.to.slice(0, 7) === (choice.to ?? '');

/**
 * The period filter, without JavaScript: links to the periods kept ready (the whole history, school
 * years, calendar years), then a GET form for any other range of months.
 */
function PeriodFilter({
  action,
  period,
  choices,
  keep,
  extra,
}: {
  action: string;
  period: PeriodForm;
  choices: readonly PeriodChoice[];
  /** Other parameters of the page that a shortcut keeps (the academy of the spending page). */
  keep?: Record<string, string>;
  extra?: ComponentChildren;
}) {
  const hrefOf = (choice: PeriodChoice) => {
    const params = new URLSearchParams(keep);
    if (choice.from) params.set('from', choice.from);
    if (choice.to) params.set('to', choice.to);
    const text = params.toString();
    return text ? `${action}?${text}` : action;
  };
  return (
    <>
      <nav aria-labelledby="periodes-titre" class="fr-mb-2w">
        <p id="periodes-titre" class="fr-mb-1w">
          Afficher une période
        </p>
        <ul class="fr-tags-group">
          {choices.map((choice) => (
            <li>
              <a
                class="fr-tag"
                href={hrefOf(choice)}
                aria-current={isChoice(period, choice) ? 'page' : undefined}
              >
                {choice.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={action} class="fr-mb-4w">
        <fieldset class="fr-fieldset" aria-describedby="periode-aide">
          <legend class="fr-fieldset__legend">Autre période (mois entiers, heure de Paris)</legend>
          <p id="periode-aide" class="fr-fieldset__element fr-text--sm fr-mb-1w">
            De mois à mois inclus, par exemple de 2025-03 à 2025-10. Une année scolaire va de septembre à
            août.
          </p>
          <div class="fr-fieldset__element fr-col-12 fr-col-sm-6 fr-col-md-4">
            <TextField
              id="from"
              name="from"
              label="Du mois"
              hint="Format AAAA-MM, par exemple 2026-01"
              value={period.from}
              required={false}
              error={period.errors.from}
            />
          </div>
          <div class="fr-fieldset__element fr-col-12 fr-col-sm-6 fr-col-md-4">
            <TextField
              id="to"
              name="to"
              label="Au mois"
              hint="Format AAAA-MM, inclus"
              value={period.to}
              required={false}
              error={period.errors.to}
            />
          </div>
          {extra}
          <div class="fr-fieldset__element">
            <button type="submit" class="fr-btn">
              Afficher
            </button>
          </div>
        </fieldset>
      </form>
    </>
  );
}

/** The chart and its table side by side on a wide screen, one under the other on a phone. */
function ChartAndTable(props: { chart: ComponentChildren; table: StatsTable; csv: string; json: string }) {
  return (
    <div class="fr-grid-row fr-grid-row--gutters fr-mb-4w">
      <div class="fr-col-12 fr-col-lg-6">{props.chart}</div>
      <div class="fr-col-12 fr-col-lg-6">
        <TableView table={props.table} />
        <Downloads csv={props.csv} json={props.json} />
      </div>
    </div>
  );
}

const CHART_ROWS = 15;

function bars(rows: readonly { label: string; value: number }[], text: (value: number) => string) {
  const max = Math.max(1, ...rows.map((row) => row.value));
  return rows
    .slice(0, CHART_ROWS)
    .map((row) => ({ label: row.label, ratio: row.value / max, text: text(row.value) }));
}

// ---- The index ----

export function renderStatisticsIndex(options: { actor: Actor | undefined; ratings: boolean }): string {
  const links: { href: string; title: string; text: string }[] = [
    ...orderPages.map((page) => ({
      href: `${STATISTICS_HOME}/commandes/${page.slug}`,
      title: page.title,
      text:
        page.by === 'month'
          ? 'Le nombre de commandes et leur montant, mois après mois.'
          : `Commandes, lignes, établissements et montants ${page.title.slice('Commandes '.length)}.`,
    })),
    {
      href: `${STATISTICS_HOME}/consommation`,
      title: 'Consommation des droits de tirage par académie',
      text: 'Les dotations allouées et ce que les commandes en ont consommé, académie par académie.',
    },
    {
      href: `${STATISTICS_HOME}/meilleures-ventes`,
      title: 'Meilleures ventes',
      text: 'Les ressources les plus commandées, et celles achetées par le plus d’établissements.',
    },
    ...(options.ratings
      ? [
          {
            href: `${STATISTICS_HOME}/notes`,
            title: 'Répartition des notes',
            text: 'Combien d’avis publiés donnent chaque note, de 1 à 5.',
          },
        ]
      : []),
    {
      href: `${STATISTICS_HOME}/etablissements`,
      title: 'Dépenses par établissement',
      text: 'Publiées seulement si l’administration nationale l’a décidé.',
    },
    {
      href: `${STATISTICS_HOME}/notices`,
      title: 'Statistiques de validation des notices',
      text: 'Notices soumises, validées, refusées, et les délais de décision.',
    },
  ];
  return Shell({
    actor: options.actor,
    title: 'Statistiques publiques',
    intro: (
      <p>
        Ce que le catalogue a permis d’acheter, avec quel argent public et comment il est consommé, en
        chiffres ouverts à tous, sans connexion. Chaque page donne un graphique, le même tableau de chiffres,
        et ce tableau en CSV et en JSON. Les chiffres sont calculés à chaque consultation à partir des
        commandes et du grand livre des droits de tirage : une commande annulée ou refusée par son éditeur n’y
        compte plus.
      </p>
    ),
    children: (
      <>
        <ul class="fr-grid-row fr-grid-row--gutters ccr-plain-list">
          {links.map((link) => (
            <li class="fr-col-12 fr-col-md-6">
              <div class="fr-card fr-enlarge-link">
                <div class="fr-card__body">
                  <div class="fr-card__content">
                    <h2 class="fr-card__title">
                      <a href={link.href}>{link.title}</a>
                    </h2>
                    <p class="fr-card__desc">{link.text}</p>
                  </div>
                </div>
              </div>
            </li>
          ))}
        </ul>
        {canChangePublication(options.actor) && (
          <p class="fr-mt-4w">
            <a class="fr-link" href={`${STATISTICS_HOME}/publication`}>
              Choisir ce qui est publié
            </a>
          </p>
        )}
        <p class="fr-mt-4w">
          Pour les réutilisateurs : l’API <code>GET /api/stats/orders?by=…&amp;from=…&amp;to=…</code> (décrite
          dans <a href="/api/openapi.json">le document OpenAPI</a>).
        </p>
      </>
    ),
  });
}

// ---- Orders by a dimension ----

export function ordersTable(page: OrderPage, rows: readonly StatsRow[]): StatsTable {
  return {
    caption: page.title,
    columns: [
      { key: 'label', head: page.head, kind: 'text' },
      { key: 'orders', head: 'Commandes', kind: 'count' },
      { key: 'lines', head: 'Lignes', kind: 'count' },
      { key: 'establishments', head: 'Établissements', kind: 'count' },
      { key: 'amount_cents', head: 'Montant', kind: 'cents' },
    ],
    rows: rows.map((row) => ({
      key: row.key,
      label:
        page.by === 'level' || page.by === 'type' || page.by === 'discipline'
          ? shortLabel(row.label)
          : row.label,
      orders: row.orders,
      lines: row.lines,
      establishments: row.establishments,
      amount_cents: row.amount_cents,
    })),
  };
}

export function renderOrdersPage(options: {
  actor: Actor | undefined;
  page: OrderPage;
  rows: readonly StatsRow[];
  period: PeriodForm;
  choices: readonly PeriodChoice[];
  status: number;
}): string {
  const { page, period } = options;
  const table = ordersTable(page, options.rows);
  const api = `/api/stats/orders?by=${page.by}${periodQuery(options.status === 200 ? period : {}).replace('?', '&')}`;
  const multiValued = page.by === 'type' || page.by === 'level' || page.by === 'discipline';
  return Shell({
    actor: options.actor,
    title: page.title,
    intro: (
      <p>
        Commandes passées avec le droit de tirage, sans les lignes annulées ni refusées par leur éditeur. Une
        commande compte une fois par {page.head.toLowerCase()} dont elle a au moins une ligne ; un
        établissement aussi.
        {multiValued &&
          ' Une ressource qui relève de plusieurs valeurs compte sous chacune : la somme des lignes dépasse alors le total.'}
      </p>
    ),
    children: (
      <>
        <PeriodFilter
          action={`${STATISTICS_HOME}/commandes/${page.slug}`}
          period={period}
          choices={options.choices}
        />
        {options.status !== 200 ? (
          <Alert kind="error" title="La période n’est pas valide : corrigez-la ci-dessus." />
        ) : table.rows.length === 0 ? (
          <p>Aucune commande sur cette période.</p>
        ) : (
          <ChartAndTable
            chart={
              <BarChart
                id="graphique"
                title={`${page.title}, montant${table.rows.length > CHART_ROWS ? ` (les ${CHART_ROWS} premiers sur ${table.rows.length})` : ''}`}
                bars={bars(
                  table.rows.map((row) => ({ label: String(row.label), value: Number(row.amount_cents) })),
                  formatMoney,
                )}
              />
            }
            table={table}
            csv={`${api}&format=csv`}
            json={api}
          />
        )}
      </>
    ),
  });
}

// ---- Consumption per academy ----

export function consumptionTable(view: ConsumptionView): StatsTable {
  return {
    caption: 'Consommation des droits de tirage par académie',
    columns: [
      { key: 'label', head: 'Académie', kind: 'text' },
      { key: 'allocated_cents', head: 'Dotation allouée', kind: 'cents' },
      { key: 'consumed_cents', head: 'Consommé', kind: 'cents' },
      { key: 'rate', head: 'Taux de consommation', kind: 'rate' },
    ],
    rows: [...view.rows.map((row) => ({ ...row })), { key: 'total', label: 'Total', ...view.total }],
  };
}

export function renderConsumptionPage(options: {
  actor: Actor | undefined;
  view: ConsumptionView;
  status: number;
}) {
  const { view } = options;
  const table = consumptionTable(view);
  const query = view.campaignId === null ? '' : `?campagne=${view.campaignId}`;
  return Shell({
    actor: options.actor,
    title: 'Consommation des droits de tirage par académie',
    intro: (
      <p>
        Comme le tableau du rapport d’inspection de 2012 : pour chaque académie, les dotations allouées aux
        établissements (modulations comprises), ce que leurs commandes en ont consommé (annulations et refus
        remboursés déduits, part des cofinanceurs exclue) et le taux de consommation.
      </p>
    ),
    children: (
      <>
        <form method="get" action={`${STATISTICS_HOME}/consommation`} class="fr-mb-4w">
          <SelectField
            id="campagne"
            name="campagne"
            label="Campagne"
            options={view.campaigns.map((c) => ({ value: String(c.id), label: c.name }))}
            value={view.campaignId === null ? undefined : String(view.campaignId)}
            error={options.status === 200 ? undefined : 'Cette campagne n’existe pas : choisissez-en une.'}
          />
          <button type="submit" class="fr-btn">
            Afficher
          </button>
        </form>
        {view.rows.length === 0 ? (
          <p>Aucune dotation n’est encore publiée pour cette campagne.</p>
        ) : (
          <ChartAndTable
            chart={
              <BarChart
                id="graphique"
                title="Taux de consommation par académie"
                bars={view.rows.slice(0, 40).map((row) => ({
                  label: row.label,
                  ratio: row.rate ?? 0,
                  text: formatRate(row.rate),
                }))}
              />
            }
            table={table}
            csv={`${STATISTICS_HOME}/consommation.csv${query}`}
            json={`${STATISTICS_HOME}/consommation.json${query}`}
          />
        )}
      </>
    ),
  });
}

// ---- Best sellers ----

export function bestSellersTable(caption: string, rows: readonly StatsRow[]): StatsTable {
  return {
    caption,
    columns: [
      { key: 'rank', head: 'Rang', kind: 'count' },
      { key: 'label', head: 'Ressource', kind: 'text' },
      { key: 'orders', head: 'Commandes', kind: 'count' },
      { key: 'establishments', head: 'Établissements', kind: 'count' },
      { key: 'amount_cents', head: 'Montant', kind: 'cents' },
    ],
    rows: rows.map((row, index) => ({
      rank: index + 1,
      key: row.key,
      label: row.label,
      orders: row.orders,
      establishments: row.establishments,
      amount_cents: row.amount_cents,
    })),
  };
}

export function renderBestSellersPage(options: {
  actor: Actor | undefined;
  byOrders: readonly StatsRow[];
  byEstablishments: readonly StatsRow[];
  period: PeriodForm;
  choices: readonly PeriodChoice[];
  status: number;
}) {
  const query = periodQuery(options.status === 200 ? options.period : {});
  const sections = [
    {
      id: 'commandes',
      title: 'Les plus commandées',
      rows: options.byOrders,
      value: (row: StatsRow) => row.orders,
      unit: 'commande',
      rank: 'commandes',
    },
    {
      id: 'etablissements',
      title: 'Achetées par le plus d’établissements',
      rows: options.byEstablishments,
      value: (row: StatsRow) => row.establishments,
      unit: 'établissement',
      rank: 'etablissements',
    },
  ];
  return Shell({
    actor: options.actor,
    title: 'Meilleures ventes',
    intro: (
      <p>Les vingt ressources les plus commandées, puis celles qu’ont achetées le plus d’établissements.</p>
    ),
    children: (
      <>
        <PeriodFilter
          action={`${STATISTICS_HOME}/meilleures-ventes`}
          period={options.period}
          choices={options.choices}
        />
        {options.status !== 200 && (
          <Alert kind="error" title="La période n’est pas valide : corrigez-la ci-dessus." />
        )}
        {sections.map((section) => (
          <section aria-labelledby={section.id}>
            <h2 id={section.id}>{section.title}</h2>
            {section.rows.length === 0 ? (
              <p>Aucune commande sur cette période.</p>
            ) : (
              <ChartAndTable
                chart={
                  <BarChart
                    id={`graphique-${section.id}`}
                    title={`${section.title}`}
                    bars={bars(
                      section.rows.map((row) => ({ label: row.label, value: section.value(row) })),
                      (value) => `${formatCount(value)} ${section.unit}${value > 1 ? 's' : ''}`,
                    )}
                  />
                }
                table={bestSellersTable(section.title, section.rows)}
                csv={`${STATISTICS_HOME}/meilleures-ventes/${section.rank}.csv${query}`}
                json={`${STATISTICS_HOME}/meilleures-ventes/${section.rank}.json${query}`}
              />
            )}
          </section>
        ))}
      </>
    ),
  });
}

// ---- Ratings ----

export function ratingsTable(view: RatingsView): StatsTable {
  return {
    caption: 'Répartition des notes des avis publiés',
    columns: [
      { key: 'label', head: 'Note', kind: 'text' },
      { key: 'reviews', head: 'Avis', kind: 'count' },
      { key: 'resources', head: 'Ressources notées', kind: 'count' },
    ],
    rows: view.rows.map((row) => ({
      key: String(row.rating),
      label: `${row.rating} sur 5`,
      reviews: row.reviews,
      resources: row.resources,
    })),
  };
}

export function renderRatingsPage(options: { actor: Actor | undefined; view: RatingsView }) {
  const table = ratingsTable(options.view);
  return Shell({
    actor: options.actor,
    title: 'Répartition des notes',
    intro: (
      <p>
        Les notes de 1 à 5 que les enseignants donnent aux ressources, avis masqués par la modération exclus.
      </p>
    ),
    children: (
      <ChartAndTable
        chart={
          <BarChart
            id="graphique"
            title="Nombre d’avis publiés par note"
            bars={bars(
              options.view.rows.map((row) => ({ label: `${row.rating} sur 5`, value: row.reviews })),
              (value) => `${formatCount(value)} avis`,
            )}
          />
        }
        table={table}
        csv={`${STATISTICS_HOME}/notes.csv`}
        json={`${STATISTICS_HOME}/notes.json`}
      />
    ),
  });
}

// ---- Each establishment's spending (when published) ----

export function spendingTable(view: PublishedSpending): StatsTable {
  return {
    caption: 'Dépenses par établissement',
    columns: [
      { key: 'uai', head: 'UAI', kind: 'text' },
      { key: 'name', head: 'Établissement', kind: 'text' },
      { key: 'academy', head: 'Académie', kind: 'text' },
      { key: 'orders', head: 'Commandes', kind: 'count' },
      { key: 'lines', head: 'Lignes', kind: 'count' },
      { key: 'amount_cents', head: 'Montant', kind: 'cents' },
    ],
    rows: view.rows.map((row) => ({ ...row })),
  };
}

export function renderSpendingPage(options: {
  actor: Actor | undefined;
  view: PublishedSpending;
  academies: { id: number; name: string }[];
  academyId: number | undefined;
  period: PeriodForm;
  choices: readonly PeriodChoice[];
  status: number;
}) {
  const { view } = options;
  const params = new URLSearchParams();
  if (options.status === 200) {
    if (options.period.from) params.set('from', options.period.from);
    if (options.period.to) params.set('to', options.period.to);
  }
  if (options.academyId !== undefined) params.set('academie', String(options.academyId));
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(page));
    return `${STATISTICS_HOME}/etablissements?${next.toString()}`;
  };
  const downloadQuery = params.toString() ? `?${params.toString()}&page=${view.page}` : `?page=${view.page}`;
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  return Shell({
    actor: options.actor,
    title: 'Dépenses par établissement',
    children: !view.published ? (
      <p>
        L’administration nationale n’a pas choisi de publier les dépenses de chaque établissement. Les autres
        statistiques restent publiques : voir <a href={STATISTICS_HOME}>toutes les statistiques</a>.
      </p>
    ) : (
      <>
        <p>
          Les commandes de chaque établissement, sans les lignes annulées ni refusées, la plus forte dépense
          d’abord.
        </p>
        <PeriodFilter
          action={`${STATISTICS_HOME}/etablissements`}
          period={options.period}
          choices={options.choices}
          keep={options.academyId === undefined ? {} : { academie: String(options.academyId) }}
          extra={
            <div class="fr-fieldset__element fr-col-12 fr-col-md-4">
              <SelectField
                id="academie"
                name="academie"
                label="Académie"
                options={[
                  { value: '', label: 'Toutes les académies' },
                  ...options.academies.map((a) => ({ value: String(a.id), label: a.name })),
                ]}
                value={options.academyId === undefined ? '' : String(options.academyId)}
              />
            </div>
          }
        />
        {options.status !== 200 && (
          <Alert kind="error" title="La période n’est pas valide : corrigez-la ci-dessus." />
        )}
        {view.rows.length === 0 ? (
          <p>Aucune dépense sur cette période.</p>
        ) : (
          <>
            <ChartAndTable
              chart={
                <BarChart
                  id="graphique"
                  title={`Les plus fortes dépenses (page ${view.page} sur ${pages})`}
                  bars={bars(
                    view.rows.map((row) => ({ label: `${row.name} (${row.uai})`, value: row.amount_cents })),
                    formatMoney,
                  )}
                />
              }
              table={spendingTable(view)}
              csv={`${STATISTICS_HOME}/etablissements.csv${downloadQuery}`}
              json={`${STATISTICS_HOME}/etablissements.json${downloadQuery}`}
            />
            <nav role="navigation" class="fr-pagination" aria-label="Pagination">
              <ul class="fr-pagination__list">
                {view.page > 1 && (
                  <li>
                    <a class="fr-pagination__link fr-pagination__link--prev" href={pageLink(view.page - 1)}>
                      Page précédente
                    </a>
                  </li>
                )}
                <li>
                  <a class="fr-pagination__link" aria-current="page">
                    Page {view.page} sur {pages}
                  </a>
                </li>
                {view.page < pages && (
                  <li>
                    <a class="fr-pagination__link fr-pagination__link--next" href={pageLink(view.page + 1)}>
                      Page suivante
                    </a>
                  </li>
                )}
              </ul>
            </nav>
          </>
        )}
      </>
    ),
  });
}

// ---- The national administration's choice ----

export function renderPublicationPage(options: {
  actor: Actor;
  csrfToken: string | undefined;
  publish: boolean;
  flash: Flash;
}) {
  return Shell({
    actor: options.actor,
    title: 'Ce qui est publié',
    children: (
      <>
        <FlashAlerts flash={options.flash} />
        <form method="post" action={`${STATISTICS_HOME}/publication`}>
          <CsrfField token={options.csrfToken} />
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">Dépenses de chaque établissement</legend>
            <div class="fr-fieldset__element">
              <div class="fr-checkbox-group">
                <input type="checkbox" id="publier" name="publier" value="oui" checked={options.publish} />
                <label class="fr-label" for="publier">
                  Publier les dépenses de chaque établissement
                  <span class="fr-hint-text">
                    Sans cela, les statistiques publiques ne donnent que des totaux (académie, type, niveau…),
                    jamais un établissement.
                  </span>
                </label>
              </div>
            </div>
            <div class="fr-fieldset__element">
              <button type="submit" class="fr-btn">
                Enregistrer
              </button>
            </div>
          </fieldset>
        </form>
      </>
    ),
  });
}
