// The page of the notice form: a new notice, or a new version of one. After "Prévisualiser" the preview
// of the product page comes first (with the experts' checklist when the fields are valid), then the form
// with everything typed; after a refused "Soumettre", the form with each error next to its field.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { NoticePreview } from '../../../modules/notices/publisher-notices.service.js';
import { renderPage } from '../../layout.js';
import { Checklist, NoticeSummary, type SummaryFields } from './notice-form-summary.js';
import { NoticeForm, type NoticeFormProps } from './notice-form.js';
import { NOTICES_PATH, Shell, noticePath } from './publisher-notice-parts.js';

export interface FormPageInput extends Omit<NoticeFormProps, 'csrfToken'> {
  actor: Actor;
  /** The notice being edited. */
  notice?: { id: number; title: string } | undefined;
  preview?:
    { fields: SummaryFields; producerName: string; checklist: NoticePreview['checklist'] } | undefined;
}

export function renderNoticeFormPage(input: FormPageInput): string {
  const { notice, preview } = input;
  const title = notice ? `Modifier la notice « ${notice.title} »` : 'Nouvelle notice';
  return renderPage({
    actor: input.actor,
    title: preview ? `Aperçu - ${title}` : input.errorTitle ? `Erreurs - ${title}` : title,
    skipLinks: [{ href: '#formulaire-titre', label: 'Formulaire' }],
    children: (
      <Shell
        title={title}
        crumbs={[
          { label: 'Mes notices', href: NOTICES_PATH },
          ...(notice ? [{ label: notice.title, href: noticePath(notice.id) }] : []),
          { label: notice ? 'Modifier' : 'Nouvelle notice' },
        ]}
      >
        {preview && (
          <section aria-labelledby="apercu-section-titre" class="fr-mb-6w" id="apercu">
            <h2 id="apercu-section-titre">Aperçu de la page de la ressource</h2>
            <p>
              Rien n’est encore enregistré : la page de la ressource ressemblera à ceci une fois la notice
              validée. Corrigez le formulaire ci-dessous si besoin, puis soumettez-la.
            </p>
            <div class="fr-callout">
              <NoticeSummary
                fields={preview.fields}
                producerName={preview.producerName}
                heading="h3"
                idPrefix="apercu"
              />
            </div>
            <Checklist checks={preview.checklist} heading="h3" id="apercu-criteres" />
          </section>
        )}
        <NoticeForm {...input} csrfToken={input.actor.csrfToken} />
      </Shell>
    ),
  });
}
