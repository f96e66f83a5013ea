// "Mes propositions" (/mes-propositions): what the signed-in person proposed, in every establishment,
// and what became of it: proposed, in the cart, ordered, delivered, or declined with the reason.
import type { ComponentChildren } from 'preact';
import type { Actor } from '../../../modules/accounts/actor.js';
import type { ProposalState } from '../../../modules/orders/proposal-state.js';
import { proposalStateLabels } from '../../../modules/orders/proposal-state.js';
import type { ProposalItem } from '../../../modules/orders/proposals.service.js';
import type { RankedProposalsView } from '../../../modules/orders/proposal-votes.service.js';
import { ScrollableTable } from '../../components/scrollable-table.js';
import { countOf, formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { FlashAlerts, type Flash } from '../../page-kit.js';
import { Breadcrumb, CsrfField } from './common.js';

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

/**
 * The establishment's open proposals ranked by votes (/etablissements/:uai/propositions): every member
 * of the team votes for the others' proposals; the referent, the librarian and the head read each
 * cost against what the drawing right has left once the cart is paid, tick proposals and put them in
 * the cart in one step. The boxes belong to the selection form below the table (form attribute), so
 * each vote keeps its own small form.
 */
export function renderRankedProposalsPage({
  actor,
  view,
  csrfToken,
  flash = {},
}: {
  actor: Actor;
  view: RankedProposalsView;
  csrfToken: string;
  flash?: Flash;
}): string {
  const base = `/etablissements/${encodeURIComponent(view.establishment.uai)}`;
  return renderPage({
    actor,
    title: `Propositions classées par votes - ${view.establishment.name}`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Mon espace', href: '/mon-espace' },
            { label: 'Propositions classées par votes' },
          ]}
        />
        <h1>Propositions classées par votes</h1>
        <p>
          {view.establishment.name} ({view.establishment.uai}) : les ressources proposées par l’équipe, de la
          plus soutenue à la moins soutenue. Chacun vote pour les propositions de ses collègues, une fois par
          proposition.
        </p>
        <FlashAlerts flash={flash} />
        {view.remainingCents !== null && (
          <p>
            Reste sur le droit de tirage : <strong>{formatMoney(view.remainingCents)}</strong> ; panier en
            cours : {formatMoney(view.cartTotalCents)} ; disponible pour de nouvelles lignes :{' '}
            <strong>{formatMoney(view.availableCents ?? 0)}</strong>.
          </p>
        )}
        {view.items.length === 0 ? (
          <p>Aucune proposition ouverte pour l’instant.</p>
        ) : (
          <ScrollableTable
            caption={`${countOf(view.items.length, 'proposition ouverte', 'propositions ouvertes')}, classées par votes`}
            head={[
              view.can.select && 'Sélection',
              'Rang',
              'Ressource',
              'Proposée par',
              'Votes',
              'Ligne suggérée',
              'Coût',
              view.remainingCents !== null && 'Cumul',
              'Vote',
            ]}
          >
            {view.items.map((item) => (
              <tr id={`proposition-${item.proposal.id}`}>
                {view.can.select && (
                  <td>
                    {item.proposal.state === 'proposed' && item.suggested ? (
                      <div class="fr-checkbox-group">
                        <input
                          type="checkbox"
                          id={`choix-${item.proposal.id}`}
                          name="proposal"
                          value={String(item.proposal.id)}
                          form="selection"
                        />
                        <label class="fr-label" for={`choix-${item.proposal.id}`}>
                          <span class="fr-sr-only">Sélectionner {item.proposal.resource.title}</span>
                        </label>
                      </div>
                    ) : item.proposal.state === 'in-cart' ? (
                      'dans le panier'
                    ) : (
                      'sans offre'
                    )}
                  </td>
                )}
                <td>{item.rank}</td>
                <td>
                  <a href={item.proposal.resource.url}>{item.proposal.resource.title}</a>
                  {item.proposal.note && <p class="fr-text--sm fr-mb-0">« {item.proposal.note} »</p>}
                </td>
                <td>{item.proposal.proposer}</td>
                <td>{item.votes}</td>
                <td>
                  {item.suggested
                    ? `${item.offers.find((offer) => offer.id === item.suggested!.offer)?.label ?? ''} × ${item.suggested.quantity}, ${item.suggested.seats} poste(s)`
                    : 'aucune offre payante aujourd’hui'}
                </td>
                <td>{item.costCents === null ? '—' : formatMoney(item.costCents)}</td>
                {view.remainingCents !== null && (
                  <td>
                    {item.cumulativeCents === null
                      ? '—'
                      : `${formatMoney(item.cumulativeCents)}${item.withinRight === false ? ' (au-delà du disponible)' : ''}`}
                  </td>
                )}
                <td>
                  {item.mayVote ? (
                    <form
                      method="post"
                      action={`${base}/propositions/${item.proposal.id}/${item.votedByMe ? 'retirer-vote' : 'vote'}`}
                    >
                      <CsrfField token={csrfToken} />
                      <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                        {item.votedByMe ? 'Retirer mon vote' : 'Voter'}
                        <span class="fr-sr-only"> pour {item.proposal.resource.title}</span>
                      </button>
                    </form>
                  ) : (
                    'votre proposition'
                  )}
                </td>
              </tr>
            ))}
          </ScrollableTable>
        )}
        {view.can.select && view.items.length > 0 && (
          <form id="selection" method="post" action={`${base}/propositions/selection`}>
            <CsrfField token={csrfToken} />
            <p class="fr-hint-text">
              Chaque proposition cochée devient une ligne du panier : son offre (ou la moins chère), ses
              postes et la quantité suggérée.
            </p>
            <button type="submit" class="fr-btn">
              Mettre la sélection au panier
            </button>
          </form>
        )}
        <p class="fr-mt-4w">
          <a class="fr-link" href={`${base}/panier`}>
            Voir le panier
          </a>
        </p>
      </div>
    ),
  });
}
