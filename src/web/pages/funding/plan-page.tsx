// An academy's allocation plan for a campaign: beneficiaries, modulation with a reason, networked
// pools, publication, and the reallocation of the academy's remainder once the campaign is closed.
import type { Actor } from '../../../modules/accounts/actor.js';
import { CsrfField, type Flash } from '../../page-kit.js';
import type { AcademyPlanView } from '../../../modules/funding/allocation.service.js';
import { establishmentTypeLabels } from '../../../modules/funding/campaign-rules.js';
import { TextField } from '../../components/form-fields.js';
import { formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Shell, Table } from './funding-parts.js';

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
            <CsrfField token={input.actor?.csrfToken} />
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
              <CsrfField token={input.actor?.csrfToken} />
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
              <CsrfField token={input.actor?.csrfToken} />
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
                <CsrfField token={input.actor?.csrfToken} />
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
              <CsrfField token={input.actor?.csrfToken} />
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
