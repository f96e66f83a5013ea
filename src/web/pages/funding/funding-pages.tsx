// Pages of the funding module: campaigns (national administration), establishments import and
// allocation plan (academy staff), and the academy and national dashboards. French, DSFR, no script.
import { Breadcrumb } from '../../breadcrumb.js';
import type { ComponentChildren } from 'preact';
import type { Actor } from '../../../modules/accounts/actor.js';
import { CsrfField } from '../../../modules/accounts/csrf.js';
import type { AcademyPlanView } from '../../../modules/funding/allocation.service.js';
import {
  defaultBands,
  establishmentTypeLabels,
  secondaryTypes,
  type EstablishmentType,
} from '../../../modules/funding/campaign-rules.js';
import { campaignStatusLabels } from '../../../modules/funding/campaign.workflow.js';
import type {
  ConsumptionRow,
  RemainderFigures,
  TimePoint,
} from '../../../modules/funding/dashboard.service.js';
import type { CsvLineError } from '../../../modules/funding/establishments-csv.js';
import type { CampaignAcademyRow, CampaignRow } from '../../../modules/funding/funding.repository.js';
import { bandFieldName, MAX_BAND_ROWS, type SecondaryType } from '../../../modules/funding/funding.schema.js';
import type { AcademyShare } from '../../../modules/funding/split.js';
import { CheckboxField, CheckboxGroup, TextField } from '../../components/form-fields.js';
import { formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { BarChart, LineChart } from './charts.js';

export interface Flash {
  error?: string;
  /** Lines under the error; a line with href links to the field it is about. */
  details?: (string | { href: string; text: string })[] | undefined;
  success?: string;
}

function Alerts({ flash }: { flash: Flash }) {
  return (
    <>
      {flash.error && (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h2 class="fr-alert__title">{flash.error}</h2>
          {flash.details && flash.details.length > 0 && (
            <ul>
              {flash.details.map((line) => (
                <li>{typeof line === 'string' ? line : <a href={line.href}>{line.text}</a>}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {flash.success && (
        <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
          <p>{flash.success}</p>
        </div>
      )}
    </>
  );
}

function Shell({
  title,
  crumbs,
  flash,
  children,
}: {
  title: string;
  crumbs: { label: string; href?: string }[];
  flash: Flash;
  children: ComponentChildren;
}) {
  return (
    <div class="fr-container fr-py-4w">
      <Breadcrumb items={[{ label: 'Financement', href: '/financement/campagnes' }, ...crumbs]} />
      <h1>{title}</h1>
      <Alerts flash={flash} />
      {children}
    </div>
  );
}

function percent(ratio: number): string {
  return `${(ratio * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: ComponentChildren[][] }) {
  return (
    <div class="fr-table">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((cell) => (
              <th scope="col">{cell}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {row.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- Campaigns ----

export interface BandRowValues {
  upTo: string;
  amount: string;
}

/** The campaign form as typed (shown again after a refusal), and its errors by field id. */
export interface CampaignFormValues {
  name?: string;
  envelope?: string;
  deadline?: string;
  policy?: string;
  primary?: string;
  secondaryMin?: string;
  secondaryMax?: string;
  includePrivateContract?: boolean;
  coFundingAllowed?: boolean;
  academyIds?: number[];
  bands?: Partial<Record<SecondaryType, BandRowValues[]>> | undefined;
  errors?: Record<string, string>;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The 2012 bands as form rows: one list per secondary type. */
export function defaultBandRows(): Record<SecondaryType, BandRowValues[]> {
  return Object.fromEntries(
    secondaryTypes.map((type) => [
      type,
      defaultBands
        .filter((band) => band.types.includes(type))
        .map((band) => ({
          upTo: band.upToPupils === null ? '' : String(band.upToPupils),
          amount: String(band.amountCents / 100),
        })),
    ]),
  ) as Record<SecondaryType, BandRowValues[]>;
}

const campaignFieldNames: Record<string, string> = {
  name: 'Nom de la campagne',
  envelope: 'Enveloppe nationale',
  deadline: 'Date limite de commande',
  policy: 'Reliquats',
  primary: 'Montant par école',
  secondaryMin: 'Minimum par EPLE',
  secondaryMax: 'Maximum par EPLE',
  academies: 'Académies participantes',
};

/** "Collège, tranche 2, montant" for band-college-1-amount; the field's label otherwise. */
function campaignFieldName(id: string): string {
  const band = /^band-([a-z]+)-(\d+)-(upto|amount)$/.exec(id);
  if (band) {
    const type = capitalized(establishmentTypeLabels[band[1] as SecondaryType] ?? band[1]!);
    return `${type}, tranche ${Number(band[2]) + 1}, ${band[3] === 'upto' ? 'effectif' : 'montant'}`;
  }
  return campaignFieldNames[id] ?? id;
}

/** Links from the alert at the top of a form to each field in error, in the form's order. */
export function fieldErrorLinks(errors: Record<string, string>): { href: string; text: string }[] {
  return Object.entries(errors).map(([id, message]) => ({
    href: `#${id}`,
    text: `${campaignFieldName(id)} : ${message}`,
  }));
}

function BandFields({ values, errors }: { values: CampaignFormValues; errors: Record<string, string> }) {
  const defaults = defaultBandRows();
  return (
    <>
      {secondaryTypes.map((type) => {
        const typed = values.bands ? (values.bands[type] ?? []) : defaults[type];
        const rows = Array.from({ length: MAX_BAND_ROWS }, (_, i) => typed[i] ?? { upTo: '', amount: '' });
        const label = establishmentTypeLabels[type];
        return (
          <fieldset class="fr-fieldset" id={`tranches-${type}`} aria-labelledby={`tranches-${type}-legend`}>
            <legend class="fr-fieldset__legend" id={`tranches-${type}-legend`}>
              Tranches d’effectif : {label}
            </legend>
            {rows.map((row, index) => {
              const upTo = bandFieldName(type, index, 'upto');
              const amount = bandFieldName(type, index, 'amount');
              const which = <span class="fr-sr-only"> ({label})</span>;
              return (
                <div class="fr-fieldset__element">
                  <div class="fr-grid-row fr-grid-row--gutters">
                    <div class="fr-col-12 fr-col-sm-6">
                      <TextField
                        id={upTo}
                        name={upTo}
                        label={
                          <>
                            Tranche {index + 1} : jusqu’à (élèves){which}
                          </>
                        }
                        inputMode="numeric"
                        autocomplete="off"
                        required={false}
                        value={row.upTo}
                        error={errors[upTo]}
                      />
                    </div>
                    <div class="fr-col-12 fr-col-sm-6">
                      <TextField
                        id={amount}
                        name={amount}
                        label={
                          <>
                            Tranche {index + 1} : montant (euros){which}
                          </>
                        }
                        inputMode="decimal"
                        autocomplete="off"
                        required={false}
                        value={row.amount}
                        error={errors[amount]}
                      />
                    </div>
                  </div>
                </div>
              );
            })}
          </fieldset>
        );
      })}
    </>
  );
}

function academyOptions(academies: { id: number; name: string }[]) {
  return academies.map((academy) => ({ value: String(academy.id), label: academy.name }));
}

export function renderCampaignsPage(input: {
  actor: Actor;
  campaigns: CampaignRow[];
  academies: { id: number; code: string; name: string }[];
  canCreate: boolean;
  flash?: Flash;
  values?: CampaignFormValues;
}): string {
  const values = input.values ?? {};
  const errors = values.errors ?? {};
  const chosen = new Set((values.academyIds ?? []).map(String));
  const text = (
    id: string,
    label: string,
    value: string,
    extra: Partial<Parameters<typeof TextField>[0]> = {},
  ) => (
    <TextField
      id={id}
      name={id}
      label={label}
      value={value}
      autocomplete="off"
      error={errors[id]}
      {...extra}
    />
  );
  return renderPage({
    actor: input.actor,
    title: 'Campagnes de dotation',
    children: (
      <Shell title="Campagnes de dotation" crumbs={[{ label: 'Campagnes' }]} flash={input.flash ?? {}}>
        {input.campaigns.length === 0 ? (
          <p>Aucune campagne pour le moment.</p>
        ) : (
          <Table
            caption="Campagnes"
            head={['Campagne', 'État', 'Enveloppe', 'Date limite de commande']}
            rows={input.campaigns.map((c) => [
              <a href={`/financement/campagnes/${c.id}`}>{c.name}</a>,
              campaignStatusLabels[c.status],
              formatMoney(c.envelopeCents),
              formatDate(c.orderingDeadline),
            ])}
          />
        )}
        {input.canCreate && (
          <section class="fr-mt-6w" aria-labelledby="nouvelle-campagne">
            <h2 id="nouvelle-campagne">Nouvelle campagne</h2>
            <form method="post" action="/financement/campagnes" class="ccr-narrow" novalidate>
              <CsrfField actor={input.actor} />
              {text('name', 'Nom de la campagne', values.name ?? 'Plan 2026, phase 1')}
              {text('envelope', 'Enveloppe nationale (en euros)', values.envelope ?? '', {
                hint: 'Deux décimales au plus, par exemple 8 000 000 ou 1 500,50.',
                inputMode: 'decimal',
              })}
              {text('deadline', 'Date limite de commande', values.deadline ?? '', { type: 'date' })}
              <div class="fr-select-group">
                <label class="fr-label" for="policy">
                  Reliquats
                </label>
                <select class="fr-select" id="policy" name="policy">
                  <option value="return-to-academy" selected={values.policy !== 'carry-to-next-campaign'}>
                    Rendus à l’académie, qui les réaffecte
                  </option>
                  <option
                    value="carry-to-next-campaign"
                    selected={values.policy === 'carry-to-next-campaign'}
                  >
                    Reportés sur la campagne suivante
                  </option>
                </select>
              </div>
              <fieldset class="fr-fieldset" aria-labelledby="regles-legend">
                <legend class="fr-fieldset__legend" id="regles-legend">
                  Règles de dotation
                </legend>
                <div class="fr-fieldset__element">
                  {text('primary', 'Montant par école (euros)', values.primary ?? '500', {
                    inputMode: 'decimal',
                  })}
                </div>
                <div class="fr-fieldset__element">
                  {text(
                    'secondaryMin',
                    'Minimum par EPLE (euros, par pas de 500 €)',
                    values.secondaryMin ?? '1000',
                    {
                      inputMode: 'decimal',
                    },
                  )}
                </div>
                <div class="fr-fieldset__element">
                  {text(
                    'secondaryMax',
                    'Maximum par EPLE (euros, par pas de 500 €)',
                    values.secondaryMax ?? '2500',
                    {
                      inputMode: 'decimal',
                    },
                  )}
                </div>
                <div class="fr-fieldset__element">
                  <CheckboxField
                    id="private"
                    name="private"
                    value="yes"
                    label="Inclure les établissements privés sous contrat"
                    checked={values.includePrivateContract ?? true}
                  />
                </div>
                <div class="fr-fieldset__element">
                  <CheckboxField
                    id="cofunding"
                    name="cofunding"
                    value="yes"
                    label="Autoriser le cofinancement (collectivité, établissement, académie)"
                    checked={values.coFundingAllowed ?? true}
                  />
                </div>
              </fieldset>
              <h3 class="fr-h6" id="tranches">
                Montant par EPLE selon le type et l’effectif
              </h3>
              <p class="fr-hint-text" id="tranches-aide">
                Pour chaque type, la première tranche dont la limite couvre l’effectif donne le montant.
                Limites croissantes ; laissez « jusqu’à » vide sur la dernière tranche pour « et au-delà ».
                Montants par pas de 500 €, entre le minimum et le maximum, sans jamais baisser d’une tranche à
                la suivante. Les lignes vides sont ignorées ; un établissement qu’aucune tranche ne couvre
                reçoit le minimum.
              </p>
              <BandFields values={values} errors={errors} />
              <CheckboxGroup
                id="academies"
                name="academy"
                legend="Académies participantes"
                hint="Modifiables tant que la campagne est en préparation."
                options={academyOptions(input.academies)}
                checked={chosen}
                error={errors.academies}
              />
              <button class="fr-btn" type="submit">
                Créer la campagne
              </button>
            </form>
          </section>
        )}
      </Shell>
    ),
  });
}

function RulesSummary({ campaign }: { campaign: CampaignRow }) {
  const rules = campaign.rules;
  return (
    <section aria-labelledby="regles" class="fr-mb-4w">
      <h2 id="regles">Règles de la campagne</h2>
      <ul>
        <li>Enveloppe nationale : {formatMoney(campaign.envelopeCents)}</li>
        <li>Montant par école : {formatMoney(rules.primaryAmountCents)}</li>
        <li>
          EPLE : de {formatMoney(rules.secondaryMinCents)} à {formatMoney(rules.secondaryMaxCents)} par pas de
          500 €, selon le type et l’effectif (première tranche qui couvre l’effectif ; sans tranche, le
          minimum) :
          <ul>
            {secondaryTypes.map((type) => {
              const bands = rules.bands.filter((band) => band.types.includes(type));
              return (
                <li>
                  {capitalized(establishmentTypeLabels[type])} :{' '}
                  {bands.length === 0
                    ? 'aucune tranche, le minimum'
                    : bands
                        .map(
                          (band) =>
                            `${band.upToPupils === null ? 'au-delà' : `jusqu’à ${band.upToPupils} élèves`}, ${formatMoney(band.amountCents)}`,
                        )
                        .join(' ; ')}
                </li>
              );
            })}
          </ul>
        </li>
        <li>Établissements privés sous contrat : {rules.includePrivateContract ? 'inclus' : 'exclus'}</li>
        <li>Cofinancement : {rules.coFundingAllowed ? 'autorisé' : 'non autorisé'}</li>
        <li>Date limite de commande : {formatDate(campaign.orderingDeadline)}</li>
        <li>
          Reliquats :{' '}
          {campaign.remainderPolicy === 'return-to-academy'
            ? 'rendus à l’académie, qui les réaffecte'
            : 'reportés sur la campagne suivante'}
        </li>
      </ul>
    </section>
  );
}

export function renderCampaignPage(input: {
  actor: Actor;
  campaign: CampaignRow;
  academies: CampaignAcademyRow[];
  preview?: AcademyShare[];
  weights: { establishments: number; pupils: number };
  canManage: boolean;
  manageableAcademyIds: number[];
  /** Every academy, for the participating academies form (draft campaigns). */
  allAcademies?: { id: number; name: string }[];
  /** The academies as ticked in a refused change, and why it was refused. */
  academyForm?: { academyIds: number[]; error?: string | undefined };
  flash?: Flash;
}): string {
  const { campaign } = input;
  const manageable = new Set(input.manageableAcademyIds);
  const ticked = new Set(
    (input.academyForm?.academyIds ?? input.academies.map((a) => a.academyId)).map(String),
  );
  return renderPage({
    actor: input.actor,
    title: campaign.name,
    children: (
      <Shell
        title={campaign.name}
        crumbs={[{ label: 'Campagnes', href: '/financement/campagnes' }, { label: campaign.name }]}
        flash={input.flash ?? {}}
      >
        <p>
          <span class="fr-badge fr-badge--info">{campaignStatusLabels[campaign.status]}</span>
        </p>
        <RulesSummary campaign={campaign} />
        <section aria-labelledby="academies-participantes" class="fr-mb-4w">
          <h2 id="academies-participantes">Académies participantes</h2>
          {input.canManage && campaign.status === 'draft' && input.allAcademies ? (
            <form method="post" action={`/financement/campagnes/${campaign.id}/academies`} novalidate>
              <CsrfField actor={input.actor} />
              <CheckboxGroup
                id="academies"
                name="academy"
                legend="Académies qui participent à la campagne"
                hint="Modifiables tant que la campagne est en préparation. Tout changement annule la répartition enregistrée, à valider de nouveau ; retirer une académie efface le plan qu’elle a préparé."
                options={academyOptions(input.allAcademies)}
                checked={ticked}
                error={input.academyForm?.error}
              />
              <button class="fr-btn fr-btn--secondary" type="submit">
                Enregistrer les académies participantes
              </button>
            </form>
          ) : (
            <>
              <p>{input.academies.map((a) => a.name).join(', ') || 'Aucune académie.'}</p>
              {campaign.status !== 'draft' && (
                <p class="fr-hint-text">
                  La campagne est {campaignStatusLabels[campaign.status]} : les académies participantes ne se
                  modifient plus.
                </p>
              )}
            </>
          )}
        </section>
        <section aria-labelledby="repartition" class="fr-mb-4w">
          <h2 id="repartition">Répartition entre académies</h2>
          <p>
            Formule : part = enveloppe × (poids établissements × part des établissements + poids élèves × part
            des élèves). Les centimes sont arrondis par la méthode des plus forts restes (à égalité, dans
            l’ordre des codes d’académie) : la somme des parts est exactement l’enveloppe.
          </p>
          {input.canManage && campaign.status === 'draft' && (
            <form
              method="post"
              action={`/financement/campagnes/${campaign.id}/repartition`}
              class="ccr-narrow"
            >
              <CsrfField actor={input.actor} />
              <TextField
                id="wE"
                name="establishments"
                label="Poids du nombre d’établissements (%)"
                type="number"
                min="0"
                max="100"
                required={false}
                value={String(input.weights.establishments)}
              />
              <TextField
                id="wP"
                name="pupils"
                label="Poids du nombre d’élèves (%)"
                type="number"
                min="0"
                max="100"
                required={false}
                value={String(input.weights.pupils)}
              />
              <ul class="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <button class="fr-btn fr-btn--secondary" type="submit" name="action" value="preview">
                    Prévisualiser la répartition
                  </button>
                </li>
                <li>
                  <button class="fr-btn" type="submit" name="action" value="commit">
                    Valider la répartition
                  </button>
                </li>
              </ul>
            </form>
          )}
          {input.preview && (
            <Table
              caption="Aperçu de la répartition, non enregistré"
              head={['Académie', 'Établissements', 'Élèves', 'Part', 'Explication']}
              rows={input.preview.map((share) => [
                share.name,
                share.establishments.toLocaleString('fr-FR'),
                share.pupils.toLocaleString('fr-FR'),
                formatMoney(share.shareCents),
                share.explanation,
              ])}
            />
          )}
          {input.preview && (
            <p>
              Total de l’aperçu :{' '}
              <strong>{formatMoney(input.preview.reduce((sum, s) => sum + s.shareCents, 0))}</strong>
            </p>
          )}
          <Table
            caption="Parts enregistrées"
            head={['Académie', 'Part', 'Explication', 'Dotations']}
            rows={input.academies.map((a) => [
              a.name,
              formatMoney(a.shareCents),
              a.explanation.split?.text ?? 'Pas encore réparti',
              manageable.has(a.academyId) ? (
                <a href={`/financement/campagnes/${campaign.id}/academies/${a.academyId}`}>
                  Dotations de l’académie {a.name}
                </a>
              ) : (
                '—'
              ),
            ])}
          />
        </section>
        {input.canManage && (
          <section aria-labelledby="suivi">
            <h2 id="suivi">Suivi</h2>
            <p>
              <a href={`/financement/campagnes/${campaign.id}/tableau-de-bord`}>Tableau de bord national</a>
            </p>
            {campaign.status === 'open' && (
              <form method="post" action={`/financement/campagnes/${campaign.id}/cloture`}>
                <CsrfField actor={input.actor} />
                <button class="fr-btn fr-btn--tertiary" type="submit">
                  Clôturer la campagne (après la date limite)
                </button>
              </form>
            )}
            {campaign.status === 'closed' && (
              <form method="post" action={`/financement/campagnes/${campaign.id}/solde`}>
                <CsrfField actor={input.actor} />
                <button class="fr-btn fr-btn--tertiary" type="submit">
                  Solder la campagne
                </button>
              </form>
            )}
          </section>
        )}
      </Shell>
    ),
  });
}

// ---- Establishments import ----

export function renderImportPage(input: {
  actor: Actor;
  academy: { id: number; name: string };
  flash?: Flash;
  errors?: CsvLineError[];
}): string {
  return renderPage({
    actor: input.actor,
    title: `Établissements de l’académie ${input.academy.name}`,
    children: (
      <Shell
        title={`Importer les établissements de l’académie ${input.academy.name}`}
        crumbs={[{ label: `Établissements de l’académie ${input.academy.name}` }]}
        flash={input.flash ?? {}}
      >
        <p>
          Fichier CSV avec une ligne d’en-tête et les colonnes UAI, nom, type (école, collège, LGT, LP, LPO,
          EREA), secteur (public ou privé sous contrat), élèves, département et réseau. Séparateur
          point-virgule ou virgule ; encodage UTF-8 ou Latin-1 (export des outils de gestion). Si une ligne
          est fausse, aucune n’est enregistrée : corrigez et envoyez à nouveau le fichier.
        </p>
        {input.errors && input.errors.length > 0 && (
          <Table
            caption="Erreurs ligne par ligne"
            head={['Ligne', 'Erreur']}
            rows={input.errors.map((e) => [String(e.line), e.message])}
          />
        )}
        <form
          method="post"
          action={`/financement/academies/${input.academy.id}/etablissements`}
          enctype="multipart/form-data"
          class="ccr-narrow"
        >
          <CsrfField actor={input.actor} />
          <div class="fr-upload-group fr-mb-3w">
            <label class="fr-label" for="file">
              Fichier CSV
              <span class="fr-hint-text">Taille maximale : 10 Mo.</span>
            </label>
            <input class="fr-upload" type="file" id="file" name="file" accept=".csv,text/csv" />
          </div>
          <div class="fr-input-group">
            <label class="fr-label" for="text">
              Ou collez le contenu du fichier
            </label>
            <textarea class="fr-input" id="text" name="text" rows={6}></textarea>
          </div>
          <button class="fr-btn" type="submit">
            Importer
          </button>
        </form>
      </Shell>
    ),
  });
}

// ---- Academy plan ----

export interface RemainderView {
  balanceCents: number;
  targets: { id: number; name: string }[];
}

export function renderPlanPage(input: {
  actor: Actor;
  plan: AcademyPlanView;
  flash?: Flash;
  remainder?: RemainderView;
}): string {
  const { plan } = input;
  const base = `/financement/campagnes/${plan.campaign.id}/academies/${plan.academy.id}`;
  const editable = !plan.published && (plan.campaign.status === 'draft' || plan.campaign.status === 'open');
  const networks = [
    ...new Set(plan.allocations.map((a) => a.establishment.network).filter((n): n is string => Boolean(n))),
  ];
  const selected = plan.allocations.filter((a) => a.selected);
  return renderPage({
    actor: input.actor,
    title: `Dotations – ${plan.academy.name}`,
    children: (
      <Shell
        title={`Dotations de l’académie ${plan.academy.name}`}
        crumbs={[
          { label: plan.campaign.name, href: `/financement/campagnes/${plan.campaign.id}` },
          { label: plan.academy.name },
        ]}
        flash={input.flash ?? {}}
      >
        <ul>
          <li>Part de l’académie : {formatMoney(plan.shareCents)}</li>
          <li>Total des dotations : {formatMoney(plan.totalCents)}</li>
          <li>
            {plan.leftCents >= 0
              ? `Reste à attribuer : ${formatMoney(plan.leftCents)}`
              : `Dépassement de la part : ${formatMoney(-plan.leftCents)}`}
          </li>
          <li>{plan.published ? 'Dotations publiées' : 'Dotations non publiées'}</li>
        </ul>
        <p>
          <a href={`/financement/academies/${plan.academy.id}/etablissements`}>
            Importer les établissements (CSV)
          </a>{' '}
          · <a href={`${base}/tableau-de-bord`}>Tableau de bord de l’académie</a>
        </p>
        {editable && (
          <form method="post" action={`${base}/beneficiaires`}>
            <CsrfField actor={input.actor} />
            <div class="fr-table">
              <table>
                <caption>Établissements candidats et dotations calculées</caption>
                <thead>
                  <tr>
                    <th scope="col">Bénéficiaire</th>
                    <th scope="col">UAI</th>
                    <th scope="col">Établissement</th>
                    <th scope="col">Type</th>
                    <th scope="col">Élèves</th>
                    <th scope="col">Règle</th>
                    <th scope="col">Dotation</th>
                    <th scope="col">Mutualisation</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.allocations.map((a) => (
                    <tr>
                      <td>
                        <div class="fr-checkbox-group">
                          <input
                            type="checkbox"
                            id={`b-${a.establishment.id}`}
                            name="establishment"
                            value={String(a.establishment.id)}
                            checked={a.selected}
                            disabled={!a.eligible}
                          />
                          <label class="fr-label" for={`b-${a.establishment.id}`}>
                            Retenir<span class="fr-sr-only"> {a.establishment.name}</span>
                          </label>
                        </div>
                      </td>
                      <td>{a.establishment.uai}</td>
                      <td>{a.establishment.name}</td>
                      <td>{establishmentTypeLabels[a.establishment.type]}</td>
                      <td>{a.establishment.pupils.toLocaleString('fr-FR')}</td>
                      <td>{a.ruleReason}</td>
                      <td>
                        {a.selected ? formatMoney(a.finalCents) : '—'}
                        {a.modulation ? ` (modulée : ${a.modulation.reason})` : ''}
                      </td>
                      <td>{a.pool ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <button class="fr-btn fr-btn--secondary" type="submit">
              Enregistrer les bénéficiaires
            </button>
          </form>
        )}
        {!editable && (
          <Table
            caption="Dotations publiées"
            head={['UAI', 'Établissement', 'Dotation', 'Mutualisation']}
            rows={selected.map((a) => [
              a.establishment.uai,
              a.establishment.name,
              formatMoney(a.finalCents),
              a.pool ?? '',
            ])}
          />
        )}
        {(editable || (plan.published && plan.campaign.status === 'open')) && selected.length > 0 && (
          <section class="fr-mt-4w" aria-labelledby="moduler">
            <h2 id="moduler">Moduler une dotation</h2>
            <form method="post" action={`${base}/modulation`} class="ccr-narrow">
              <CsrfField actor={input.actor} />
              <div class="fr-select-group">
                <label class="fr-label" for="m-establishment">
                  Établissement
                </label>
                <select class="fr-select" id="m-establishment" name="establishmentId">
                  {selected.map((a) => (
                    <option value={String(a.establishment.id)}>
                      {a.establishment.name} ({a.establishment.uai}) – {formatMoney(a.finalCents)}
                    </option>
                  ))}
                </select>
              </div>
              <TextField id="m-amount" name="amount" label="Nouveau montant (euros)" inputMode="decimal" />
              <TextField id="m-reason" name="reason" label="Motif (obligatoire, conservé dans le journal)" />
              <button class="fr-btn fr-btn--secondary" type="submit">
                Moduler
              </button>
            </form>
          </section>
        )}
        {editable && networks.length > 0 && (
          <section class="fr-mt-4w" aria-labelledby="mutualiser">
            <h2 id="mutualiser">Mutualiser un réseau</h2>
            <p>
              Les établissements du réseau partagent un seul droit de tirage, égal à la somme des dotations de
              ses bénéficiaires.
            </p>
            <form method="post" action={`${base}/mutualisation`} class="ccr-narrow">
              <CsrfField actor={input.actor} />
              <div class="fr-select-group">
                <label class="fr-label" for="p-network">
                  Réseau
                </label>
                <select class="fr-select" id="p-network" name="network">
                  {networks.map((n) => (
                    <option value={n}>{n}</option>
                  ))}
                </select>
              </div>
              <button class="fr-btn fr-btn--secondary" type="submit">
                Mutualiser
              </button>
            </form>
          </section>
        )}
        {plan.pools.length > 0 && (
          <Table
            caption="Mutualisations"
            head={['Réseau', 'Établissements', 'Droit de tirage partagé']}
            rows={plan.pools.map((p) => [p.name, String(p.memberIds.length), formatMoney(p.amountCents)])}
          />
        )}
        {input.remainder && (
          <section class="fr-mt-4w" aria-labelledby="reliquat">
            <h2 id="reliquat">Reliquat de l’académie</h2>
            <p>Reliquat disponible : {formatMoney(input.remainder.balanceCents)}</p>
            {input.remainder.targets.length === 0 || input.remainder.balanceCents === 0 ? (
              <p>Aucune campagne ouverte ne peut recevoir ce reliquat pour le moment.</p>
            ) : (
              <form method="post" action={`${base}/reaffectation`} class="ccr-narrow">
                <CsrfField actor={input.actor} />
                <div class="fr-select-group">
                  <label class="fr-label" for="r-campaign">
                    Campagne de destination
                  </label>
                  <select class="fr-select" id="r-campaign" name="targetCampaignId">
                    {input.remainder.targets.map((c) => (
                      <option value={String(c.id)}>{c.name}</option>
                    ))}
                  </select>
                </div>
                <div class="fr-select-group">
                  <label class="fr-label" for="r-establishment">
                    Établissement bénéficiaire
                  </label>
                  <select class="fr-select" id="r-establishment" name="establishmentId">
                    {plan.allocations.map((a) => (
                      <option value={String(a.establishment.id)}>
                        {a.establishment.name} ({a.establishment.uai})
                      </option>
                    ))}
                  </select>
                </div>
                <TextField id="r-amount" name="amount" label="Montant (euros)" inputMode="decimal" />
                <TextField id="r-reason" name="reason" label="Motif (obligatoire)" />
                <button class="fr-btn fr-btn--secondary" type="submit">
                  Réaffecter
                </button>
              </form>
            )}
          </section>
        )}
        {editable && (
          <section class="fr-mt-4w" aria-labelledby="publier">
            <h2 id="publier">Publier</h2>
            <p>
              La publication crée les droits de tirage, prévient chaque chef d’établissement et invite ceux
              qui n’ont pas encore de compte.
            </p>
            <form method="post" action={`${base}/publication`}>
              <CsrfField actor={input.actor} />
              <div class="fr-checkbox-group fr-mb-2w">
                <input type="checkbox" id="scale" name="scale" value="yes" />
                <label class="fr-label" for="scale">
                  Si les dotations dépassent la part, les réduire proportionnellement (plus forts restes, au
                  centime près)
                </label>
              </div>
              <button class="fr-btn" type="submit">
                Publier les dotations
              </button>
            </form>
          </section>
        )}
      </Shell>
    ),
  });
}

// ---- Dashboards ----

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
        points={points.map((p) => ({ x: formatDate(p.day), y: p.consumedCents }))}
        format={formatMoney}
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
