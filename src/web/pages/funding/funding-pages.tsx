// Pages of the funding module: campaigns (national administration), establishments import and
// allocation plan (academy staff), and the academy and national dashboards. French, DSFR, no script.
import { Breadcrumb } from '../../breadcrumb.js';
import type { ComponentChildren } from 'preact';
import type { Actor } from '../../../modules/accounts/actor.js';
import { CsrfField } from '../../../modules/accounts/csrf.js';
import type { AcademyPlanView } from '../../../modules/funding/allocation.service.js';
import { establishmentTypeLabels, type EstablishmentType } from '../../../modules/funding/campaign-rules.js';
import { campaignStatusLabels } from '../../../modules/funding/campaign.workflow.js';
import type { ConsumptionRow, TimePoint } from '../../../modules/funding/dashboard.service.js';
import type { CsvLineError } from '../../../modules/funding/establishments-csv.js';
import type { CampaignAcademyRow, CampaignRow } from '../../../modules/funding/funding.repository.js';
import type { AcademyShare } from '../../../modules/funding/split.js';
import { formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { BarChart, LineChart } from './charts.js';

export interface Flash {
  error?: string;
  details?: string[];
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
                <li>{line}</li>
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

export interface CampaignFormValues {
  name?: string;
  envelope?: string;
  deadline?: string;
  policy?: string;
  academyIds?: number[];
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
  const chosen = new Set(values.academyIds ?? []);
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
            <form method="post" action="/financement/campagnes" class="ccr-narrow">
              <CsrfField actor={input.actor} />
              <div class="fr-input-group">
                <label class="fr-label" for="name">
                  Nom de la campagne
                </label>
                <input
                  class="fr-input"
                  id="name"
                  name="name"
                  required
                  value={values.name ?? 'Plan 2026, phase 1'}
                />
              </div>
              <div class="fr-input-group">
                <label class="fr-label" for="envelope">
                  Enveloppe nationale (en euros)
                  <span class="fr-hint-text">Deux décimales au plus, par exemple 8 000 000 ou 1 500,50.</span>
                </label>
                <input
                  class="fr-input"
                  id="envelope"
                  name="envelope"
                  required
                  inputMode="decimal"
                  value={values.envelope ?? ''}
                />
              </div>
              <div class="fr-input-group">
                <label class="fr-label" for="deadline">
                  Date limite de commande
                </label>
                <input
                  class="fr-input"
                  type="date"
                  id="deadline"
                  name="deadline"
                  required
                  value={values.deadline ?? ''}
                />
              </div>
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
              <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">Règles de dotation</legend>
                <div class="fr-fieldset__element">
                  <div class="fr-input-group">
                    <label class="fr-label" for="primary">
                      Montant par école (euros)
                    </label>
                    <input class="fr-input" id="primary" name="primary" value="500" inputMode="decimal" />
                  </div>
                </div>
                <div class="fr-fieldset__element">
                  <div class="fr-input-group">
                    <label class="fr-label" for="secondaryMin">
                      Minimum par EPLE (euros, par pas de 500 €)
                    </label>
                    <input
                      class="fr-input"
                      id="secondaryMin"
                      name="secondaryMin"
                      value="1000"
                      inputMode="decimal"
                    />
                  </div>
                </div>
                <div class="fr-fieldset__element">
                  <div class="fr-input-group">
                    <label class="fr-label" for="secondaryMax">
                      Maximum par EPLE (euros)
                    </label>
                    <input
                      class="fr-input"
                      id="secondaryMax"
                      name="secondaryMax"
                      value="2500"
                      inputMode="decimal"
                    />
                  </div>
                </div>
                <div class="fr-fieldset__element">
                  <div class="fr-checkbox-group">
                    <input type="checkbox" id="private" name="private" value="yes" checked />
                    <label class="fr-label" for="private">
                      Inclure les établissements privés sous contrat
                    </label>
                  </div>
                </div>
                <div class="fr-fieldset__element">
                  <div class="fr-checkbox-group">
                    <input type="checkbox" id="cofunding" name="cofunding" value="yes" checked />
                    <label class="fr-label" for="cofunding">
                      Autoriser le cofinancement (collectivité, établissement, académie)
                    </label>
                  </div>
                </div>
              </fieldset>
              <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">Académies participantes</legend>
                {input.academies.map((academy) => (
                  <div class="fr-fieldset__element fr-fieldset__element--inline">
                    <div class="fr-checkbox-group">
                      <input
                        type="checkbox"
                        id={`academy-${academy.id}`}
                        name="academy"
                        value={String(academy.id)}
                        checked={chosen.has(academy.id)}
                      />
                      <label class="fr-label" for={`academy-${academy.id}`}>
                        {academy.name}
                      </label>
                    </div>
                  </div>
                ))}
              </fieldset>
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
          500 €, selon le type et l’effectif :{' '}
          {rules.bands
            .map(
              (band) =>
                `${band.types.map((t) => establishmentTypeLabels[t]).join(', ')} ${band.upToPupils === null ? 'au-delà' : `jusqu’à ${band.upToPupils} élèves`} : ${formatMoney(band.amountCents)}`,
            )
            .join(' ; ')}
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
  flash?: Flash;
}): string {
  const { campaign } = input;
  const manageable = new Set(input.manageableAcademyIds);
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
              <div class="fr-input-group">
                <label class="fr-label" for="wE">
                  Poids du nombre d’établissements (%)
                </label>
                <input
                  class="fr-input"
                  type="number"
                  min="0"
                  max="100"
                  id="wE"
                  name="establishments"
                  value={String(input.weights.establishments)}
                />
              </div>
              <div class="fr-input-group">
                <label class="fr-label" for="wP">
                  Poids du nombre d’élèves (%)
                </label>
                <input
                  class="fr-input"
                  type="number"
                  min="0"
                  max="100"
                  id="wP"
                  name="pupils"
                  value={String(input.weights.pupils)}
                />
              </div>
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
              <div class="fr-input-group">
                <label class="fr-label" for="m-amount">
                  Nouveau montant (euros)
                </label>
                <input class="fr-input" id="m-amount" name="amount" required inputMode="decimal" />
              </div>
              <div class="fr-input-group">
                <label class="fr-label" for="m-reason">
                  Motif (obligatoire, conservé dans le journal)
                </label>
                <input class="fr-input" id="m-reason" name="reason" required />
              </div>
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
                <div class="fr-input-group">
                  <label class="fr-label" for="r-amount">
                    Montant (euros)
                  </label>
                  <input class="fr-input" id="r-amount" name="amount" required inputMode="decimal" />
                </div>
                <div class="fr-input-group">
                  <label class="fr-label" for="r-reason">
                    Motif (obligatoire)
                  </label>
                  <input class="fr-input" id="r-reason" name="reason" required />
                </div>
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
