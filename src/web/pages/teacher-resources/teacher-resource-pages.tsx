// Teachers' own resources: the form (a file or a link, the publishers' vocabulary pickers, a Creative
// Commons licence), "Mes ressources", and the moderators' queue and decision page.
import type { Actor } from '../../../modules/accounts/actor.js';
import { disciplines, licences, resourceTypes } from '../../../modules/catalogue/vocabulary.js';
import {
  acceptedExtensions,
  MAX_TEACHER_FILE_MEGABYTES,
} from '../../../modules/teacher-resources/file-content.js';
import { creativeCommonsLicences } from '../../../modules/teacher-resources/teacher-resources.schema.js';
import {
  statusLabels,
  type TeacherResourceView,
} from '../../../modules/teacher-resources/teacher-resources.service.js';
import { Breadcrumb } from '../../breadcrumb.js';
import { ErrorSummary, SelectField, TextAreaField, TextField } from '../../components/form-fields.js';
import { countOf, formatDate } from '../../format.js';
import { renderPage } from '../../layout.js';
import { CsrfField, FlashAlerts, type Flash } from '../../page-kit.js';
import { LevelTree, VocabularyGroup } from '../notices/notice-form.js';
import { fieldIds, type FormErrors, type NoticeFormValues } from '../notices/notice-form-values.js';

export interface TeacherFormValues {
  notice: NoticeFormValues;
  kind: string;
  url: string;
}

const day = (date: Date) => formatDate(date.toISOString().slice(0, 10));

function Kind({ values, errors }: { values: TeacherFormValues; errors: FormErrors }) {
  const choices = [
    { value: 'file', label: `Un fichier (${MAX_TEACHER_FILE_MEGABYTES} Mo au plus)` },
    { value: 'link', label: 'Un lien vers une page en ligne' },
  ];
  return (
    <fieldset
      class={errors.fields.kind ? 'fr-fieldset fr-fieldset--error' : 'fr-fieldset'}
      id="kind"
      aria-labelledby="kind-legend kind-messages"
    >
      <legend class="fr-fieldset__legend" id="kind-legend">
        Ma ressource est *
      </legend>
      {choices.map((choice) => (
        <div class="fr-fieldset__element">
          <div class="fr-radio-group">
            <input
              type="radio"
              id={`kind-${choice.value}`}
              name="kind"
              value={choice.value}
              checked={values.kind === choice.value}
            />
            <label class="fr-label" for={`kind-${choice.value}`}>
              {choice.label}
            </label>
          </div>
        </div>
      ))}
      <div class="fr-messages-group" id="kind-messages" aria-live="polite">
        {errors.fields.kind && <p class="fr-message fr-message--error">{errors.fields.kind}</p>}
      </div>
    </fieldset>
  );
}

export function renderTeacherResourceForm(props: {
  actor: Actor;
  values: TeacherFormValues;
  errors: FormErrors;
  errorTitle?: string | undefined;
}): string {
  const { values, errors } = props;
  const notice = values.notice;
  return renderPage({
    actor: props.actor,
    title: 'Publier une ressource',
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Mes ressources', href: '/mes-ressources' },
            { label: 'Publier une ressource' },
          ]}
        />
        <h1>Publier une ressource</h1>
        <p>
          Partagez une ressource que vous avez créée : après une modération légère, elle rejoint le catalogue
          comme ressource gratuite, sous la licence Creative Commons de votre choix.
        </p>
        <form
          method="post"
          action="/mes-ressources"
          enctype="multipart/form-data"
          aria-labelledby="formulaire-ressource"
        >
          {/* First: the token must arrive before the file for the file to be kept. */}
          <CsrfField token={props.actor.csrfToken} />
          <h2 id="formulaire-ressource">La ressource</h2>
          {props.errorTitle && (
            <ErrorSummary id="erreurs-ressource" title={props.errorTitle} lines={errors.lines} />
          )}
          <p class="fr-hint-text">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
          <TextField
            id={fieldIds.title}
            name="title"
            label="Titre *"
            value={notice.title}
            error={errors.fields[fieldIds.title]}
          />
          <TextAreaField
            id={fieldIds.description}
            name="description"
            label="Description *"
            hint="À quoi sert la ressource, avec quelle classe. 5 000 caractères au plus."
            rows={5}
            value={notice.description}
            error={errors.fields[fieldIds.description]}
          />
          <TextField
            id={fieldIds.keywords}
            name="keywords"
            label="Mots-clés"
            hint="Séparés par des virgules"
            value={notice.keywords}
            error={errors.fields[fieldIds.keywords]}
            required={false}
          />
          <LevelTree values={notice} errors={errors} />
          <VocabularyGroup
            field="disciplines"
            legend="Disciplines *"
            vocabulary={disciplines}
            values={notice}
            errors={errors}
          />
          <VocabularyGroup
            field="types"
            legend="Types de ressource"
            vocabulary={resourceTypes}
            values={notice}
            errors={errors}
          />
          <SelectField
            id={fieldIds.licence}
            name="licence"
            label="Licence Creative Commons *"
            hint="Ce que d’autres peuvent faire de votre ressource, en vous citant."
            options={[
              { value: '', label: 'Choisir une licence' },
              ...licences
                .filter((licence) => (creativeCommonsLicences as readonly string[]).includes(licence.code))
                .map((licence) => ({ value: licence.code, label: licence.label })),
            ]}
            value={notice.licence}
            error={errors.fields[fieldIds.licence]}
          />
          <h2 class="fr-mt-4w">Le fichier ou le lien</h2>
          <Kind values={values} errors={errors} />
          <div class={errors.fields.file ? 'fr-upload-group fr-input-group--error' : 'fr-upload-group'}>
            <label class="fr-label" for="file">
              Fichier
              <span class="fr-hint-text" id="file-hint">
                {MAX_TEACHER_FILE_MEGABYTES} Mo au plus. Formats : PDF, PNG, JPEG, OpenDocument (.odt, .odp,
                .ods), Word, PowerPoint, texte (.txt, .md), MP4, MP3. Le contenu est vérifié, pas seulement le
                nom.
              </span>
            </label>
            <input
              class="fr-upload"
              type="file"
              id="file"
              name="file"
              accept={acceptedExtensions.join(',')}
              aria-describedby={errors.fields.file ? 'file-hint file-error' : 'file-hint'}
            />
            {errors.fields.file && (
              <p class="fr-error-text" id="file-error">
                {errors.fields.file}
              </p>
            )}
          </div>
          <TextField
            id="url"
            name="url"
            type="url"
            label="Lien"
            hint="Pour une ressource en ligne : son adresse, https://…"
            value={values.url}
            error={errors.fields.url}
            required={false}
          />
          <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
            <li>
              <button type="submit" class="fr-btn">
                Envoyer à la modération
              </button>
            </li>
          </ul>
        </form>
      </div>
    ),
  });
}

const badge: Record<TeacherResourceView['status'], string> = {
  pending: 'fr-badge--new',
  accepted: 'fr-badge--success',
  refused: 'fr-badge--error',
};

function ResourceFacts({ resource }: { resource: TeacherResourceView }) {
  return (
    <dl class="ccr-notice">
      <div class="ccr-notice__row">
        <dt>Niveaux</dt>
        <dd>{resource.levels.join(', ') || '—'}</dd>
      </div>
      <div class="ccr-notice__row">
        <dt>Disciplines</dt>
        <dd>{resource.disciplines.join(', ') || '—'}</dd>
      </div>
      <div class="ccr-notice__row">
        <dt>Licence</dt>
        <dd>{resource.licence}</dd>
      </div>
      <div class="ccr-notice__row">
        <dt>{resource.kind === 'file' ? 'Fichier' : 'Lien'}</dt>
        <dd>
          {resource.file ? (
            <a href={resource.file.href}>
              {resource.file.name} ({Math.max(1, Math.round(resource.file.sizeBytes / 1000))} ko)
            </a>
          ) : (
            resource.url
          )}
        </dd>
      </div>
      {resource.decision?.reason && (
        <div class="ccr-notice__row">
          <dt>Motif du refus</dt>
          <dd>
            « {resource.decision.reason} » ({resource.decision.by})
          </dd>
        </div>
      )}
    </dl>
  );
}

export function renderMyResourcesPage(props: {
  actor: Actor;
  resources: TeacherResourceView[];
  flash?: Flash;
}): string {
  return renderPage({
    actor: props.actor,
    title: 'Mes ressources',
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Mon espace', href: '/mon-espace' },
            { label: 'Mes ressources' },
          ]}
        />
        <h1>Mes ressources</h1>
        <FlashAlerts flash={props.flash ?? {}} />
        <p>
          <a class="fr-btn" href="/mes-ressources/nouvelle">
            Publier une ressource
          </a>
        </p>
        {props.resources.length === 0 ? (
          <p>Vous n’avez encore publié aucune ressource.</p>
        ) : (
          <ul class="fr-raw-list">
            {props.resources.map((resource) => (
              <li class="fr-mb-4w" id={`ressource-${resource.id}`}>
                <h2 class="fr-h5 fr-mb-1v">
                  {resource.resourceUrl ? (
                    <a href={resource.resourceUrl}>{resource.title}</a>
                  ) : (
                    resource.title
                  )}
                </h2>
                <p class={`fr-badge ${badge[resource.status]} fr-mb-1w`}>{statusLabels[resource.status]}</p>
                <p class="fr-text--sm fr-mb-1v">Envoyée le {day(resource.createdAt)}</p>
                <ResourceFacts resource={resource} />
              </li>
            ))}
          </ul>
        )}
      </div>
    ),
  });
}

export function renderModerationQueue(props: {
  actor: Actor;
  resources: TeacherResourceView[];
  flash?: Flash;
}): string {
  return renderPage({
    actor: props.actor,
    title: 'Ressources d’enseignants à modérer',
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Mon espace', href: '/mon-espace' },
            { label: 'Ressources d’enseignants à modérer' },
          ]}
        />
        <h1>Ressources d’enseignants à modérer</h1>
        <FlashAlerts flash={props.flash ?? {}} />
        <p>
          {countOf(props.resources.length, 'ressource en attente', 'ressources en attente')}, la plus ancienne
          d’abord.
        </p>
        <ul class="fr-raw-list">
          {props.resources.map((resource) => (
            <li class="fr-mb-3w">
              <h2 class="fr-h5 fr-mb-1v">
                <a href={`/moderation/ressources-enseignants/${resource.id}`}>{resource.title}</a>
              </h2>
              <p class="fr-text--sm fr-mb-0">
                par {resource.author}, envoyée le {day(resource.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      </div>
    ),
  });
}

export function renderModerationPage(props: {
  actor: Actor;
  resource: TeacherResourceView;
  flash?: Flash;
  reason?: string;
}): string {
  const { resource } = props;
  return renderPage({
    actor: props.actor,
    title: `${resource.title} - Modération`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Ressources d’enseignants à modérer', href: '/moderation/ressources-enseignants' },
            { label: resource.title },
          ]}
        />
        <h1>{resource.title}</h1>
        <FlashAlerts flash={props.flash ?? {}} />
        <p>
          par <strong>{resource.author}</strong> —{' '}
          <span class={`fr-badge ${badge[resource.status]}`}>{statusLabels[resource.status]}</span>
        </p>
        {resource.description.split(/\n\s*\n/).map((paragraph) => (
          <p>{paragraph}</p>
        ))}
        <ResourceFacts resource={resource} />
        {resource.status === 'pending' && (
          <form
            method="post"
            action={`/moderation/ressources-enseignants/${resource.id}/decision`}
            aria-labelledby="decision"
          >
            <h2 id="decision" class="fr-mt-4w">
              Décision
            </h2>
            <CsrfField token={props.actor.csrfToken} />
            <TextAreaField
              id="reason"
              name="reason"
              label="Motif (obligatoire pour un refus)"
              hint="L’auteur le lit dans sa notification."
              value={props.reason}
              rows={3}
            />
            <ul class="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button type="submit" class="fr-btn" name="decision" value="accept">
                  Accepter et publier
                </button>
              </li>
              <li>
                <button type="submit" class="fr-btn fr-btn--secondary" name="decision" value="refuse">
                  Refuser
                </button>
              </li>
            </ul>
          </form>
        )}
      </div>
    ),
  });
}
