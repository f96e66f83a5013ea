// An academy's allocation plan for a campaign: beneficiaries, modulation with a reason, networked
// pools, publication, and the reallocation of the academy's remainder once the campaign is closed.
import type { Actor } from '../../../modules/accounts/actor.js';
import { CsrfField, type Flash } from '../../page-kit.js';
import type { AcademyPlanView } from '../../../modules/funding/allocation.service.js';
import { establishmentTypeLabels } from '../../../modules/funding/campaign-rules.js';
import { ErrorSummary, SelectField, TextField } from '../../components/form-fields.js';
import { formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import type { FormRefusal } from './form-errors.js';
import { MoneyTerms, Shell, Table } from './funding-parts.js';

export interface RemainderView {
  balanceCents: number;
  targets: { id: number; name: string }[];
}

export function renderPlanPage(input: {
  actor: Actor;
  plan: AcademyPlanView;
  flash?: Flash;
  remainder?: RemainderView;
  /** A refused form of the page: its summary at its top, each message next to its field. */
  refusal?: FormRefusal | undefined;
}): string {
  const { plan } = input;
  const refused = (form: string) => (input.refusal?.form === form ? input.refusal : undefined);
  const summary = (form: string) => {
    const refusal = refused(form);
    return refusal && <ErrorSummary id={`${form}-erreurs`} title={refusal.title} lines={refusal.lines} />;
  };
  const modulation = refused('modulation');
  const reallocation = refused('reaffectation');
  const pooling = refused('mutualisation');
  const base = `/financement/campagnes/${plan.campaign.id}/academies/${plan.academy.id}`;
  const editable = !plan.published && (plan.campaign.status === 'draft' || plan.campaign.status === 'open');
  const networks = [
    ...new Set(plan.allocations.map((a) => a.establishment.network).filter((n): n is string => Boolean(n))),
  ];
  const selected = plan.allocations.filter((a) => a.selected);
  const shown: Record<string, boolean> = {
    beneficiaires: editable,
    modulation: (editable || (plan.published && plan.campaign.status === 'open')) && selected.length > 0,
    mutualisation: editable && networks.length > 0,
    reaffectation: Boolean(input.remainder?.targets.length && input.remainder.balanceCents > 0),
    publication: editable,
  };
  // A refusal of a form the page no longer shows (a forged or stale post) is said at the top.
  const flash =
    input.refusal && !shown[input.refusal.form]
      ? {
          error: input.refusal.title,
          details: input.refusal.lines.map((line) => (typeof line === 'string' ? line : line.text)),
        }
      : (input.flash ?? {});
  return renderPage({
    actor: input.actor,
    title: `Dotations d’établissement – ${plan.academy.name}`,
    children: (
      <Shell
        title={`Dotations d’établissement de l’académie ${plan.academy.name}`}
        crumbs={[
          { label: plan.campaign.name, href: `/financement/campagnes/${plan.campaign.id}` },
          { label: plan.academy.name },
        ]}
        flash={flash}
      >
        <ul>
          <li>Dotation de l’académie : {formatMoney(plan.shareCents)}</li>
          <li>Total des dotations d’établissement : {formatMoney(plan.totalCents)}</li>
          <li>
            {plan.leftCents >= 0
              ? `Reste à attribuer : ${formatMoney(plan.leftCents)}`
              : `Dépassement de la dotation de l’académie : ${formatMoney(-plan.leftCents)}`}
          </li>
          <li>
            {plan.published ? 'Dotations d’établissement publiées' : 'Dotations d’établissement non publiées'}
          </li>
        </ul>
        <MoneyTerms />
        <p>
          <a href={`/financement/academies/${plan.academy.id}/etablissements`}>
            Importer les établissements (CSV)
          </a>{' '}
          · <a href={`${base}/tableau-de-bord`}>Tableau de bord de l’académie</a>
        </p>
        {editable && (
          <form method="post" action={`${base}/beneficiaires#beneficiaires`} id="beneficiaires">
            <CsrfField token={input.actor?.csrfToken} />
            {summary('beneficiaires')}
            <div class="fr-table">
              <table tabIndex={0}>
                <caption>Établissements candidats et dotations calculées</caption>
                <thead>
                  <tr>
                    <th scope="col">Bénéficiaire</th>
                    <th scope="col">UAI</th>
                    <th scope="col">Établissement</th>
                    <th scope="col">Type</th>
                    <th scope="col">Élèves</th>
                    <th scope="col">Règle</th>
                    <th scope="col">Dotation de l’établissement</th>
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
            caption="Dotations d’établissement publiées"
            head={['UAI', 'Établissement', 'Dotation de l’établissement', 'Mutualisation']}
            rows={selected.map((a) => [
              a.establishment.uai,
              a.establishment.name,
              formatMoney(a.finalCents),
              a.pool ?? '',
            ])}
          />
        )}
        {shown.modulation && (
          <section class="fr-mt-4w" aria-labelledby="moduler">
            <h2 id="moduler">Moduler une dotation d’établissement</h2>
            <form method="post" action={`${base}/modulation#moduler`} class="ccr-narrow">
              <CsrfField token={input.actor?.csrfToken} />
              {summary('modulation')}
              <SelectField
                id="m-establishment"
                name="establishmentId"
                label="Établissement"
                options={selected.map((a) => ({
                  value: String(a.establishment.id),
                  label: `${a.establishment.name} (${a.establishment.uai}) – ${formatMoney(a.finalCents)}`,
                }))}
                value={modulation?.values.establishmentId}
                error={modulation?.fields['m-establishment']}
              />
              <TextField
                id="m-amount"
                name="amount"
                label="Nouveau montant (euros)"
                inputMode="decimal"
                value={modulation?.values.amount}
                error={modulation?.fields['m-amount']}
              />
              <TextField
                id="m-reason"
                name="reason"
                label="Motif (obligatoire, conservé dans le journal)"
                value={modulation?.values.reason}
                error={modulation?.fields['m-reason']}
              />
              <button class="fr-btn fr-btn--secondary" type="submit">
                Moduler
              </button>
            </form>
          </section>
        )}
        {shown.mutualisation && (
          <section class="fr-mt-4w" aria-labelledby="mutualiser">
            <h2 id="mutualiser">Mutualiser un réseau</h2>
            <p>
              Les établissements du réseau partagent un seul droit de tirage, égal à la somme des dotations de
              ses bénéficiaires.
            </p>
            <form method="post" action={`${base}/mutualisation#mutualiser`} class="ccr-narrow">
              <CsrfField token={input.actor?.csrfToken} />
              {summary('mutualisation')}
              <SelectField
                id="p-network"
                name="network"
                label="Réseau"
                options={networks.map((n) => ({ value: n, label: n }))}
                value={pooling?.values.network}
                error={pooling?.fields['p-network']}
              />
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
              <form method="post" action={`${base}/reaffectation#reliquat`} class="ccr-narrow">
                <CsrfField token={input.actor?.csrfToken} />
                {summary('reaffectation')}
                <SelectField
                  id="r-campaign"
                  name="targetCampaignId"
                  label="Campagne de destination"
                  options={input.remainder.targets.map((c) => ({ value: String(c.id), label: c.name }))}
                  value={reallocation?.values.targetCampaignId}
                  error={reallocation?.fields['r-campaign']}
                />
                <SelectField
                  id="r-establishment"
                  name="establishmentId"
                  label="Établissement bénéficiaire"
                  options={plan.allocations.map((a) => ({
                    value: String(a.establishment.id),
                    label: `${a.establishment.name} (${a.establishment.uai})`,
                  }))}
                  value={reallocation?.values.establishmentId}
                  error={reallocation?.fields['r-establishment']}
                />
                <TextField
                  id="r-amount"
                  name="amount"
                  label="Montant (euros)"
                  inputMode="decimal"
                  value={reallocation?.values.amount}
                  error={reallocation?.fields['r-amount']}
                />
                <TextField
                  id="r-reason"
                  name="reason"
                  label="Motif (obligatoire)"
                  value={reallocation?.values.reason}
                  error={reallocation?.fields['r-reason']}
                />
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
            {plan.campaign.status === 'draft' && (
              <p>
                La campagne est en préparation : publier l’ouvre. La répartition entre académies et les
                académies participantes ne se modifieront plus.
              </p>
            )}
            <form method="post" action={`${base}/publication#publier`}>
              <CsrfField token={input.actor?.csrfToken} />
              {summary('publication')}
              <div class="fr-checkbox-group fr-mb-2w">
                <input type="checkbox" id="scale" name="scale" value="yes" />
                <label class="fr-label" for="scale">
                  Si les dotations d’établissement dépassent la dotation de l’académie, les réduire
                  proportionnellement (plus forts restes, au centime près)
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
