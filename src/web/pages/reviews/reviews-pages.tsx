// The pages of reviews and appraisals besides the resource page: the review form (write or edit one's
// own), the report form, the moderators' queue, the appraisal form, the publisher's replies and the
// appraisers' list. DSFR forms that work without JavaScript; each error next to its field.
import type { Actor } from '../../../modules/accounts/actor.js';
import { disciplines, levels } from '../../../modules/catalogue/vocabulary.js';
import {
  autoFlagLabels,
  REPORT_REASON_MAX_LENGTH,
  REVIEW_MAX_LENGTH,
  type AutoFlag,
} from '../../../modules/reviews/review-text.js';
import {
  APPRAISAL_FIELD_MAX_LENGTH,
  MODERATION_REASON_MAX_LENGTH,
  REPLY_MAX_LENGTH,
} from '../../../modules/reviews/reviews.schema.js';
import type { ModerationItem } from '../../../modules/reviews/reviews.service.js';
import type { AppraisalView, ReviewView } from '../../../modules/reviews/reviews.presenter.js';
import { Breadcrumb } from '../../breadcrumb.js';
import { CheckboxField, CheckboxGroup, SelectField, TextAreaField } from '../../components/form-fields.js';
import { renderPage } from '../../layout.js';
import { Alert, CsrfField, FlashAlerts, type Flash } from '../../page-kit.js';
import { dayOf, ReviewBadges, reviewsPath, Stars } from './resource-reviews.js';

/** What was typed and what went wrong, by field name. */
export interface FormState {
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
  /** The refusal's message when it is about no field (a second review, the hourly limit…). */
  message?: string | undefined;
}

const emptyForm: FormState = { values: {}, errors: {} };
const text = (state: FormState, name: string) => {
  const value = state.values[name];
  return typeof value === 'string' ? value : '';
};

function FormErrors({ id, state, fields }: { id: string; state: FormState; fields: Record<string, string> }) {
  const lines = Object.entries(state.errors)
    .filter(([name]) => fields[name])
    .map(([name, message]) => ({ href: `#${fields[name]}`, text: message }));
  if (!state.message && lines.length === 0) return null;
  // An h2 (the page's h1 is just above): DSFR's error summary of a form, links to each field.
  return (
    <Alert
      kind="error"
      id={id}
      title={state.message ?? 'Le formulaire contient des erreurs : corrigez les champs signalés.'}
    >
      {lines.length > 0 && (
        <ul>
          {lines.map((line) => (
            <li>
              <a href={line.href}>{line.text}</a>
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

interface ResourceRef {
  identifier: string;
  title: string;
}

function ResourceCrumbs({ resource, current }: { resource: ResourceRef; current: string }) {
  return (
    <Breadcrumb
      items={[
        { label: 'Catalogue', href: '/recherche' },
        { label: resource.title, href: reviewsPath(resource.identifier) },
        { label: current },
      ]}
    />
  );
}

// ---- The review form ----

const ratingLabels = ['', 'décevante', 'moyenne', 'bonne', 'très bonne', 'excellente'];

function RatingField({ value, error }: { value: string; error: string | undefined }) {
  return (
    <fieldset
      class={error ? 'fr-fieldset fr-fieldset--error' : 'fr-fieldset'}
      id="avis-note"
      aria-labelledby="avis-note-legend avis-note-messages"
      role="radiogroup"
    >
      <legend class="fr-fieldset__legend" id="avis-note-legend">
        Votre note
        <span class="fr-hint-text">De 1 à 5 étoiles.</span>
      </legend>
      {[1, 2, 3, 4, 5].map((rating) => (
        <div class="fr-fieldset__element fr-fieldset__element--inline">
          <div class="fr-radio-group">
            <input
              type="radio"
              id={`avis-note-${rating}`}
              name="rating"
              value={String(rating)}
              checked={value === String(rating)}
            />
            <label class="fr-label" for={`avis-note-${rating}`}>
              {rating} {rating === 1 ? 'étoile' : 'étoiles'} ({ratingLabels[rating]})
            </label>
          </div>
        </div>
      ))}
      <div class="fr-messages-group" id="avis-note-messages" aria-live="polite">
        {error && <p class="fr-message fr-message--error">{error}</p>}
      </div>
    </fieldset>
  );
}

export const reviewFieldIds = {
  rating: 'avis-note',
  body: 'avis-texte',
  level: 'avis-niveau',
  discipline: 'avis-discipline',
};

export function reviewFormValues(review: ReviewView | undefined): FormState['values'] {
  if (!review) return {};
  return {
    rating: String(review.rating),
    body: review.body,
    level: review.level?.value ?? '',
    discipline: review.discipline?.value ?? '',
    usedInClass: review.usedInClass ? 'oui' : '',
  };
}

export function renderReviewFormPage(props: {
  actor: Actor;
  resource: ResourceRef & { withdrawn: boolean };
  existing: ReviewView | undefined;
  state?: FormState;
}): string {
  const state = props.state ?? { ...emptyForm, values: reviewFormValues(props.existing) };
  const editing = props.existing !== undefined;
  const title = editing ? 'Modifier mon avis' : 'Donner mon avis';
  const action = `${reviewsPath(props.resource.identifier)}/mon-avis`;
  return renderPage({
    actor: props.actor,
    title: `${title} - ${props.resource.title}`,
    children: (
      <div class="fr-container fr-py-4w">
        <ResourceCrumbs resource={props.resource} current={title} />
        <h1>
          {title} sur « {props.resource.title} »
        </h1>
        {props.resource.withdrawn ? (
          <Alert
            kind="warning"
            title="Cette ressource a été retirée du catalogue : elle ne peut plus recevoir d’avis."
          />
        ) : (
          <form method="post" action={action} class="ccr-narrow" novalidate>
            <CsrfField token={props.actor.csrfToken} />
            <FormErrors id="avis-erreurs" state={state} fields={reviewFieldIds} />
            {editing && props.existing && (
              <p class="fr-text--sm">
                Publié le {dayOf(props.existing.createdAt)}
                {props.existing.editedAt && <>, modifié le {dayOf(props.existing.editedAt)}</>}. La date de
                votre modification sera affichée.
              </p>
            )}
            <RatingField value={text(state, 'rating')} error={state.errors.rating} />
            <TextAreaField
              id={reviewFieldIds.body}
              name="body"
              label="Votre avis"
              hint={`Ce qui a marché, ce qui a moins marché, pour quels élèves. De 20 à ${REVIEW_MAX_LENGTH} caractères, deux liens au plus. Votre prénom et l’initiale de votre nom sont affichés.`}
              rows={8}
              maxLength={REVIEW_MAX_LENGTH}
              value={text(state, 'body')}
              error={state.errors.body}
            />
            <SelectField
              id={reviewFieldIds.level}
              name="level"
              label="Niveau où vous l’avez utilisée (facultatif)"
              options={[
                { value: '', label: 'Non précisé' },
                ...levels.map((level) => ({ value: level.code, label: level.label })),
              ]}
              value={text(state, 'level')}
              error={state.errors.level}
            />
            <SelectField
              id={reviewFieldIds.discipline}
              name="discipline"
              label="Discipline (facultatif)"
              options={[
                { value: '', label: 'Non précisée' },
                ...disciplines.map((discipline) => ({ value: discipline.code, label: discipline.label })),
              ]}
              value={text(state, 'discipline')}
              error={state.errors.discipline}
            />
            <div class="fr-fieldset__element fr-mb-3w">
              <CheckboxField
                id="avis-utilisee"
                name="usedInClass"
                value="oui"
                label="Je l’ai utilisée en classe"
                checked={text(state, 'usedInClass') === 'oui'}
              />
            </div>
            <ul class="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button class="fr-btn" type="submit">
                  {editing ? 'Enregistrer la modification' : 'Publier mon avis'}
                </button>
              </li>
              <li>
                <a class="fr-btn fr-btn--secondary" href={`${reviewsPath(props.resource.identifier)}#avis`}>
                  Annuler
                </a>
              </li>
            </ul>
          </form>
        )}
      </div>
    ),
  });
}

// ---- Reporting a review ----

export function renderReportPage(props: {
  actor: Actor;
  review: ReviewView & { resourceTitle: string };
  state?: FormState;
}): string {
  const state = props.state ?? emptyForm;
  const resource = { identifier: props.review.resourceId, title: props.review.resourceTitle };
  return renderPage({
    actor: props.actor,
    title: `Signaler un avis - ${resource.title}`,
    children: (
      <div class="fr-container fr-py-4w">
        <ResourceCrumbs resource={resource} current="Signaler un avis" />
        <h1>Signaler un avis</h1>
        <div class="fr-callout fr-mb-3w">
          <p class="fr-callout__title">
            <Stars rating={props.review.rating} /> — {props.review.author}
          </p>
          <ReviewBadges review={props.review} />
          <p class="fr-callout__text ccr-user-text">{props.review.body}</p>
        </div>
        <form method="post" action={`/avis/${props.review.id}/signaler`} class="ccr-narrow" novalidate>
          <CsrfField token={props.actor.csrfToken} />
          <FormErrors id="signalement-erreurs" state={state} fields={{ reason: 'signalement-motif' }} />
          <TextAreaField
            id="signalement-motif"
            name="reason"
            label="Pourquoi le signalez-vous ?"
            hint="Propos injurieux, publicité, hors sujet… Les modérateurs de l’académie le liront. 500 caractères au plus."
            rows={4}
            maxLength={REPORT_REASON_MAX_LENGTH}
            value={text(state, 'reason')}
            error={state.errors.reason}
          />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button class="fr-btn" type="submit">
                Signaler l’avis
              </button>
            </li>
            <li>
              <a
                class="fr-btn fr-btn--secondary"
                href={`${reviewsPath(resource.identifier)}#avis-${props.review.id}`}
              >
                Annuler
              </a>
            </li>
          </ul>
        </form>
      </div>
    ),
  });
}

// ---- Moderation ----

export const MODERATION_PATH = '/moderation/avis';

export function renderModerationPage(props: {
  actor: Actor;
  items: ModerationItem[];
  scope: string;
  flash: Flash;
  /** A refused decision: the review it was about, and what was typed. */
  refused?: { reviewId: number; state: FormState } | undefined;
}): string {
  return renderPage({
    actor: props.actor,
    title: 'Modération des avis',
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[{ label: 'Mon espace', href: '/mon-espace' }, { label: 'Modération des avis' }]}
        />
        <h1>Modération des avis</h1>
        <p>
          Les avis signalés par des utilisateurs et ceux repérés automatiquement (liens, majuscules, mots
          surveillés) — {props.scope}. Masquer un avis demande un motif : son auteur le reçoit dans ses
          notifications. Chaque décision est enregistrée dans le journal d’audit.
        </p>
        <FlashAlerts flash={props.flash} />
        {props.items.length === 0 ? (
          <p>Aucun avis à examiner.</p>
        ) : (
          <ul class="ccr-reviews">
            {props.items.map((item) => {
              const refused = props.refused?.reviewId === item.id ? props.refused.state : undefined;
              const heading = `moderation-${item.id}-titre`;
              return (
                <li class="fr-mb-6w" id={`moderation-${item.id}`}>
                  <article aria-labelledby={heading}>
                    <h2 class="fr-h5" id={heading}>
                      Avis de {item.author_name} sur{' '}
                      <a href={`${reviewsPath(item.resource_identifier)}#avis-${item.id}`}>
                        {item.resource_title}
                      </a>
                    </h2>
                    <p class="fr-mb-1w">
                      <Stars rating={item.rating} /> · publié le{' '}
                      {dayOf(new Date(item.created_at).toISOString())}
                      {item.edited_at && <>, modifié le {dayOf(new Date(item.edited_at).toISOString())}</>}
                    </p>
                    <ul class="fr-badges-group">
                      {item.auto_flags.map((flag) => (
                        <li>
                          <p class="fr-badge fr-badge--warning fr-badge--no-icon">
                            repéré : {autoFlagLabels[flag as AutoFlag] ?? flag}
                          </p>
                        </li>
                      ))}
                      {item.reports.length > 0 && (
                        <li>
                          <p class="fr-badge fr-badge--error fr-badge--no-icon">
                            {item.reports.length} signalement{item.reports.length > 1 ? 's' : ''}
                          </p>
                        </li>
                      )}
                    </ul>
                    <blockquote class="ccr-user-text fr-my-2w">{item.body}</blockquote>
                    {item.reports.length > 0 && (
                      <>
                        <h3 class="fr-h6">Motifs des signalements</h3>
                        <ul>
                          {item.reports.map((report) => (
                            <li class="ccr-user-text">{report.reason}</li>
                          ))}
                        </ul>
                      </>
                    )}
                    <form method="post" action={`${MODERATION_PATH}/${item.id}`} novalidate>
                      <CsrfField token={props.actor.csrfToken} />
                      {refused?.message && <Alert kind="error" title={refused.message} />}
                      <TextAreaField
                        id={`motif-${item.id}`}
                        name="reason"
                        label="Motif, si vous masquez l’avis"
                        hint="L’auteur le lira dans ses notifications."
                        rows={2}
                        maxLength={MODERATION_REASON_MAX_LENGTH}
                        value={refused ? text(refused, 'reason') : ''}
                        error={refused?.errors.reason}
                      />
                      <ul class="fr-btns-group fr-btns-group--inline-md">
                        <li>
                          <button class="fr-btn" type="submit" name="decision" value="hide">
                            Masquer l’avis<span class="fr-sr-only"> de {item.author_name}</span>
                          </button>
                        </li>
                        <li>
                          <button class="fr-btn fr-btn--secondary" type="submit" name="decision" value="keep">
                            Conserver l’avis<span class="fr-sr-only"> de {item.author_name}</span>
                          </button>
                        </li>
                      </ul>
                    </form>
                  </article>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    ),
  });
}

// ---- Appraisals ----

export const appraisalFieldIds = {
  strengths: 'expertise-points-forts',
  limits: 'expertise-limites',
  recommendedUses: 'expertise-usages',
  levels: 'expertise-niveaux',
};

/** The appraisal's three texts, in the form's order, with their labels. */
const appraisalTexts = [
  ['strengths', 'Points forts'],
  ['limits', 'Limites'],
  ['recommendedUses', 'Usages recommandés'],
] as const;

export function renderAppraisalFormPage(props: {
  actor: Actor;
  resource: ResourceRef & { withdrawn: boolean };
  alreadyAppraised: boolean;
  signature: string;
  state?: FormState;
}): string {
  const state = props.state ?? emptyForm;
  const checkedLevels = new Set(Array.isArray(state.values.levels) ? state.values.levels : []);
  const path = `/expertise/ressources/${encodeURIComponent(props.resource.identifier)}/avis-institutionnel`;
  return renderPage({
    actor: props.actor,
    title: `Avis institutionnel - ${props.resource.title}`,
    children: (
      <div class="fr-container fr-py-4w">
        <ResourceCrumbs resource={props.resource} current="Avis institutionnel" />
        <h1>Avis institutionnel sur « {props.resource.title} »</h1>
        {props.resource.withdrawn ? (
          <Alert
            kind="warning"
            title="Cette ressource a été retirée du catalogue : elle ne peut plus recevoir d’avis institutionnel."
          />
        ) : props.alreadyAppraised ? (
          <Alert kind="info" title="Vous avez déjà publié un avis institutionnel sur cette ressource.">
            <p>
              <a href={`${reviewsPath(props.resource.identifier)}#avis-institutionnels`}>
                Le lire sur la page de la ressource
              </a>
            </p>
          </Alert>
        ) : (
          <form method="post" action={path} class="ccr-narrow" novalidate>
            <CsrfField token={props.actor.csrfToken} />
            <FormErrors id="expertise-erreurs" state={state} fields={appraisalFieldIds} />
            <p>
              Votre avis est public, affiché à part des avis des enseignants et signé :{' '}
              <strong>{props.signature}</strong>. L’éditeur pourra y répondre une fois.
            </p>
            {appraisalTexts.map(([name, label]) => (
              <TextAreaField
                id={appraisalFieldIds[name]}
                name={name}
                label={label}
                rows={5}
                maxLength={APPRAISAL_FIELD_MAX_LENGTH}
                value={text(state, name)}
                error={state.errors[name]}
              />
            ))}
            <CheckboxGroup
              id={appraisalFieldIds.levels}
              name="levels"
              legend="Niveaux recommandés"
              hint="Facultatif."
              options={levels.map((level) => ({ value: level.code, label: level.label }))}
              checked={checkedLevels}
              error={state.errors.levels}
            />
            <div class="fr-fieldset__element fr-mb-3w">
              <CheckboxField
                id="expertise-rip"
                name="rip"
                value="oui"
                label="Attribuer le label RIP (reconnu d’intérêt pédagogique), daté d’aujourd’hui et signé de votre nom"
                checked={text(state, 'rip') === 'oui'}
              />
            </div>
            <ul class="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button class="fr-btn" type="submit">
                  Publier l’avis institutionnel
                </button>
              </li>
              <li>
                <a class="fr-btn fr-btn--secondary" href={reviewsPath(props.resource.identifier)}>
                  Annuler
                </a>
              </li>
            </ul>
          </form>
        )}
      </div>
    ),
  });
}

function AppraisalSummary({ appraisal }: { appraisal: AppraisalView }) {
  return (
    <dl class="ccr-notice">
      <div class="ccr-notice__row">
        <dt>Signé</dt>
        <dd>
          {appraisal.signature}, le {dayOf(appraisal.createdAt)}
          {appraisal.ripLabel && ' — label RIP attribué'}
        </dd>
      </div>
      <div class="ccr-notice__row">
        <dt>Points forts</dt>
        <dd class="ccr-user-text">{appraisal.strengths}</dd>
      </div>
      <div class="ccr-notice__row">
        <dt>Limites</dt>
        <dd class="ccr-user-text">{appraisal.limits}</dd>
      </div>
      <div class="ccr-notice__row">
        <dt>Usages recommandés</dt>
        <dd class="ccr-user-text">{appraisal.recommendedUses}</dd>
      </div>
    </dl>
  );
}

export function renderReplyPage(props: {
  actor: Actor;
  appraisal: AppraisalView & { resourceTitle: string };
  state?: FormState;
}): string {
  const state = props.state ?? emptyForm;
  const resource = { identifier: props.appraisal.resourceId, title: props.appraisal.resourceTitle };
  return renderPage({
    actor: props.actor,
    title: `Droit de réponse - ${resource.title}`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Mon espace', href: '/mon-espace' },
            { label: 'Avis institutionnels', href: '/editeur/avis-institutionnels' },
            { label: 'Droit de réponse' },
          ]}
        />
        <h1>Droit de réponse sur « {resource.title} »</h1>
        <AppraisalSummary appraisal={props.appraisal} />
        {props.appraisal.reply ? (
          <Alert kind="info" title="Vous avez déjà répondu à cet avis : une seule réponse est possible.">
            <p class="ccr-user-text">{props.appraisal.reply.body}</p>
          </Alert>
        ) : (
          <form
            method="post"
            action={`/editeur/avis-institutionnels/${props.appraisal.id}/reponse`}
            class="ccr-narrow fr-mt-4w"
            novalidate
          >
            <CsrfField token={props.actor.csrfToken} />
            <FormErrors id="reponse-erreurs" state={state} fields={{ body: 'reponse-texte' }} />
            <TextAreaField
              id="reponse-texte"
              name="body"
              label="Votre réponse"
              hint="Publiée sous l’avis, au nom de votre structure. Une seule réponse par avis, qui ne peut plus être modifiée. 3 000 caractères au plus."
              rows={8}
              maxLength={REPLY_MAX_LENGTH}
              value={text(state, 'body')}
              error={state.errors.body}
            />
            <button class="fr-btn" type="submit">
              Publier la réponse
            </button>
          </form>
        )}
      </div>
    ),
  });
}

/** A list of appraisals as a table: the publisher's (to answer) or the appraiser's own. */
export function renderAppraisalListPage(props: {
  actor: Actor;
  side: 'publisher' | 'appraiser';
  appraisals: (AppraisalView & { resourceTitle: string })[];
}): string {
  const publisher = props.side === 'publisher';
  const title = publisher ? 'Avis institutionnels sur mes ressources' : 'Mes avis institutionnels';
  return renderPage({
    actor: props.actor,
    title,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb items={[{ label: 'Mon espace', href: '/mon-espace' }, { label: title }]} />
        <h1>{title}</h1>
        <p>
          {publisher
            ? 'Les avis des inspecteurs et des experts sur les ressources de vos structures. Vous pouvez répondre une fois à chacun, publiquement.'
            : 'Pour rédiger un avis, ouvrez la page de la ressource dans le catalogue : le bouton « Rédiger un avis institutionnel » y mène.'}
        </p>
        {!publisher && (
          <p>
            <a class="fr-link" href="/recherche">
              Rechercher une ressource
            </a>
          </p>
        )}
        {props.appraisals.length === 0 ? (
          <p>Aucun avis institutionnel pour l’instant.</p>
        ) : (
          <div class="fr-table fr-table--bordered">
            <div class="fr-table__wrapper">
              <div class="fr-table__container" tabIndex={0}>
                <div class="fr-table__content">
                  <table>
                    <caption>{title}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Ressource</th>
                        <th scope="col">Signé</th>
                        <th scope="col">Publié le</th>
                        <th scope="col">Label RIP</th>
                        <th scope="col">Réponse de l’éditeur</th>
                      </tr>
                    </thead>
                    <tbody>
                      {props.appraisals.map((appraisal) => (
                        <tr>
                          <th scope="row">
                            <a
                              href={`${reviewsPath(appraisal.resourceId)}#avis-institutionnel-${appraisal.id}`}
                            >
                              {appraisal.resourceTitle}
                            </a>
                          </th>
                          <td>{appraisal.signature}</td>
                          <td>{dayOf(appraisal.createdAt)}</td>
                          <td>{appraisal.ripLabel ? 'attribué' : '—'}</td>
                          <td>
                            {appraisal.reply ? (
                              `publiée le ${dayOf(appraisal.reply.createdAt)}`
                            ) : publisher ? (
                              <a href={`/editeur/avis-institutionnels/${appraisal.id}/reponse`}>
                                Répondre
                                <span class="fr-sr-only"> à l’avis sur {appraisal.resourceTitle}</span>
                              </a>
                            ) : (
                              'aucune'
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>
        )}
      </div>
    ),
  });
}
