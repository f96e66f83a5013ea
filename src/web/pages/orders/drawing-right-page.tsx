// The drawing right of an establishment (/etablissements/:uai/droit-de-tirage): per open campaign,
// what it received (allocation, adjustments, reallocations, co-funding top-ups), what it spent
// (delivered) and committed (ordered, not delivered yet), what is left and until when, then every
// ledger entry, newest first. The head holds it; the referent and the librarian read it.
import { ScrollableTable } from '../../components/scrollable-table.js';
import type { Actor } from '../../../modules/accounts/actor.js';
import type { DrawingRightPage } from '../../../modules/orders/drawing-right-page.service.js';
import { formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Breadcrumb } from './common.js';

type Right = DrawingRightPage['rights'][number];

const campaignStates: Record<string, string> = {
  draft: 'en préparation',
  open: 'ouverte',
  closed: 'close',
  settled: 'soldée',
};

function Summary({ right }: { right: Right }) {
  const rows: [string, number, string?][] = [
    ['Dotation', right.allocationCents],
    ['Ajustements', right.adjustmentsCents],
    ...(right.reallocationsCents !== 0
      ? [['Réaffectations', right.reallocationsCents] as [string, number]]
      : []),
    [
      'Compléments de financement',
      right.topUpsCents,
      right.topUpRefundsCents > 0
        ? `après ${formatMoney(right.topUpRefundsCents)} rendus aux financeurs`
        : undefined,
    ],
    // Spent and committed are positive cents taken from the right: shown as what they take away.
    ['Dépensé (commandes livrées)', right.spentCents === 0 ? 0 : -right.spentCents],
    ['Engagé (commandes en cours)', right.committedCents === 0 ? 0 : -right.committedCents],
  ];
  return (
    <ScrollableTable
      bordered
      caption={'Le droit de tirage poste par poste : le reste disponible en est la somme'}
      head={['Poste', 'Montant']}
    >
      {rows.map(([label, cents, hint]) => (
        <tr>
          <th scope="row">
            {label}
            {hint && <span class="fr-hint-text">{hint}</span>}
          </th>
          <td class="ccr-money">{formatMoney(cents)}</td>
        </tr>
      ))}
      <tr>
        <th scope="row">
          <strong>Reste disponible</strong>
        </th>
        <td class="ccr-money">
          <strong>{formatMoney(right.remainingCents)}</strong>
        </td>
      </tr>
    </ScrollableTable>
  );
}

function History({ right }: { right: Right }) {
  if (right.history.length === 0) return <p>Aucun mouvement pour l’instant.</p>;
  return (
    <ScrollableTable
      bordered
      caption={'Mouvements du droit de tirage, le plus récent d’abord'}
      head={['Date', 'Opération', 'Montant', 'Solde après', 'Détail']}
    >
      {right.history.map((entry) => (
        <tr>
          <td>{formatDate(entry.at)}</td>
          <td>
            {entry.label}
            {entry.orderId !== null &&
              (right.pooled ? (
                ` n° ${entry.orderId}`
              ) : (
                <>
                  {' '}
                  <a href={`/commandes/${entry.orderId}`}>n° {entry.orderId}</a>
                </>
              ))}
          </td>
          <td class="ccr-money">{formatMoney(entry.amountCents)}</td>
          <td class="ccr-money">{formatMoney(entry.balanceAfterCents)}</td>
          <td>
            {entry.detail}
            {entry.by && <span class="fr-hint-text">par {entry.by}</span>}
          </td>
        </tr>
      ))}
    </ScrollableTable>
  );
}

export function renderDrawingRightPage({ actor, page }: { actor: Actor; page: DrawingRightPage }): string {
  const { establishment } = page;
  const cartUrl = `/etablissements/${establishment.uai}/panier`;
  return renderPage({
    actor,
    title: `Droit de tirage - ${establishment.name}`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Mon espace', href: '/mon-espace' },
            { label: `Droit de tirage de ${establishment.name}` },
          ]}
        />
        <h1>Droit de tirage de {establishment.name}</h1>
        {page.holder ? (
          <p>
            Vous détenez ce droit de tirage : vous commandez le{' '}
            <a href={cartUrl}>panier de l’établissement</a>.
          </p>
        ) : (
          <p>
            Vous consultez ce droit de tirage : seul le chef d’établissement commande. Préparez le{' '}
            <a href={cartUrl}>panier de l’établissement</a>.
          </p>
        )}
        {page.rights.length === 0 && (
          <p>Aucune campagne ouverte ne donne de droit de tirage à cet établissement pour l’instant.</p>
        )}
        {page.rights.map((right) => (
          <section class="fr-mt-4w" aria-labelledby={`campagne-${right.campaign.id}`}>
            <h2 id={`campagne-${right.campaign.id}`}>Campagne « {right.campaign.name} »</h2>
            <div class="fr-callout fr-mb-3w" id={`reste-${right.campaign.id}`}>
              <p class="fr-callout__title">Reste disponible : {formatMoney(right.remainingCents)}</p>
              <p class="fr-callout__text">
                Commandes jusqu’au {formatDate(right.campaign.orderingDeadline)} (campagne{' '}
                {campaignStates[right.campaign.status] ?? right.campaign.status}).
                {right.pooled &&
                  ` Droit mutualisé « ${right.poolName} » : ses mouvements sont communs au groupement.`}
              </p>
            </div>
            <Summary right={right} />
            <h3>Historique des mouvements</h3>
            <History right={right} />
          </section>
        ))}
      </div>
    ),
  });
}
