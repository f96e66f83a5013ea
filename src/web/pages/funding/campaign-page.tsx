// One campaign: its rules, the split of the envelope between academies (preview, then commit), the
// participating academies while it is a draft, opening (with its consequences, confirmed on a page of
// its own: open-campaign-page.tsx), closing and settling.
import type { Actor } from '../../../modules/accounts/actor.js';
import { CsrfField, type Flash } from '../../page-kit.js';
import { establishmentTypeLabels, secondaryTypes } from '../../../modules/funding/campaign-rules.js';
import { campaignStatusLabels } from '../../../modules/funding/campaign.workflow.js';
import {
  openingConsequences,
  splitIsComplete,
  type CampaignAcademy as CampaignAcademyRow,
  type Campaign as CampaignRow,
} from '../../../modules/funding/campaign.service.js';
import type { AcademyShare } from '../../../modules/funding/split.js';
import { CheckboxGroup, ErrorSummary, TextField } from '../../components/form-fields.js';
import { formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { summaryTitle, type FormRefusal } from './form-errors.js';
import { AcademyChoiceActions, MoneyTerms, Shell, Table, academyOptions } from './funding-parts.js';
import { capitalized } from './campaigns-page.js';

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
  /** Academies whose dashboard the user reads (staff, inspection, national administration). */
  dashboardAcademyIds: number[];
  /** A refused split: its summary at the top of the split form, each message next to its field. */
  refusal?: FormRefusal | undefined;
  /** Every academy, for the participating academies form (draft campaigns). */
  allAcademies?: { id: number; name: string }[];
  /** The academies as ticked in a refused change and why it was refused, or after Toutes / Aucune. */
  academyForm?: { academyIds: number[]; error?: string | undefined; status?: string | undefined };
  flash?: Flash;
}): string {
  const { campaign } = input;
  const manageable = new Set(input.manageableAcademyIds);
  const followed = new Set(input.dashboardAcademyIds);
  const split = input.refusal?.form === 'repartition' ? input.refusal : undefined;
  const draftForAdmin = input.canManage && campaign.status === 'draft';
  // A refused split when the form is no longer shown (the campaign opened meanwhile): said at the top.
  const flash =
    input.refusal && !draftForAdmin
      ? {
          error: input.refusal.title,
          details: input.refusal.lines.map((line) => (typeof line === 'string' ? line : line.text)),
        }
      : (input.flash ?? {});
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
        flash={flash}
      >
        <p>
          <span class="fr-badge fr-badge--info">{campaignStatusLabels[campaign.status]}</span>
        </p>
        <RulesSummary campaign={campaign} />
        <section aria-labelledby="academies-participantes" class="fr-mb-4w">
          <h2 id="academies-participantes">Académies participantes</h2>
          {draftForAdmin && input.allAcademies ? (
            <form
              method="post"
              action={`/financement/campagnes/${campaign.id}/academies#academies-participantes`}
              novalidate
            >
              <CsrfField token={input.actor?.csrfToken} />
              {/* The first submit button is the default one: saving, not "Toutes". */}
              <button type="submit" class="fr-sr-only" tabindex={-1} aria-hidden="true">
                Enregistrer les académies participantes
              </button>
              {input.academyForm?.error && (
                <ErrorSummary
                  id="academies-erreurs"
                  title={summaryTitle(1)}
                  lines={[
                    { href: '#academies', text: `Académies participantes : ${input.academyForm.error}` },
                  ]}
                />
              )}
              <CheckboxGroup
                id="academies"
                name="academy"
                legend="Académies qui participent à la campagne"
                hint="Modifiables tant que la campagne est en préparation. Tout changement annule la répartition enregistrée, à valider de nouveau ; retirer une académie efface le plan qu’elle a préparé."
                options={academyOptions(input.allAcademies)}
                checked={ticked}
                error={input.academyForm?.error}
                actions={
                  <AcademyChoiceActions
                    group="academies"
                    count={input.allAcademies.length}
                    status={input.academyForm?.status}
                  />
                }
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
          <MoneyTerms />
          <p>
            Formule : dotation de l’académie = enveloppe × (poids établissements × sa proportion des
            établissements + poids élèves × sa proportion des élèves). Les centimes sont arrondis par la
            méthode des plus forts restes (à égalité, dans l’ordre des codes d’académie) : la somme des
            dotations des académies est exactement l’enveloppe.
          </p>
          {draftForAdmin && (
            <form
              method="post"
              action={`/financement/campagnes/${campaign.id}/repartition#repartition`}
              class="ccr-narrow"
              novalidate
            >
              <CsrfField token={input.actor?.csrfToken} />
              {split && <ErrorSummary id="repartition-erreurs" title={split.title} lines={split.lines} />}
              <TextField
                id="wE"
                name="establishments"
                label="Poids du nombre d’établissements (%)"
                type="number"
                min="0"
                max="100"
                required={false}
                value={split?.values.establishments ?? String(input.weights.establishments)}
                error={split?.fields.wE}
              />
              <TextField
                id="wP"
                name="pupils"
                label="Poids du nombre d’élèves (%)"
                type="number"
                min="0"
                max="100"
                required={false}
                value={split?.values.pupils ?? String(input.weights.pupils)}
                error={split?.fields.wP}
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
              head={['Académie', 'Établissements', 'Élèves', 'Dotation de l’académie', 'Explication']}
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
            caption="Dotations des académies enregistrées"
            head={['Académie', 'Dotation de l’académie', 'Explication', 'Suivi']}
            rows={input.academies.map((a) => {
              const base = `/financement/campagnes/${campaign.id}/academies/${a.academyId}`;
              const links = [
                manageable.has(a.academyId) && (
                  <a href={base}>Dotations d’établissement de l’académie {a.name}</a>
                ),
                campaign.status !== 'draft' && followed.has(a.academyId) && (
                  <a href={`${base}/tableau-de-bord`}>Tableau de bord de l’académie {a.name}</a>
                ),
              ].filter(Boolean);
              return [
                a.name,
                formatMoney(a.shareCents),
                a.explanation.split?.text ?? 'Pas encore réparti',
                links.length === 0 ? (
                  '—'
                ) : (
                  <ul class="fr-raw-list">
                    {links.map((link) => (
                      <li>{link}</li>
                    ))}
                  </ul>
                ),
              ];
            })}
          />
        </section>
        {draftForAdmin && (
          <section aria-labelledby="ouvrir" class="fr-mb-4w">
            <h2 id="ouvrir">Ouvrir la campagne</h2>
            <p>Une fois la campagne ouverte :</p>
            <ul>
              {openingConsequences.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
            <p>
              La campagne s’ouvre aussi d’elle-même dès qu’une académie publie ses dotations d’établissement.
            </p>
            {splitIsComplete(campaign, input.academies) ? (
              <p>
                <a class="fr-btn" href={`/financement/campagnes/${campaign.id}/ouverture`}>
                  Ouvrir la campagne
                </a>
              </p>
            ) : (
              <p class="fr-hint-text">
                Validez d’abord la répartition de l’enveloppe entre les académies participantes : la campagne
                s’ouvre ensuite.
              </p>
            )}
          </section>
        )}
        {input.canManage && (
          <section aria-labelledby="suivi">
            <h2 id="suivi">Suivi</h2>
            <p>
              <a href={`/financement/campagnes/${campaign.id}/tableau-de-bord`}>Tableau de bord national</a>
            </p>
            {campaign.status === 'open' && (
              <form method="post" action={`/financement/campagnes/${campaign.id}/cloture`}>
                <CsrfField token={input.actor?.csrfToken} />
                <button class="fr-btn fr-btn--tertiary" type="submit">
                  Clôturer la campagne (après la date limite)
                </button>
              </form>
            )}
            {campaign.status === 'closed' && (
              <form method="post" action={`/financement/campagnes/${campaign.id}/solde`}>
                <CsrfField token={input.actor?.csrfToken} />
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
