// The academy and national dashboards of a campaign: consumption by establishment type and over time,
// as charts and as tables. Each table is built once (dashboardTables) and shown twice: on the page and
// as a CSV file for spreadsheets (a link under the table), so the two never disagree.
import type { Actor } from '../../../modules/accounts/actor.js';
import { establishmentTypeLabels, type EstablishmentType } from '../../../modules/funding/campaign-rules.js';
import type {
  AcademyConsumptionRow,
  ConsumptionRow,
  RemainderFigures,
  TimePoint,
} from '../../../modules/funding/dashboard.service.js';
import type { Campaign as CampaignRow } from '../../../modules/funding/campaign.service.js';
import { csvEuros, toCsv } from '../../csv.js';
import { formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { BarChart, LineChart } from './charts.js';
import { MoneyTerms, Shell, Table, percent } from './funding-parts.js';

// ---- Tables, for the page and for CSV ----

/** text: as is; money: integer cents; rate: a ratio (0.25); day: an ISO date. */
export interface DashboardColumn {
  label: string;
  kind: 'text' | 'money' | 'rate' | 'day';
}

export interface DashboardTable {
  /** Its anchor on the page and the name of its CSV file. */
  slug: string;
  caption: string;
  columns: DashboardColumn[];
  rows: (string | number)[][];
}

const ESTABLISHMENT_ALLOCATIONS = 'Dotations d’établissement';

function consumptionTable(
  slug: string,
  caption: string,
  first: string,
  rows: ConsumptionRow[],
  allocatedLabel = ESTABLISHMENT_ALLOCATIONS,
): DashboardTable {
  return {
    slug,
    caption,
    columns: [
      { label: first, kind: 'text' },
      { label: allocatedLabel, kind: 'money' },
      { label: 'Consommé', kind: 'money' },
      { label: 'Taux', kind: 'rate' },
    ],
    rows: rows.map((row) => [row.label, row.allocatedCents, row.consumedCents, row.rate]),
  };
}

function overTimeTable(points: TimePoint[]): DashboardTable {
  return {
    slug: 'dans-le-temps',
    caption: 'Consommation cumulée par jour',
    columns: [
      { label: 'Jour', kind: 'day' },
      { label: 'Consommation cumulée', kind: 'money' },
    ],
    rows: points.map((p) => [p.day, p.consumedCents]),
  };
}

/** What the academy dashboard shows: the service's figures and the academy. */
export interface AcademyDashboardData {
  campaign: CampaignRow;
  academy: { id: number; code: string; name: string };
  /** The academy's dotation (its share of the national envelope); null when it does not take part. */
  shareCents: number | null;
  establishments: ConsumptionRow[];
  types: ConsumptionRow[];
  overTime: TimePoint[];
  remainder: RemainderFigures | null;
}

export function academyDashboardTables(input: AcademyDashboardData): DashboardTable[] {
  const types = input.types.map((t) => ({
    ...t,
    label:
      t.key === 'pool' ? 'mutualisations' : (establishmentTypeLabels[t.key as EstablishmentType] ?? t.key),
  }));
  const tables = [
    consumptionTable('par-type', 'Consommation par type d’établissement', 'Type', types),
    overTimeTable(input.overTime),
    consumptionTable(
      'par-etablissement',
      'Consommation par établissement',
      'Établissement',
      input.establishments,
      'Dotation de l’établissement',
    ),
  ];
  if (input.remainder) {
    tables.push({
      slug: 'reliquat',
      caption: 'Reliquat de la campagne',
      columns: [
        { label: 'Mouvement', kind: 'text' },
        { label: 'Montant', kind: 'money' },
      ],
      rows: [
        ['Reçu (droits rendus à la clôture, crédits tardifs, report)', input.remainder.receivedCents],
        ['Réaffecté ou reporté', input.remainder.movedOutCents],
        ['Disponible', input.remainder.availableCents],
      ],
    });
  }
  return tables;
}

/** What the national dashboard shows. */
export interface NationalDashboardData {
  campaign: CampaignRow;
  academies: AcademyConsumptionRow[];
  overTime: TimePoint[];
  overTimeByAcademy?: ReadonlyMap<string, TimePoint[]>;
}

/** Up to `count` dates spread over the days that have consumption, the last one always included. */
export function sampleDays(days: readonly string[], count = 6): string[] {
  if (days.length <= count) return [...days];
  return Array.from({ length: count }, (_, i) => days[Math.round((i * (days.length - 1)) / (count - 1))]!);
}

/** Cumulative consumption of an academy at a day: the last point on or before it. */
function consumedAt(points: readonly TimePoint[], day: string): number {
  let value = 0;
  for (const point of points) if (point.day <= day) value = point.consumedCents;
  return value;
}

export function nationalDashboardTables(input: NationalDashboardData): DashboardTable[] {
  const tables: DashboardTable[] = [
    {
      slug: 'par-academie',
      caption: 'Consommation par académie',
      columns: [
        { label: 'Académie', kind: 'text' },
        { label: 'Dotation de l’académie', kind: 'money' },
        { label: ESTABLISHMENT_ALLOCATIONS, kind: 'money' },
        { label: 'Consommé', kind: 'money' },
        { label: 'Taux', kind: 'rate' },
      ],
      rows: input.academies.map((row) => [
        row.label,
        row.shareCents,
        row.allocatedCents,
        row.consumedCents,
        row.rate,
      ]),
    },
    overTimeTable(input.overTime),
  ];
  const byAcademy = input.overTimeByAcademy;
  const days = byAcademy
    ? sampleDays([...new Set([...byAcademy.values()].flat().map((p) => p.day))].sort())
    : [];
  if (byAcademy && days.length > 0) {
    const withRights = input.academies.filter((a) => a.allocatedCents > 0);
    tables.push({
      slug: 'taux-dans-le-temps',
      caption: 'Taux de consommation cumulé par académie, à chaque date',
      columns: [
        { label: 'Académie', kind: 'text' },
        ...days.map((day) => ({ label: day, kind: 'rate' as const })),
      ],
      rows: withRights.map((academy) => [
        academy.label,
        ...days.map((day) => consumedAt(byAcademy.get(academy.key) ?? [], day) / academy.allocatedCents),
      ]),
    });
  }
  return tables;
}

/**
 * A table as a CSV file: amounts in euros and rates in percent (the unit in the column's name), days
 * as ISO dates, which spreadsheets read as dates.
 */
export function dashboardCsv(table: DashboardTable): string {
  const unit = { text: '', day: '', money: ' (euros)', rate: ' (%)' };
  return toCsv(
    table.columns.map((column) => `${column.label}${unit[column.kind]}`),
    table.rows.map((row) =>
      row.map((cell, index) => {
        const kind = table.columns[index]!.kind;
        if (kind === 'money') return csvEuros(Number(cell));
        if (kind === 'rate') return Math.round(Number(cell) * 1000) / 10;
        return String(cell);
      }),
    ),
  );
}

function cellText(kind: DashboardColumn['kind'], cell: string | number): string {
  if (kind === 'money') return formatMoney(Number(cell));
  if (kind === 'rate') return percent(Number(cell));
  if (kind === 'day') return formatDate(String(cell));
  return String(cell);
}

/** The table on the page, with the link to its CSV file under it. */
function TableWithCsv({ table, base }: { table: DashboardTable; base: string }) {
  return (
    <>
      <Table
        caption={table.caption}
        head={table.columns.map((column) => column.label)}
        rows={table.rows.map((row) => row.map((cell, index) => cellText(table.columns[index]!.kind, cell)))}
      />
      <p class="fr-mt-n2w">
        <a class="fr-link fr-link--download" href={`${base}/tableau-de-bord/${table.slug}.csv`} download>
          Télécharger le tableau « {table.caption} »{' '}
          <span class="fr-link__detail">CSV, séparateur point-virgule</span>
        </a>
      </p>
    </>
  );
}

function ConsumptionSection({
  id,
  title,
  table,
  base,
}: {
  id: string;
  title: string;
  table: DashboardTable;
  base: string;
}) {
  return (
    <section class="fr-mb-6w" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <BarChart
        id={`${id}-chart`}
        title={title}
        bars={table.rows.map((row) => ({
          label: String(row[0]),
          ratio: Number(row[row.length - 1]),
          text: percent(Number(row[row.length - 1])),
        }))}
      />
      <TableWithCsv table={table} base={base} />
    </section>
  );
}

function OverTime({
  id,
  points,
  table,
  base,
}: {
  id: string;
  points: TimePoint[];
  table: DashboardTable;
  base: string;
}) {
  return (
    <section class="fr-mb-6w" aria-labelledby={id}>
      <h2 id={id}>Consommation cumulée dans le temps</h2>
      <LineChart
        id={`${id}-chart`}
        title="Consommation cumulée par jour"
        points={points.map((p) => ({ day: p.day, y: p.consumedCents }))}
        format={formatMoney}
        formatDay={formatDate}
      />
      <TableWithCsv table={table} base={base} />
    </section>
  );
}

const CONSUMED_MEANS =
  'Consommé = commandes passées sur le droit de tirage, nettes des annulations et rejets, hors cofinancements. Taux = consommé ÷ dotations d’établissement.';

export function renderAcademyDashboard(
  input: AcademyDashboardData & {
    /** The signed-in user, for the header's account links. */
    actor?: Actor | undefined;
    /** Whether the user manages the academy: the inspection reads the dashboard, with no action. */
    canManage: boolean;
  },
): string {
  const [types, overTime, establishments, remainder] = academyDashboardTables(input);
  const base = `/financement/campagnes/${input.campaign.id}/academies/${input.academy.id}`;
  const allocated = input.establishments.reduce((sum, row) => sum + row.allocatedCents, 0);
  return renderPage({
    actor: input.actor,
    title: `Tableau de bord – ${input.academy.name}`,
    children: (
      <Shell
        title={`Tableau de bord de l’académie ${input.academy.name}`}
        crumbs={[
          { label: input.campaign.name, href: `/financement/campagnes/${input.campaign.id}` },
          { label: 'Tableau de bord' },
        ]}
        flash={{}}
      >
        <ul>
          <li>
            Dotation de l’académie :{' '}
            {input.shareCents === null
              ? 'l’académie ne participe pas à cette campagne'
              : formatMoney(input.shareCents)}
          </li>
          <li>Dotations d’établissement publiées : {formatMoney(allocated)}</li>
        </ul>
        <MoneyTerms />
        <p>{CONSUMED_MEANS}</p>
        {input.canManage && (
          <p>
            <a href={base}>Dotations de l’académie {input.academy.name} : bénéficiaires et modulations</a>
          </p>
        )}
        <ConsumptionSection
          id="par-type"
          title="Consommation par type d’établissement"
          table={types!}
          base={base}
        />
        <OverTime id="dans-le-temps" points={input.overTime} table={overTime!} base={base} />
        <ConsumptionSection
          id="par-etablissement"
          title="Consommation par établissement"
          table={establishments!}
          base={base}
        />
        {input.remainder && remainder && (
          <section class="fr-mb-6w" aria-labelledby="reliquat">
            <h2 id="reliquat">Reliquat de l’académie</h2>
            <TableWithCsv table={remainder} base={base} />
            {input.canManage && input.remainder.availableCents > 0 && (
              <p>
                <a href={`${base}#reliquat`}>Réaffecter le reliquat</a>
              </p>
            )}
          </section>
        )}
      </Shell>
    ),
  });
}

export function renderNationalDashboard(
  input: NationalDashboardData & {
    /** The signed-in user, for the header's account links. */
    actor?: Actor | undefined;
  },
): string {
  const withRights = input.academies.filter((a) => a.allocatedCents > 0);
  const rates = withRights.map((a) => a.rate);
  const [byAcademy, overTime, ratesOverTime] = nationalDashboardTables(input);
  const base = `/financement/campagnes/${input.campaign.id}`;
  return renderPage({
    actor: input.actor,
    title: `Tableau de bord national – ${input.campaign.name}`,
    children: (
      <Shell
        title={`Tableau de bord national : ${input.campaign.name}`}
        crumbs={[
          { label: input.campaign.name, href: `/financement/campagnes/${input.campaign.id}` },
          { label: 'Tableau de bord national' },
        ]}
        flash={{}}
      >
        <p>
          {rates.length > 0
            ? `Taux de consommation : de ${percent(Math.min(...rates))} à ${percent(Math.max(...rates))} selon l’académie (en 2012 : de 9,8 % à 72 %).`
            : 'Aucune dotation d’établissement publiée pour le moment.'}
        </p>
        <MoneyTerms />
        <p>{CONSUMED_MEANS}</p>
        <section class="fr-mb-6w" aria-labelledby="par-academie">
          <h2 id="par-academie">Consommation par académie</h2>
          <BarChart
            id="par-academie-chart"
            title="Consommation par académie"
            bars={input.academies.map((row) => ({
              label: row.label,
              ratio: row.rate,
              text: percent(row.rate),
            }))}
          />
          <TableWithCsv table={byAcademy!} base={base} />
        </section>
        <OverTime id="dans-le-temps" points={input.overTime} table={overTime!} base={base} />
        {ratesOverTime && (
          <section class="fr-mb-6w" aria-labelledby="taux-dans-le-temps">
            <h2 id="taux-dans-le-temps">Taux de consommation par académie dans le temps</h2>
            <TableWithCsv
              table={{
                ...ratesOverTime,
                // On the page, the dates are written out; the CSV keeps ISO dates spreadsheets read.
                columns: ratesOverTime.columns.map((column, index) =>
                  index === 0 ? column : { ...column, label: formatDate(column.label) },
                ),
              }}
              base={base}
            />
          </section>
        )}
      </Shell>
    ),
  });
}
