// The academy and national dashboards of a campaign: consumption by establishment type and over time,
// as charts and as tables.
import type { Actor } from '../../../modules/accounts/actor.js';
import { establishmentTypeLabels, type EstablishmentType } from '../../../modules/funding/campaign-rules.js';
import type {
  ConsumptionRow,
  RemainderFigures,
  TimePoint,
} from '../../../modules/funding/dashboard.service.js';
import type { Campaign as CampaignRow } from '../../../modules/funding/campaign.service.js';
import { formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { BarChart, LineChart } from './charts.js';
import { Shell, Table, percent } from './funding-parts.js';

function ConsumptionSection({
  id,
  title,
  rows,
  first,
}: {
  id: string;
  title: string;
  rows: ConsumptionRow[];
  first: string;
}) {
  return (
    <section class="fr-mb-6w" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <BarChart
        id={`${id}-chart`}
        title={title}
        bars={rows.map((row) => ({ label: row.label, ratio: row.rate, text: percent(row.rate) }))}
      />
      <Table
        caption={title}
        head={[first, 'Dotation', 'Consommé', 'Taux']}
        rows={rows.map((row) => [
          row.label,
          formatMoney(row.allocatedCents),
          formatMoney(row.consumedCents),
          percent(row.rate),
        ])}
      />
    </section>
  );
}

function OverTime({ id, points }: { id: string; points: TimePoint[] }) {
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
      <Table
        caption="Consommation cumulée par jour"
        head={['Jour', 'Consommation cumulée']}
        rows={points.map((p) => [formatDate(p.day), formatMoney(p.consumedCents)])}
      />
    </section>
  );
}

export function renderAcademyDashboard(input: {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  campaign: CampaignRow;
  academy: { id: number; name: string };
  establishments: ConsumptionRow[];
  types: ConsumptionRow[];
  overTime: TimePoint[];
  remainder: RemainderFigures | null;
}): string {
  const types = input.types.map((t) => ({
    ...t,
    label:
      t.key === 'pool' ? 'mutualisations' : (establishmentTypeLabels[t.key as EstablishmentType] ?? t.key),
  }));
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
        <p>
          Consommé = commandes passées sur le droit de tirage, nettes des annulations et rejets, hors
          cofinancements.
        </p>
        <ConsumptionSection
          id="par-type"
          title="Consommation par type d’établissement"
          rows={types}
          first="Type"
        />
        <OverTime id="dans-le-temps" points={input.overTime} />
        <ConsumptionSection
          id="par-etablissement"
          title="Consommation par établissement"
          rows={input.establishments}
          first="Établissement"
        />
        {input.remainder && (
          <section class="fr-mb-6w" aria-labelledby="reliquat">
            <h2 id="reliquat">Reliquat de l’académie</h2>
            <Table
              caption="Reliquat de la campagne"
              head={['Mouvement', 'Montant']}
              rows={[
                [
                  'Reçu (droits rendus à la clôture, crédits tardifs, report)',
                  formatMoney(input.remainder.receivedCents),
                ],
                ['Réaffecté ou reporté', formatMoney(input.remainder.movedOutCents)],
                ['Disponible', formatMoney(input.remainder.availableCents)],
              ]}
            />
            {input.remainder.availableCents > 0 && (
              <p>
                <a
                  href={`/financement/campagnes/${input.campaign.id}/academies/${input.academy.id}#reliquat`}
                >
                  Réaffecter le reliquat
                </a>
              </p>
            )}
          </section>
        )}
      </Shell>
    ),
  });
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

function RatesOverTime({
  academies,
  byAcademy,
}: {
  academies: ConsumptionRow[];
  byAcademy: ReadonlyMap<string, TimePoint[]>;
}) {
  const days = sampleDays([...new Set([...byAcademy.values()].flat().map((p) => p.day))].sort());
  if (days.length === 0) return null;
  return (
    <section class="fr-mb-6w" aria-labelledby="taux-dans-le-temps">
      <h2 id="taux-dans-le-temps">Taux de consommation par académie dans le temps</h2>
      <Table
        caption="Taux de consommation cumulé par académie, à chaque date"
        head={['Académie', ...days.map((day) => formatDate(day))]}
        rows={academies.map((academy) => [
          academy.label,
          ...days.map((day) =>
            percent(
              academy.allocatedCents > 0
                ? consumedAt(byAcademy.get(academy.key) ?? [], day) / academy.allocatedCents
                : 0,
            ),
          ),
        ])}
      />
    </section>
  );
}

export function renderNationalDashboard(input: {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  campaign: CampaignRow;
  academies: ConsumptionRow[];
  overTime: TimePoint[];
  overTimeByAcademy?: ReadonlyMap<string, TimePoint[]>;
}): string {
  const withRights = input.academies.filter((a) => a.allocatedCents > 0);
  const rates = withRights.map((a) => a.rate);
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
            : 'Aucune dotation publiée pour le moment.'}
        </p>
        <ConsumptionSection
          id="par-academie"
          title="Consommation par académie"
          rows={input.academies}
          first="Académie"
        />
        <OverTime id="dans-le-temps" points={input.overTime} />
        {input.overTimeByAcademy && (
          <RatesOverTime academies={withRights} byAcademy={input.overTimeByAcademy} />
        )}
      </Shell>
    ),
  });
}
