// One notice as an expert reviews it (/expertise/notices/:id): its current fields (concept URIs as
// their labels), the import's warnings, the formal criteria with pass or fail and why, what changed
// since the previous version, the probable duplicates, the history of decisions and versions, then the
// assignment form and the decision form (accept, refuse, request changes, a reason per criterion). The
// national administration reads the same page without the forms.
import type { Actor } from '../../../modules/accounts/actor.js';
import { criteria, criterionLabels } from '../../../modules/notices/notice-checklist.js';
import { fieldLabels, type FieldChange } from '../../../modules/notices/notice-diff.js';
import type { NoticeFields } from '../../../modules/notices/notice-fields.js';
import { noticeStatusLabels, type NoticeReview } from '../../../modules/notices/notice-review.service.js';
import { ErrorSummary, SelectField, TextAreaField } from '../../components/form-fields.js';
import { ScrollableTable } from '../../components/scrollable-table.js';
import { formatDate, safeExternalUrl } from '../../format.js';
import { renderPage } from '../../layout.js';
import { CsrfField, type Flash, FlashAlerts } from '../../page-kit.js';
import {
  daysSince,
  daysText,
  fieldItems,
  formatDateTime,
  itemText,
  Items,
  Lines,
  listFields,
  NoticeStatusBadge,
  noticePath,
  QUEUE_PATH,
  Shell,
} from './expert-parts.js';

export type ReasonKey = (typeof criteria)[number] | 'other';
export const reasonKeys: readonly ReasonKey[] = [...criteria, 'other'];
export const reasonField = (key: ReasonKey) => `raison-${key}`;

export const decisionChoices = [
  { value: 'accept', label: 'Valider la notice', hint: 'La ressource entre dans le catalogue.' },
  {
    value: 'refuse',
    label: 'Refuser la notice',
    hint: 'La notice n’entre pas dans le catalogue ; l’éditeur reçoit vos raisons.',
  },
  {
    value: 'request-changes',
    label: 'Demander des modifications',
    hint: 'L’éditeur corrige sa notice et la soumet à nouveau.',
  },
] as const;

/** The decision form as posted, and its errors by field id, to show it again. */
export interface DecisionFormState {
  decision: string;
  reasons: Partial<Record<ReasonKey, string>>;
  errors: { decision?: string; reasons?: string; fields: Record<string, string> };
  /** The summary above the form. */
  title?: string;
}

export interface AssignmentFormState {
  value: string;
  error?: string;
}

// ---- The notice ----

const shownFields: (keyof NoticeFields)[] = [
  'identifier',
  'title',
  'description',
  'keywords',
  'languages',
  'levels',
  'disciplines',
  'types',
  'formats',
  'devices',
  'technicalRequirements',
  'cost',
  'licence',
  'offers',
  'updatedOn',
  'demoUrl',
  'publisherName',
  'schemas',
];

function FieldValue({ field, fields }: { field: keyof NoticeFields; fields: NoticeFields }) {
  const value = fields[field];
  if (field === 'demoUrl' && typeof value === 'string') {
    const url = safeExternalUrl(value);
    return url ? <a href={url}>{value}</a> : <>{value}</>;
  }
  if (field === 'updatedOn' && typeof value === 'string') return <>{formatDate(value)}</>;
  if ((field === 'description' || field === 'technicalRequirements') && typeof value === 'string') {
    return value ? <Lines text={value} /> : <>—</>;
  }
  return <Items items={fieldItems(field, value)} empty={field === 'cost' ? 'non précisé' : '—'} />;
}

function NoticeFieldsSection({ review }: { review: NoticeReview }) {
  return (
    <section class="fr-mb-6w" aria-labelledby="notice-champs">
      <h2 id="notice-champs">La notice (version {review.notice.current_version})</h2>
      <dl class="ccr-notice">
        {shownFields.map((field) => (
          <div class="ccr-notice__row">
            <dt>{fieldLabels[field]}</dt>
            <dd>
              <FieldValue field={field} fields={review.fields} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Warnings({ review }: { review: NoticeReview }) {
  if (review.warnings.length === 0) return null;
  return (
    <section class="fr-mb-6w" aria-labelledby="notice-avertissements">
      <h2 id="notice-avertissements">Avertissements de l’import</h2>
      <ul>
        {review.warnings.map((warning) => (
          <li>
            {warning.message}
            {(warning.line > 0 || warning.path) && (
              <span class="fr-hint-text">
                {warning.line > 0 ? `ligne ${warning.line}, ` : ''}
                {warning.path}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Checklist({ review }: { review: NoticeReview }) {
  const failed = review.checklist.filter((check) => !check.passed).length;
  return (
    <section class="fr-mb-6w" aria-labelledby="notice-criteres">
      <h2 id="notice-criteres">Critères formels</h2>
      <p>
        {failed === 0
          ? 'Tous les critères formels sont remplis. La décision reste la vôtre.'
          : `${failed} critère${failed > 1 ? 's' : ''} sur ${review.checklist.length} non rempli${failed > 1 ? 's' : ''}.`}
      </p>
      <ScrollableTable caption="Critères formels de la notice" head={['Critère', 'Résultat', 'Détail']}>
        {review.checklist.map((check) => (
          <tr id={`critere-${check.criterion}`}>
            <td>{check.label}</td>
            <td>
              <p class={`fr-badge fr-badge--sm ${check.passed ? 'fr-badge--success' : 'fr-badge--error'}`}>
                {check.passed ? 'rempli' : 'non rempli'}
              </p>
            </td>
            <td>{check.detail}</td>
          </tr>
        ))}
      </ScrollableTable>
    </section>
  );
}

function ChangeItems({ change, side }: { change: FieldChange; side: 'before' | 'after' }) {
  const text = change[side];
  if (!listFields.has(change.field)) {
    return text ? <Lines text={itemText(change.field, text)} /> : <>—</>;
  }
  const items = text === '' ? [] : text.split('\n').map((item) => itemText(change.field, item));
  return <Items items={items} empty="aucun" />;
}

function Changes({ review }: { review: NoticeReview }) {
  const version = review.notice.current_version;
  if (version <= 1) return null;
  const previous = review.versions.find((v) => v.version < version)?.version ?? version - 1;
  return (
    <section class="fr-mb-6w" aria-labelledby="notice-changements">
      <h2 id="notice-changements">Ce qui a changé depuis la version {previous}</h2>
      {review.changes.length === 0 ? (
        <p>Aucun champ n’a changé depuis la version {previous}.</p>
      ) : (
        <ScrollableTable
          caption={`Champs modifiés entre la version ${previous} et la version ${version}`}
          head={['Champ', `Version ${previous}`, `Version ${version}`, 'Ajouts et retraits']}
          bordered
        >
          {review.changes.map((change) => (
            <tr id={`changement-${change.field}`}>
              <td>{change.label}</td>
              <td>
                <ChangeItems change={change} side="before" />
              </td>
              <td>
                <ChangeItems change={change} side="after" />
              </td>
              <td>
                {change.added.length === 0 && change.removed.length === 0 ? (
                  'valeur modifiée'
                ) : (
                  <ul class="fr-mb-0">
                    {change.added.map((item) => (
                      <li>Ajouté : {itemText(change.field, item)}</li>
                    ))}
                    {change.removed.map((item) => (
                      <li>Retiré : {itemText(change.field, item)}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </ScrollableTable>
      )}
    </section>
  );
}

const duplicateReasons = {
  identifier: 'même identifiant',
  'title-and-level': 'même titre et un niveau en commun',
} as const;

function Duplicates({ review }: { review: NoticeReview }) {
  if (review.duplicates.length === 0) return null;
  return (
    <section class="fr-mb-6w" aria-labelledby="notice-doublons">
      <h2 id="notice-doublons">Doublons probables</h2>
      <p>
        {review.duplicates.length === 1
          ? 'Une autre notice décrit probablement le même produit :'
          : `${review.duplicates.length} autres notices décrivent probablement le même produit :`}
      </p>
      <ul>
        {review.duplicates.map((duplicate) => (
          <li>
            <a href={noticePath(duplicate.id)}>{duplicate.title}</a> ({duplicate.producer_name},{' '}
            {noticeStatusLabels[duplicate.status]}) : {duplicateReasons[duplicate.reason]}
          </li>
        ))}
      </ul>
    </section>
  );
}

const formatLabels: Record<string, string> = {
  scolomfr: 'notice ScoLOMfr',
  json: 'API (JSON)',
  form: 'formulaire',
};

const reasonLabel = (criterion: string) =>
  criterion in criterionLabels ? criterionLabels[criterion as keyof typeof criterionLabels] : 'Autre raison';

function History({ review }: { review: NoticeReview }) {
  return (
    <section class="fr-mb-6w" aria-labelledby="notice-historique">
      <h2 id="notice-historique">Historique</h2>
      <h3 class="fr-h5">Décisions</h3>
      {review.decisions.length === 0 ? (
        <p>Aucune décision pour le moment.</p>
      ) : (
        <ul>
          {review.decisions.map((decision) => (
            <li>
              Version {decision.version} : {decision.decisionLabel} par {decision.expertName} le{' '}
              {formatDateTime(decision.decidedAt)}
              {decision.reasons.length > 0 && (
                <ul>
                  {decision.reasons.map((reason) => (
                    <li>
                      {reasonLabel(reason.criterion)} : <Lines text={reason.message} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <ScrollableTable caption="Versions soumises" head={['Version', 'Soumise le', 'Par']}>
        {review.versions.map((version) => (
          <tr>
            <td>{version.version}</td>
            <td>{formatDateTime(version.submittedAt)}</td>
            <td>{formatLabels[version.sourceFormat] ?? version.sourceFormat}</td>
          </tr>
        ))}
      </ScrollableTable>
    </section>
  );
}

// ---- The forms ----

function AssignmentForm({
  review,
  actor,
  state,
}: {
  review: NoticeReview;
  actor: Actor;
  state: AssignmentFormState | undefined;
}) {
  const current =
    state?.value ?? (review.notice.assigned_to === null ? '' : String(review.notice.assigned_to));
  return (
    <section class="fr-mb-6w" aria-labelledby="notice-attribution">
      <h2 id="notice-attribution">Attribution</h2>
      <p>
        Attribuée à :{' '}
        {review.notice.assigned_to === actor.userId ? 'vous' : (review.notice.assigned_name ?? 'personne')}.
      </p>
      <form method="post" action={`${noticePath(review.notice.id)}/assignment#notice-attribution`}>
        <CsrfField token={actor.csrfToken} />
        <SelectField
          id="attribution-expert"
          name="expert"
          label="Attribuer la notice à"
          options={[
            { value: '', label: 'Personne' },
            ...review.experts.map((expert) => ({
              value: String(expert.id),
              label: expert.id === actor.userId ? `${expert.display_name} (vous)` : expert.display_name,
            })),
          ]}
          value={current}
          error={state?.error}
        />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Enregistrer l’attribution
        </button>
      </form>
    </section>
  );
}

function DecisionForm({
  review,
  actor,
  state,
}: {
  review: NoticeReview;
  actor: Actor;
  state: DecisionFormState | undefined;
}) {
  const failed = new Set(review.checklist.filter((check) => !check.passed).map((check) => check.criterion));
  // The failed criteria first: they are the likely reasons.
  const keys = [...reasonKeys].sort(
    (a, b) => Number(failed.has(b as never)) - Number(failed.has(a as never)),
  );
  const detail = (key: ReasonKey) => review.checklist.find((check) => check.criterion === key);
  const errors = state?.errors;
  const lines = errors
    ? [
        ...(errors.decision ? [{ href: '#decision-accept', text: errors.decision }] : []),
        ...(errors.reasons ? [{ href: `#${reasonField(keys[0]!)}`, text: errors.reasons }] : []),
        ...Object.entries(errors.fields).map(([id, message]) => ({ href: `#${id}`, text: message })),
      ]
    : [];
  return (
    <section class="fr-mb-6w" aria-labelledby="notice-decision">
      <h2 id="notice-decision">Décision</h2>
      {/* The fragment brings the browser back to this form when the answer is the page with its errors. */}
      <form method="post" action={`${noticePath(review.notice.id)}/decision#notice-decision`} novalidate>
        <CsrfField token={actor.csrfToken} />
        <input type="hidden" name="version" value={String(review.notice.current_version)} />
        {state?.title && <ErrorSummary id="decision-erreurs" title={state.title} lines={lines} />}
        <fieldset
          class={errors?.decision ? 'fr-fieldset fr-fieldset--error' : 'fr-fieldset'}
          id="decision"
          aria-labelledby="decision-legend decision-messages"
        >
          <legend class="fr-fieldset__legend" id="decision-legend">
            Votre décision sur la version {review.notice.current_version}
          </legend>
          {decisionChoices.map((choice) => (
            <div class="fr-fieldset__element">
              <div class="fr-radio-group">
                <input
                  type="radio"
                  id={`decision-${choice.value}`}
                  name="decision"
                  value={choice.value}
                  checked={state?.decision === choice.value}
                  required
                />
                <label class="fr-label" for={`decision-${choice.value}`}>
                  {choice.label}
                  <span class="fr-hint-text">{choice.hint}</span>
                </label>
              </div>
            </div>
          ))}
          <div class="fr-messages-group" id="decision-messages" aria-live="polite">
            {errors?.decision && <p class="fr-message fr-message--error">{errors.decision}</p>}
          </div>
        </fieldset>
        <fieldset
          class={errors?.reasons ? 'fr-fieldset fr-fieldset--error' : 'fr-fieldset'}
          id="raisons"
          aria-labelledby="raisons-legend raisons-messages"
        >
          <legend class="fr-fieldset__legend" id="raisons-legend">
            Raisons
            <span class="fr-hint-text">
              Un refus ou une demande de modifications donne au moins une raison ; l’éditeur les reçoit telles
              que vous les écrivez. Laissez vides les critères sans remarque.
            </span>
          </legend>
          {keys.map((key) => {
            const check = detail(key);
            const id = reasonField(key);
            return (
              <div class="fr-fieldset__element">
                <TextAreaField
                  id={id}
                  name={id}
                  label={
                    key === 'other'
                      ? 'Autre raison'
                      : `${criterionLabels[key]}${failed.has(key) ? ' (non rempli)' : ''}`
                  }
                  {...(check ? { hint: check.detail } : {})}
                  value={state?.reasons[key]}
                  rows={2}
                  maxLength={2000}
                  error={errors?.fields[id]}
                />
              </div>
            );
          })}
          <div class="fr-messages-group" id="raisons-messages" aria-live="polite">
            {errors?.reasons && <p class="fr-message fr-message--error">{errors.reasons}</p>}
          </div>
        </fieldset>
        <button type="submit" class="fr-btn">
          Enregistrer la décision
        </button>
      </form>
    </section>
  );
}

// ---- The page ----

export function renderReviewPage(options: {
  actor: Actor;
  review: NoticeReview;
  canAssign: boolean;
  flash: Flash;
  decision?: DecisionFormState | undefined;
  assignment?: AssignmentFormState | undefined;
  now: Date;
}): string {
  const { actor, review, flash } = options;
  const { notice } = review;
  return renderPage({
    actor,
    title: `Notice « ${notice.title} »`,
    skipLinks: review.can.review ? [{ href: '#notice-decision', label: 'Décision' }] : [],
    children: (
      <Shell
        title={notice.title}
        crumbs={[{ label: 'Notices à valider', href: QUEUE_PATH }, { label: notice.title }]}
      >
        <NoticeStatusBadge status={notice.status} label={notice.statusLabel} />
        <ul class="fr-mt-2w">
          <li>Éditeur : {notice.producer_name}</li>
          <li>
            Version {notice.current_version} soumise le {formatDateTime(notice.submitted_at)}
            {notice.status === 'submitted' &&
              `, en attente depuis ${daysText(daysSince(new Date(notice.submitted_at), options.now))}`}
          </li>
          {notice.decided_at && <li>Dernière décision le {formatDateTime(notice.decided_at)}</li>}
          {notice.resource_id !== null && (
            <li>
              <a href={`/ressources/${notice.resource_id}`}>La ressource dans le catalogue</a>
            </li>
          )}
        </ul>
        <FlashAlerts flash={flash} />
        <NoticeFieldsSection review={review} />
        <Warnings review={review} />
        <Checklist review={review} />
        <Changes review={review} />
        <Duplicates review={review} />
        <History review={review} />
        {options.canAssign && <AssignmentForm review={review} actor={actor} state={options.assignment} />}
        {review.can.review ? (
          <DecisionForm review={review} actor={actor} state={options.decision} />
        ) : (
          notice.status !== 'submitted' && (
            <p>
              Cette notice n’attend pas de décision : elle est « {notice.statusLabel} ». Une nouvelle version
              soumise par l’éditeur reviendra dans la file.
            </p>
          )
        )}
        <p>
          <a href={QUEUE_PATH}>Retour aux notices à valider</a>
        </p>
      </Shell>
    ),
  });
}
