// Importing ScoLOMfr notices: the upload form (one or several .xml files, or a .zip of them, as one of
// the publisher's producers), then each notice's result with its located errors and warnings, and the
// counts of accepted, warned and rejected notices.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { ImportSummary, NoticeImportResult } from '../../../modules/notices/notice-import.service.js';
import { MAX_UPLOAD_FILES, MAX_UPLOAD_MEGABYTES } from '../../../modules/notices/notice-uploads.js';
import type { PublisherProducer } from '../../../modules/notices/publisher-notices.service.js';
import { SelectField } from '../../components/form-fields.js';
import { countOf } from '../../format.js';
import { renderPage } from '../../layout.js';
import { CsrfField, type Flash } from '../../page-kit.js';
import { IssueList } from './publisher-notice-issues.js';
import { IMPORT_NOTICES_PATH, NOTICES_PATH, Shell, noticePath } from './publisher-notice-parts.js';

/** Results shown one by one; past this many, the counts still say everything. */
const MAX_RESULTS_SHOWN = 1000;

const statusBadges: Record<NoticeImportResult['status'], { label: string; kind: string }> = {
  accepted: { label: 'acceptée', kind: 'fr-badge--success' },
  warning: { label: 'acceptée avec avertissements', kind: 'fr-badge--warning' },
  rejected: { label: 'refusée', kind: 'fr-badge--error' },
};

function Results({ summary, results }: { summary: ImportSummary; results: readonly NoticeImportResult[] }) {
  const shown = results.slice(0, MAX_RESULTS_SHOWN);
  return (
    <section aria-labelledby="resultats-titre" class="fr-mb-6w" id="resultats" tabIndex={-1}>
      <h2 id="resultats-titre">Résultat de l’import</h2>
      <dl class="ccr-notice fr-mb-4w" id="bilan">
        <div class="ccr-notice__row">
          <dt>Notices lues</dt>
          <dd>{summary.notices}</dd>
        </div>
        <div class="ccr-notice__row">
          <dt>Acceptées</dt>
          <dd>{summary.accepted}</dd>
        </div>
        <div class="ccr-notice__row">
          <dt>Acceptées avec avertissements</dt>
          <dd>{summary.warning}</dd>
        </div>
        <div class="ccr-notice__row">
          <dt>Refusées</dt>
          <dd>{summary.rejected}</dd>
        </div>
      </dl>
      {summary.notices === 0 && <p>Aucune notice n’a été trouvée dans les fichiers envoyés.</p>}
      {summary.accepted + summary.warning > 0 && (
        <p>
          Les notices acceptées sont soumises : un expert les validera avant leur publication.{' '}
          <a href={`${NOTICES_PATH}?statut=en-attente`}>Voir mes notices en attente</a>
        </p>
      )}
      <ol class="ccr-results">
        {shown.map((result, index) => (
          <li id={`resultat-${index + 1}`}>
            <h3 class="fr-h6 fr-mb-1w">
              {index + 1}. {result.file}
            </h3>
            <p class={`fr-badge fr-badge--sm fr-badge--no-icon ${statusBadges[result.status].kind}`}>
              {statusBadges[result.status].label}
            </p>
            {result.notice !== undefined && (
              <p class="fr-mt-1w fr-mb-1w">
                <a href={noticePath(result.notice)}>
                  Voir la notice<span class="fr-sr-only"> de {result.file}</span>
                </a>
              </p>
            )}
            {result.errors.length > 0 && (
              <>
                <p class="fr-mt-1w fr-mb-0">{countOf(result.errors.length, 'erreur')} :</p>
                <IssueList issues={result.errors} />
              </>
            )}
            {result.warnings.length > 0 && (
              <>
                <p class="fr-mt-1w fr-mb-0">{countOf(result.warnings.length, 'avertissement')} :</p>
                <IssueList issues={result.warnings} />
              </>
            )}
          </li>
        ))}
      </ol>
      {results.length > shown.length && (
        <p>
          Les {results.length - shown.length} résultats suivants ne sont pas détaillés ici ; les comptes
          ci-dessus les incluent.
        </p>
      )}
    </section>
  );
}

export function renderImportPage(input: {
  actor: Actor;
  producers: readonly PublisherProducer[];
  producer?: string | undefined;
  flash?: Flash | undefined;
  outcome?: { summary: ImportSummary; results: NoticeImportResult[] } | undefined;
}): string {
  const { producers } = input;
  return renderPage({
    actor: input.actor,
    title: input.outcome ? 'Résultat de l’import de notices' : 'Importer des notices ScoLOMfr',
    children: (
      <Shell
        title="Importer des notices ScoLOMfr"
        crumbs={[{ label: 'Mes notices', href: NOTICES_PATH }, { label: 'Importer des notices' }]}
        flash={input.flash}
      >
        {input.outcome && <Results {...input.outcome} />}
        <form
          method="post"
          action={IMPORT_NOTICES_PATH}
          enctype="multipart/form-data"
          aria-labelledby="envoi-titre"
        >
          <h2 id="envoi-titre">{input.outcome ? 'Importer d’autres notices' : 'Fichiers à importer'}</h2>
          <p>
            Des notices au format ScoLOMfr 3.1 (XML) : un ou plusieurs fichiers .xml, ou une archive .zip qui
            en contient. Chaque notice est vérifiée (schéma, vocabulaires) et enregistrée à part : une notice
            refusée n’empêche pas les autres. Une notice dont l’identifiant existe déjà en devient une
            nouvelle version.
          </p>
          {/* The CSRF field first: the server reads it before the files. */}
          <CsrfField token={input.actor.csrfToken} />
          {producers.length > 1 ? (
            <SelectField
              id="import-producer"
              name="producer"
              label="Maison d’édition"
              options={producers.map((producer) => ({ value: String(producer.id), label: producer.name }))}
              value={input.producer}
            />
          ) : (
            <p>
              Notices importées pour <strong>{producers[0]?.name}</strong>.
            </p>
          )}
          <div class="fr-upload-group fr-mb-3w">
            <label class="fr-label" for="import-files">
              Fichiers .xml ou .zip
              <span class="fr-hint-text" id="import-files-hint">
                {MAX_UPLOAD_FILES} fichiers au plus, {MAX_UPLOAD_MEGABYTES} Mo au plus chacun.
              </span>
            </label>
            <input
              class="fr-upload"
              type="file"
              id="import-files"
              name="files"
              accept=".xml,.zip,application/xml,text/xml,application/zip"
              multiple
              required
              aria-describedby="import-files-hint"
            />
          </div>
          <button class="fr-btn" type="submit">
            Importer
          </button>
        </form>
      </Shell>
    ),
  });
}
