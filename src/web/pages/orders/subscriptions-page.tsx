// The establishment's subscriptions (dates, state, renewals) with a « Renouveler » button for the
// head, and the renewal confirmation page: the offer and price that would be ordered, a warning when
// the offer was withdrawn or repriced, the other subscription offers of the same resource, the
// drawing right, and the order form. Plain links and forms: everything works without JavaScript.
import { ScrollableTable } from '../../components/scrollable-table.js';
import type { Actor } from '../../../modules/accounts/actor.js';
import type { RenewalOffer, RenewalPlan } from '../../../modules/orders/renewal.service.js';
import {
  subscriptionsPagePath,
  type SubscriptionView,
} from '../../../modules/orders/subscriptions.service.js';
import { formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Alert, Breadcrumb, CsrfField, LineName, lineTitle, Money, ResourceLinks } from './common.js';
import { DrawingRightCallout, TopUpFieldset, type TopUpFields } from './drawing-right-parts.js';

const stateBadges: Record<SubscriptionView['state'], { label: string; kind: string }> = {
  upcoming: { label: 'à venir', kind: 'fr-badge--info' },
  current: { label: 'en cours', kind: 'fr-badge--success' },
  ended: { label: 'terminé', kind: '' },
};

const subscriptionsUrl = subscriptionsPagePath;

function RenewalCell({ subscription }: { subscription: SubscriptionView }) {
  const { renewal, renews } = subscription;
  return (
    <>
      {renews && (
        <p class="fr-mb-1v">
          Renouvelle l’abonnement <a href={`#abonnement-${renews.subscription}`}>n° {renews.subscription}</a>{' '}
          (terminé le {formatDate(renews.endsOn)})
        </p>
      )}
      {renewal?.status === 'pending' && (
        <p class="fr-mb-1v">
          Renouvellement commandé (<a href={`/commandes/${renewal.order}`}>commande n° {renewal.order}</a>),
          en attente de livraison
        </p>
      )}
      {renewal?.status === 'renewed' && (
        <p class="fr-mb-1v">
          Renouvelé (<a href={`/commandes/${renewal.order}`}>commande n° {renewal.order}</a>)
          {renewal.startsOn && renewal.endsOn && (
            <>
              {' '}
              : nouvel abonnement{' '}
              {renewal.subscription !== null && (
                <a href={`#abonnement-${renewal.subscription}`}>n° {renewal.subscription}</a>
              )}{' '}
              du {formatDate(renewal.startsOn)} au {formatDate(renewal.endsOn)}
            </>
          )}
        </p>
      )}
      {!renews && !renewal && '—'}
    </>
  );
}

/** The subscriptions table: shared by the subscriptions page and the orders follow-up page. */
export function SubscriptionsTable({
  uai,
  subscriptions,
  canRenew,
}: {
  uai: string;
  subscriptions: SubscriptionView[];
  canRenew: boolean;
}) {
  if (subscriptions.length === 0) return <p>Aucun abonnement pour le moment.</p>;
  return (
    <ScrollableTable
      bordered
      caption={'Abonnements, par date de fin'}
      head={['N°', 'Ressource', 'Période', 'État', 'Renouvellement', 'Commande', canRenew && 'Action']}
    >
      {subscriptions.map((subscription) => {
        const badge = stateBadges[subscription.state];
        return (
          <tr id={`abonnement-${subscription.id}`}>
            <td>{subscription.id}</td>
            <td>
              <LineName resources={subscription.resources} label={subscription.label} />
            </td>
            <td>
              du {formatDate(subscription.startsOn)} au {formatDate(subscription.endsOn)}
            </td>
            <td>
              <p class={`fr-badge fr-badge--sm ${badge.kind}`}>{badge.label}</p>
            </td>
            <td>
              <RenewalCell subscription={subscription} />
            </td>
            <td>
              <a href={`/commandes/${subscription.order}`}>n° {subscription.order}</a>
            </td>
            {canRenew && (
              <td>
                {subscription.renewable && (
                  <a
                    class="fr-btn fr-btn--sm fr-btn--secondary"
                    href={`${subscriptionsUrl(uai)}/${subscription.id}/renouveler`}
                  >
                    Renouveler
                    <span class="fr-sr-only">
                      {' '}
                      « {lineTitle(subscription.resources, subscription.label)} »
                    </span>
                  </a>
                )}
              </td>
            )}
          </tr>
        );
      })}
    </ScrollableTable>
  );
}

export function renderSubscriptionsPage(options: {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  establishment: { uai: string; name: string };
  subscriptions: SubscriptionView[];
  canRenew: boolean;
  error?: string | undefined;
}): string {
  const { establishment, subscriptions, canRenew, error } = options;
  return renderPage({
    actor: options.actor,
    title: `Abonnements - ${establishment.name}`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            {
              label: `Commandes de ${establishment.name}`,
              href: `/commandes?etablissement=${establishment.uai}`,
            },
            { label: 'Abonnements' },
          ]}
        />
        <h1>Abonnements de {establishment.name}</h1>
        {error && (
          <Alert kind="error" title="Renouvellement impossible" id="refus">
            <p>{error}</p>
          </Alert>
        )}
        <p>
          Un abonnement en cours ou terminé depuis peu se renouvelle une fois : le nouvel abonnement commence
          le lendemain de la fin de l’actuel, sans interruption, ou à la livraison s’il est déjà terminé.
        </p>
        <SubscriptionsTable uai={establishment.uai} subscriptions={subscriptions} canRenew={canRenew} />
      </div>
    ),
  });
}

function offerText(offer: RenewalOffer): string {
  const pack = offer.licence.value === 'multi-seat' && offer.packSeats ? ` de ${offer.packSeats} postes` : '';
  return `${offer.label} (${offer.producer}) — ${offer.licence.label}${pack}, ${offer.durationMonths} mois — ${offer.quantity} × ${formatMoney(offer.unitPriceCents)} = ${formatMoney(offer.totalCents)}`;
}

export interface RenewalPageOptions {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  plan: RenewalPlan;
  csrfToken: string;
  /** A fresh key per rendering: a double submit of the same form places the renewal once. */
  idempotencyKey: string;
  error?: string | undefined;
  /** Top-up fields as typed, shown again after a refusal. */
  topUp?: TopUpFields | undefined;
}

export function renderRenewalPage(options: RenewalPageOptions): string {
  const { plan, csrfToken, idempotencyKey, error, topUp } = options;
  const { subscription, proposal, drawingRight: right, establishment } = plan;
  const base = `${subscriptionsUrl(establishment.uai)}/${subscription.id}/renouveler`;
  const shortfall = proposal && right ? proposal.totalCents - right.remainingCents : 0;
  return renderPage({
    actor: options.actor,
    title: `Renouveler ${lineTitle(subscription.resources, subscription.label)}`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: `Abonnements de ${establishment.name}`, href: subscriptionsUrl(establishment.uai) },
            { label: 'Renouveler' },
          ]}
        />
        <h1>Renouveler « {lineTitle(subscription.resources, subscription.label)} »</h1>
        {error && (
          <Alert kind="error" title="Renouvellement refusé" id="refus">
            <p>{error}</p>
            <p>Rien n’a été enregistré : l’abonnement et le droit de tirage sont inchangés.</p>
          </Alert>
        )}
        <dl class="fr-mb-3w">
          {subscription.resources.length > 0 && (
            <>
              <dt>{subscription.resources.length > 1 ? 'Ressources' : 'Ressource'}</dt>
              <dd>
                <ResourceLinks resources={subscription.resources} />
              </dd>
            </>
          )}
          <dt>Offre</dt>
          <dd>{subscription.label}</dd>
          <dt>Abonnement actuel</dt>
          <dd>
            n° {subscription.id}, du {formatDate(subscription.startsOn)} au {formatDate(subscription.endsOn)}{' '}
            (<a href={`/commandes/${subscription.order}`}>commande n° {subscription.order}</a>)
          </dd>
          <dt>Postes couverts</dt>
          <dd>
            {subscription.seats} ({subscription.quantity} × {formatMoney(subscription.unitPriceCents)} la
            dernière fois)
          </dd>
        </dl>
        {plan.originalOffer.state === 'price-changed' && (
          <Alert kind="warning" title="Le prix de cette offre a changé">
            <p>
              Vous aviez payé {formatMoney(subscription.unitPriceCents)} l’unité ; elle coûte aujourd’hui{' '}
              {formatMoney(plan.originalOffer.currentUnitPriceCents!)}. Confirmez ce nouveau prix ou
              choisissez une autre offre de la même ressource.
            </p>
          </Alert>
        )}
        {plan.originalOffer.state === 'withdrawn' && (
          <Alert kind="warning" title="Cette offre n’est plus proposée">
            <p>
              {plan.alternatives.length > 0
                ? 'Choisissez une autre offre d’abonnement de la même ressource ci-dessous.'
                : 'Aucune autre offre d’abonnement de cette ressource n’est proposée aujourd’hui : le renouvellement est impossible pour le moment.'}
            </p>
          </Alert>
        )}
        {right && (
          <DrawingRightCallout right={right}>
            {proposal && right.open && shortfall > 0
              ? ` Il manque ${formatMoney(shortfall)} pour ce renouvellement${right.coFundingAllowed ? ' : déclarez un complément de financement.' : '.'}`
              : ''}
          </DrawingRightCallout>
        )}
        {proposal && (
          <section aria-labelledby="commande-titre" class="fr-mb-4w">
            <h2 id="commande-titre">Commande de renouvellement</h2>
            <p>{offerText(proposal)}</p>
            <p>
              Total : <Money cents={proposal.totalCents} />, pour {proposal.seats} poste(s).
            </p>
            <p>
              {subscription.ended
                ? 'L’abonnement actuel est terminé : le nouveau commencera à la livraison par l’éditeur.'
                : `Le nouvel abonnement prendra la suite de l’actuel le ${formatDate(plan.startsOn)}, sans interruption, si l’éditeur le livre d’ici là ; sinon il commencera à la livraison.`}
            </p>
            <form method="post" action={base}>
              <CsrfField token={csrfToken} />
              <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
              <input type="hidden" name="offer" value={String(proposal.offer)} />
              <input type="hidden" name="acceptedUnitPriceCents" value={String(proposal.unitPriceCents)} />
              {right?.coFundingAllowed && <TopUpFieldset topUp={topUp} />}
              <button type="submit" class="fr-btn" disabled={!right?.open}>
                Confirmer le renouvellement ({formatMoney(proposal.totalCents)})
              </button>
            </form>
          </section>
        )}
        {plan.alternatives.length > 0 && (
          <section aria-labelledby="autres-offres-titre" class="fr-mb-4w">
            <h2 id="autres-offres-titre">Autres offres d’abonnement de la même ressource</h2>
            <form method="get" action={base}>
              <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">Choisir une autre offre</legend>
                {plan.alternatives.map((offer) => (
                  <div class="fr-fieldset__element">
                    <div class="fr-radio-group">
                      <input
                        type="radio"
                        id={`offre-${offer.offer}`}
                        name="offre"
                        value={String(offer.offer)}
                        checked={proposal?.offer === offer.offer}
                        required
                      />
                      <label class="fr-label" for={`offre-${offer.offer}`}>
                        {offerText(offer)}
                      </label>
                    </div>
                  </div>
                ))}
              </fieldset>
              <button type="submit" class="fr-btn fr-btn--secondary">
                Voir le renouvellement avec cette offre
              </button>
            </form>
          </section>
        )}
        <p>
          <a class="fr-link" href={subscriptionsUrl(establishment.uai)}>
            Retour aux abonnements
          </a>
        </p>
      </div>
    ),
  });
}
