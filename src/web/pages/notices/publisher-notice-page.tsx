// One of the publisher's notices: its status, each decision with its reasons by criterion, the warnings
// of the current version, the versions, the current fields as the product page shows them, and the
// buttons to edit and resubmit or to withdraw it. Withdrawing is confirmed on a page of its own first.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { PublisherNotice } from '../../../modules/notices/publisher-notices.service.js';
import { ScrollableTable } from '../../components/scrollable-table.js';
import { renderPage } from '../../layout.js';
import { CsrfField, type Flash } from '../../page-kit.js';
import { NoticeSummary } from './notice-form-summary.js';
import { IssueList } from './publisher-notice-issues.js';
import {
  NOTICES_PATH,
  NoticeStatusBadge,
  Reasons,
  Shell,
  dayOf,
  noticePath,
} from './publisher-notice-parts.js';

const sourceLabels: Record<string, string> = {
  form: 'formulaire',
  json: 'API',
  scolomfr: 'fichier ScoLOMfr',
};

function Decisions({ notice }: { notice: PublisherNotice }) {
  return (
    <section aria-labelledby="decisions-titre" class="fr-mb-6w">
      <h2 id="decisions-titre">Décisions des experts</h2>
      {notice.decisions.length === 0 ? (
        <p>Aucune décision pour l’instant : la notice attend l’examen d’un expert.</p>
      ) : (
        <ol>
          {notice.decisions.map((decision) => (
            <li>
              <p class="fr-mb-1w">
                Version {decision.version} : <strong>{decision.decisionLabel}</strong> le{' '}
                {dayOf(decision.decidedAt)}
              </p>
              {decision.reasons.length > 0 ? (
                <Reasons reasons={decision.reasons} />
              ) : (
                <p class="fr-mb-1w">Sans remarque.</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function renderNoticePage(input: { actor: Actor; notice: PublisherNotice; flash: Flash }): string {
  const { notice } = input;
  const row = notice.notice;
  const canEdit = notice.can.edit;
  return renderPage({
    actor: input.actor,
    title: `Notice « ${row.title} »`,
    children: (
      <Shell
        title={row.title}
        crumbs={[{ label: 'Mes notices', href: NOTICES_PATH }, { label: row.title }]}
        flash={input.flash}
      >
        <div class="ccr-resource-summary fr-mb-3w">
          <NoticeStatusBadge status={row.status} label={notice.notice.statusLabel} />
          <p class="fr-mb-0">
            Version {row.current_version}, soumise le {dayOf(row.submitted_at)} pour{' '}
            <strong>{row.producer_name}</strong>
          </p>
        </div>
        <p>Identifiant : {row.identifier}</p>
        {row.resource_id !== null && row.status === 'accepted' && (
          <p>
            <a class="fr-link" href={`/ressources/${row.resource_id}`}>
              Voir la ressource dans le catalogue
            </a>
          </p>
        )}
        {(canEdit || notice.can.withdraw) && (
          <ul class="fr-btns-group fr-btns-group--inline-md fr-mb-4w">
            {canEdit && (
              <li>
                <a class="fr-btn" href={`${noticePath(row.id)}/modifier`}>
                  Modifier et soumettre à nouveau
                </a>
              </li>
            )}
            {notice.can.withdraw && (
              <li>
                <a class="fr-btn fr-btn--secondary" href={`${noticePath(row.id)}/retirer`}>
                  Retirer du catalogue
                </a>
              </li>
            )}
          </ul>
        )}
        <Decisions notice={notice} />
        {notice.warnings.length > 0 && (
          <section aria-labelledby="avertissements-titre" class="fr-mb-6w">
            <h2 id="avertissements-titre">Avertissements de la version {row.current_version}</h2>
            <p>La notice est enregistrée ; ces points méritent d’être revus.</p>
            <IssueList issues={notice.warnings} />
          </section>
        )}
        <section aria-labelledby="versions-titre" class="fr-mb-6w">
          <h2 id="versions-titre">Versions</h2>
          <ScrollableTable
            caption="Versions de la notice, la plus récente d’abord"
            head={['Version', 'Soumise le', 'Par']}
          >
            {notice.versions.map((version) => (
              <tr>
                <td>{version.version}</td>
                <td>{dayOf(version.submittedAt)}</td>
                <td>{sourceLabels[version.sourceFormat] ?? version.sourceFormat}</td>
              </tr>
            ))}
          </ScrollableTable>
        </section>
        <section aria-labelledby="version-actuelle-titre">
          <h2 id="version-actuelle-titre">Version actuelle, telle que la page de la ressource la montrera</h2>
          <NoticeSummary
            fields={notice.fields}
            producerName={row.producer_name}
            heading="h3"
            idPrefix="actuelle"
          />
        </section>
      </Shell>
    ),
  });
}

export function renderWithdrawPage(input: {
  actor: Actor;
  notice: PublisherNotice;
  flash?: Flash | undefined;
}): string {
  const { notice } = input;
  const row = notice.notice;
  return renderPage({
    actor: input.actor,
    title: `Retirer la notice « ${row.title} »`,
    children: (
      <Shell
        title={`Retirer « ${row.title} » du catalogue`}
        crumbs={[
          { label: 'Mes notices', href: NOTICES_PATH },
          { label: row.title, href: noticePath(row.id) },
          { label: 'Retirer' },
        ]}
        flash={input.flash}
      >
        {notice.can.withdraw ? (
          <>
            <div class="fr-alert fr-alert--warning fr-mb-4w">
              <h2 class="fr-alert__title">Ce que le retrait change</h2>
              <ul>
                <li>La ressource quitte la recherche du catalogue dès la confirmation.</li>
                <li>
                  Les commandes et les abonnements déjà passés restent valables : vous livrez et honorez ce
                  qui a été commandé.
                </li>
                <li>Vous pourrez la proposer à nouveau en soumettant une nouvelle version de la notice.</li>
              </ul>
            </div>
            <form method="post" action={`${noticePath(row.id)}/retirer`}>
              <CsrfField token={input.actor.csrfToken} />
              <ul class="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <button type="submit" class="fr-btn">
                    Confirmer le retrait
                  </button>
                </li>
                <li>
                  <a class="fr-btn fr-btn--secondary" href={noticePath(row.id)}>
                    Garder la notice
                  </a>
                </li>
              </ul>
            </form>
          </>
        ) : (
          <>
            <p>Cette notice est déjà retirée du catalogue.</p>
            <p>
              <a class="fr-link" href={noticePath(row.id)}>
                Retour à la notice
              </a>
            </p>
          </>
        )}
      </Shell>
    ),
  });
}
