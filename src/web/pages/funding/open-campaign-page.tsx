// Opening a draft campaign, confirmed on a page of its own (works without JavaScript): what opening
// changes, then "Confirmer l’ouverture" or back to the campaign.
import type { Actor } from '../../../modules/accounts/actor.js';
import {
  openingConsequences,
  type Campaign as CampaignRow,
} from '../../../modules/funding/campaign.service.js';
import { campaignStatusLabels } from '../../../modules/funding/campaign.workflow.js';
import { ErrorSummary } from '../../components/form-fields.js';
import { formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { CsrfField } from '../../page-kit.js';
import { Shell } from './funding-parts.js';

export function renderOpenCampaignPage(input: {
  actor: Actor;
  campaign: CampaignRow;
  /** Why opening was refused, said at the top of the form. */
  error?: string | undefined;
}): string {
  const { campaign } = input;
  const url = `/financement/campagnes/${campaign.id}`;
  const title = `Ouvrir la campagne « ${campaign.name} »`;
  return renderPage({
    actor: input.actor,
    title,
    children: (
      <Shell
        title={title}
        crumbs={[
          { label: 'Campagnes', href: '/financement/campagnes' },
          { label: campaign.name, href: url },
          { label: 'Ouvrir la campagne' },
        ]}
        flash={{}}
      >
        {campaign.status !== 'draft' ? (
          <>
            <p>
              La campagne est déjà {campaignStatusLabels[campaign.status]} : seule une campagne en préparation
              s’ouvre.
            </p>
            <p>
              <a href={url}>Retour à la campagne</a>
            </p>
          </>
        ) : (
          <>
            <p>
              Enveloppe nationale de {formatMoney(campaign.envelopeCents)}, commandes jusqu’au{' '}
              {formatDate(campaign.orderingDeadline)}.
            </p>
            <div class="fr-callout fr-mb-4w">
              <h2 class="fr-callout__title">Ce que l’ouverture change</h2>
              <ul class="fr-callout__text">
                {openingConsequences.map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            </div>
            <form method="post" action={`${url}/ouverture`}>
              <CsrfField token={input.actor?.csrfToken} />
              {input.error && <ErrorSummary id="ouverture-erreurs" title={input.error} />}
              <ul class="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <button class="fr-btn" type="submit">
                    Confirmer l’ouverture
                  </button>
                </li>
                <li>
                  <a class="fr-btn fr-btn--secondary" href={url}>
                    Annuler
                  </a>
                </li>
              </ul>
            </form>
          </>
        )}
      </Shell>
    ),
  });
}
