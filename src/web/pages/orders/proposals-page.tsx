// "Mes propositions" (/mes-propositions): what the signed-in person proposed, in every establishment,
// and what became of it: proposed, in the cart, ordered, delivered, or declined with the reason.
import type { ComponentChildren } from 'preact';
import type { Actor } from '../../../modules/accounts/actor.js';
import type { ProposalState } from '../../../modules/orders/proposal-state.js';
import { proposalStateLabels } from '../../../modules/orders/proposal-state.js';
import type { ProposalItem } from '../../../modules/orders/proposals.service.js';
import { countOf, formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Breadcrumb } from './common.js';

const badgeKinds: Record<ProposalState, string> = {
  proposed: 'fr-badge--new',
  'in-cart': 'fr-badge--info',
  ordered: 'fr-badge--blue-ecume',
  delivered: 'fr-badge--success',
  declined: 'fr-badge--error',
};

function Fact({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div class="ccr-notice__row">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Proposal({ proposal }: { proposal: ProposalItem }) {
  return (
    <li class="fr-mb-4w" id={`proposition-${proposal.id}`}>
      <h2 class="fr-h5 fr-mb-1v">
        <a href={proposal.resource.url}>{proposal.resource.title}</a>
      </h2>
      <p class={`fr-badge ${badgeKinds[proposal.state]} fr-mb-1w`}>{proposalStateLabels[proposal.state]}</p>
      <dl class="ccr-notice">
        <Fact name="Offre">
          {proposal.offer
            ? `${proposal.offer.label} (${proposal.offer.licence}) — ${formatMoney(proposal.offer.priceCents)}`
            : 'non précisée'}
        </Fact>
        <Fact name="Postes">{proposal.seats === null ? 'non précisé' : String(proposal.seats)}</Fact>
        {proposal.note && <Fact name="Note">« {proposal.note} »</Fact>}
        <Fact name="Proposée le">{formatDate(proposal.createdAt)}</Fact>
        <Fact name="Établissement">
          {proposal.establishment.name} ({proposal.establishment.uai})
        </Fact>
        {proposal.declined && (
          <Fact name="Refusée">
            le {formatDate(proposal.declined.at)} par {proposal.declined.by} : « {proposal.declined.reason} »
          </Fact>
        )}
        {proposal.setback && <Fact name="À noter">{proposal.setback}</Fact>}
      </dl>
    </li>
  );
}

export function renderProposalsPage({
  actor,
  proposals,
}: {
  actor: Actor;
  proposals: ProposalItem[];
}): string {
  return renderPage({
    actor,
    title: 'Mes propositions',
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Mon espace', href: '/mon-espace' },
            { label: 'Mes propositions' },
          ]}
        />
        <h1>Mes propositions</h1>
        <p>
          Les ressources que vous avez proposées pour votre établissement et ce qu’elles sont devenues :
          proposées, dans le panier, commandées, livrées ou refusées (avec le motif). Proposez une ressource
          depuis sa fiche, dans le <a href="/recherche">catalogue</a>.
        </p>
        {proposals.length === 0 ? (
          <p>Vous n’avez encore proposé aucune ressource.</p>
        ) : (
          <>
            <p class="fr-text--sm">{countOf(proposals.length, 'proposition')}, la plus récente d’abord.</p>
            <ul class="fr-raw-list">
              {proposals.map((proposal) => (
                <Proposal proposal={proposal} />
              ))}
            </ul>
          </>
        )}
      </div>
    ),
  });
}
