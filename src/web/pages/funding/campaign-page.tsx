// One campaign: its rules, the split of the envelope between academies (preview, then commit), the
// participating academies while it is a draft, closing and settling.
import type { Actor } from '../../../modules/accounts/actor.js';
import { CsrfField, type Flash } from '../../page-kit.js';
import { establishmentTypeLabels, secondaryTypes } from '../../../modules/funding/campaign-rules.js';
import { campaignStatusLabels } from '../../../modules/funding/campaign.workflow.js';
import type {
  CampaignAcademy as CampaignAcademyRow,
  Campaign as CampaignRow,
} from '../../../modules/funding/campaign.service.js';
import type { AcademyShare } from '../../../modules/funding/split.js';
import { CheckboxGroup, TextField } from '../../components/form-fields.js';
import { formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Shell, Table, academyOptions } from './funding-parts.js';
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
              <CsrfField token={input.actor?.csrfToken} />
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
              <CsrfField token={input.actor?.csrfToken} />
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
