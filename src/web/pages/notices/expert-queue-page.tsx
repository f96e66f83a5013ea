// The experts' queue (/expertise/notices): a GET filter (state, publisher, type, level, discipline,
// assignment, days waited), then the notices oldest-waiting first with their publisher, type, levels,
// waiting time, version, expert and a "doublon possible" flag; a "M’attribuer" button per row (a POST
// form that comes back to the same filter), and pages.
import type { Actor } from '../../../modules/accounts/actor.js';
import { disciplines, levels, resourceTypes, type Concept } from '../../../modules/catalogue/vocabulary.js';
import type { listNoticesFor, NoticeListQuery } from '../../../modules/notices/notice-review.service.js';
import { ErrorSummary, SelectField, TextField } from '../../components/form-fields.js';
import { ScrollableTable } from '../../components/scrollable-table.js';
import { countOf, shortLabel } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Alert, CsrfField, type Flash, FlashAlerts } from '../../page-kit.js';
import {
  daysSince,
  daysText,
  levelLabel,
  NoticeStatusBadge,
  noticePath,
  QUEUE_PATH,
  Shell,
  typeLabel,
  type NoticeStatus,
} from './expert-parts.js';

export const PAGE_SIZE = 20;
const MAX_PAGE = 10_000;
const MAX_DAYS = 3650;

/** The state choices as the query string names them; "en-attente" when absent. */
export const statusChoices: readonly { param: string; status: NoticeStatus | undefined; label: string }[] = [
  { param: 'en-attente', status: 'submitted', label: 'En attente de validation' },
  { param: 'validees', status: 'accepted', label: 'Validées' },
  { param: 'refusees', status: 'refused', label: 'Refusées' },
  { param: 'modifications-demandees', status: 'changes_requested', label: 'Modifications demandées' },
  { param: 'retirees', status: 'withdrawn', label: 'Retirées' },
  { param: 'toutes', status: undefined, label: 'Tous les états' },
];

const assignmentChoices = [
  { value: '', label: 'Toutes, attribuées ou non' },
  { value: 'moi', label: 'Attribuées à moi' },
  { value: 'personne', label: 'Attribuées à personne' },
];

/** The filter as typed (shown again in the form), each field '' when absent. */
export interface QueueForm {
  statut: string;
  editeur: string;
  type: string;
  niveau: string;
  discipline: string;
  attribution: string;
  attente: string;
}
export const queueFields = [
  'statut',
  'editeur',
  'type',
  'niveau',
  'discipline',
  'attribution',
  'attente',
] as const;

export interface ParsedQueue {
  form: QueueForm;
  page: number;
  /** What listNoticesFor is asked (the default filter while there are errors). */
  query: NoticeListQuery;
  /** French messages by field id: the filter is not applied while there is one. */
  errors: Partial<Record<keyof QueueForm | 'page', string>>;
}

function single(source: Record<string, unknown>, name: string): string {
  const value = source[name];
  const last: unknown = Array.isArray(value) ? (value as unknown[])[value.length - 1] : value;
  return typeof last === 'string' ? last.trim().slice(0, 200) : '';
}

const conceptUri = (vocabulary: readonly Concept[], code: string) =>
  vocabulary.find((concept) => concept.code === code && concept.uri)?.uri;

/** Reads the queue's filter strictly: an unknown value is an error next to its field (status 400). */
export function parseQueue(query: unknown, actor: Actor, producerIds: ReadonlySet<number>): ParsedQueue {
  const source = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const form = Object.fromEntries(
    queueFields.map((name) => [name, single(source, name)]),
  ) as unknown as QueueForm;
  const errors: ParsedQueue['errors'] = {};
  const choice = statusChoices.find((c) => c.param === (form.statut || 'en-attente'));
  if (!choice) errors.statut = 'État : choisissez une des valeurs de la liste.';
  let producerId: number | undefined;
  if (form.editeur) {
    producerId = /^\d{1,9}$/.test(form.editeur) ? Number(form.editeur) : undefined;
    if (producerId === undefined || !producerIds.has(producerId)) {
      errors.editeur = 'Éditeur : choisissez un éditeur de la liste.';
    }
  }
  const type = form.type ? conceptUri(resourceTypes, form.type) : undefined;
  if (form.type && !type) errors.type = 'Type : choisissez un type de la liste.';
  const level = form.niveau ? conceptUri(levels, form.niveau) : undefined;
  if (form.niveau && !level) errors.niveau = 'Niveau : choisissez un niveau de la liste.';
  const discipline = form.discipline ? conceptUri(disciplines, form.discipline) : undefined;
  if (form.discipline && !discipline)
    errors.discipline = 'Discipline : choisissez une discipline de la liste.';
  if (form.attribution && !assignmentChoices.some((c) => c.value === form.attribution)) {
    errors.attribution = 'Attribution : choisissez une des valeurs de la liste.';
  }
  let waitingDays: number | undefined;
  if (form.attente) {
    if (/^\d{1,4}$/.test(form.attente) && Number(form.attente) <= MAX_DAYS)
      waitingDays = Number(form.attente);
    else errors.attente = `Attente : un nombre entier de jours entre 0 et ${MAX_DAYS} est attendu.`;
  }
  const pageText = single(source, 'page');
  let page = 1;
  if (pageText) {
    if (/^\d{1,5}$/.test(pageText) && Number(pageText) >= 1 && Number(pageText) <= MAX_PAGE) {
      page = Number(pageText);
    } else {
      errors.page = `Page : un nombre entier entre 1 et ${MAX_PAGE} est attendu.`;
    }
  }
  if (Object.keys(errors).length > 0) {
    return { form, page: 1, errors, query: { status: 'submitted', page: 1, pageSize: PAGE_SIZE } };
  }
  return {
    form,
    page,
    errors,
    query: {
      status: choice!.status,
      producerId,
      type,
      level,
      discipline,
      assignedTo:
        form.attribution === 'moi' ? actor.userId : form.attribution === 'personne' ? null : undefined,
      waitingDays,
      page,
      pageSize: PAGE_SIZE,
    },
  };
}

/** The query string of a filter (and page), '' when it is the default: for links and redirects. */
export function queueQuery(form: QueueForm, page = 1, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of queueFields) if (form[name]) params.set(name, form[name]);
  if (page > 1) params.set('page', String(page));
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The filter and page as hidden fields: after an action, the expert comes back to the same view. */
export function KeepQueue({ form, page }: { form: QueueForm; page: number }) {
  return (
    <>
      {queueFields.map((name) => form[name] && <input type="hidden" name={name} value={form[name]} />)}
      {page > 1 && <input type="hidden" name="page" value={String(page)} />}
    </>
  );
}

const options = (vocabulary: readonly Concept[], all: string) => [
  { value: '', label: all },
  ...vocabulary
    .filter((concept) => concept.uri)
    .map((concept) => ({
      value: concept.code,
      label: concept.parent
        ? `${shortLabel(concept.label)} (${shortLabel(vocabulary.find((c) => c.code === concept.parent)?.label ?? '')})`
        : shortLabel(concept.label),
    })),
];

function FilterForm({
  parsed,
  producers,
}: {
  parsed: ParsedQueue;
  producers: readonly { id: number; name: string }[];
}) {
  const { form, errors } = parsed;
  const errorLines = Object.entries(errors)
    .filter(([field]) => field !== 'page')
    .map(([field, message]) => ({ href: `#filtre-${field}`, text: message }));
  return (
    <form method="get" action={QUEUE_PATH} class="fr-mb-4w" aria-labelledby="filtre-titre">
      <h2 id="filtre-titre" class="fr-h4">
        Filtrer les notices
      </h2>
      {Object.keys(errors).length > 0 && (
        <ErrorSummary
          id="filtre-erreurs"
          title="Filtre non appliqué : corrigez-le. Les notices en attente sont affichées en attendant."
          lines={errors.page ? [...errorLines, errors.page] : errorLines}
        />
      )}
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-statut"
            name="statut"
            label="État"
            options={statusChoices.map((choice) => ({ value: choice.param, label: choice.label }))}
            value={form.statut || 'en-attente'}
            error={errors.statut}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-editeur"
            name="editeur"
            label="Éditeur"
            options={[
              { value: '', label: 'Tous les éditeurs' },
              ...producers.map((producer) => ({ value: String(producer.id), label: producer.name })),
            ]}
            value={form.editeur}
            error={errors.editeur}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-type"
            name="type"
            label="Type de ressource"
            options={options(resourceTypes, 'Tous les types')}
            value={form.type}
            error={errors.type}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-niveau"
            name="niveau"
            label="Niveau"
            hint="Le niveau exact indiqué dans la notice"
            options={options(levels, 'Tous les niveaux')}
            value={form.niveau}
            error={errors.niveau}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-discipline"
            name="discipline"
            label="Discipline"
            options={options(disciplines, 'Toutes les disciplines')}
            value={form.discipline}
            error={errors.discipline}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-attribution"
            name="attribution"
            label="Attribution"
            options={assignmentChoices}
            value={form.attribution}
            error={errors.attribution}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <TextField
            id="filtre-attente"
            name="attente"
            type="number"
            inputMode="numeric"
            min="0"
            max={String(MAX_DAYS)}
            label="En attente depuis au moins"
            hint="Nombre de jours depuis la soumission de la version actuelle"
            value={form.attente}
            error={errors.attente}
            required={false}
          />
        </div>
      </div>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
        <li>
          <button type="submit" class="fr-btn">
            Filtrer
          </button>
        </li>
        <li>
          <a class="fr-btn fr-btn--tertiary" href={QUEUE_PATH}>
            Effacer le filtre
          </a>
        </li>
      </ul>
    </form>
  );
}

export type QueueData = Awaited<ReturnType<typeof listNoticesFor>>;

function Pager({ data, form }: { data: QueueData; form: QueueForm }) {
  const last = Math.max(1, Math.ceil(data.total / data.pageSize));
  if (last <= 1) return null;
  const href = (page: number) => `${QUEUE_PATH}${queueQuery(form, page)}`;
  const link = (page: number, kind: 'prev' | 'next', label: string, enabled: boolean) =>
    enabled ? (
      <a
        class={`fr-pagination__link fr-pagination__link--${kind} fr-pagination__link--lg-label`}
        href={href(page)}
      >
        {label}
      </a>
    ) : (
      <a
        class={`fr-pagination__link fr-pagination__link--${kind} fr-pagination__link--lg-label`}
        aria-disabled="true"
        role="link"
      >
        {label}
      </a>
    );
  return (
    <nav role="navigation" class="fr-pagination fr-mt-4w" aria-label="Pagination des notices">
      <ul class="fr-pagination__list">
        <li>{link(data.page - 1, 'prev', 'Page précédente', data.page > 1)}</li>
        <li>
          <a class="fr-pagination__link" aria-current="page" title={`Page ${data.page} sur ${last}`}>
            {data.page} / {last}
          </a>
        </li>
        <li>{link(data.page + 1, 'next', 'Page suivante', data.page < last)}</li>
      </ul>
    </nav>
  );
}

type QueueNotice = QueueData['notices'][number];

function AssignToMe({
  notice,
  csrfToken,
  parsed,
}: {
  notice: QueueNotice;
  csrfToken: string;
  parsed: ParsedQueue;
}) {
  return (
    <form method="post" action={`${noticePath(notice.id)}/assignment`}>
      <CsrfField token={csrfToken} />
      <input type="hidden" name="retour" value="file" />
      <KeepQueue form={parsed.form} page={parsed.page} />
      <input type="hidden" name="expert" value="moi" />
      <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
        M’attribuer<span class="fr-sr-only"> « {notice.title} »</span>
      </button>
    </form>
  );
}

function QueueTable(props: {
  data: QueueData;
  parsed: ParsedQueue;
  actor: Actor;
  canReview: boolean;
  now: Date;
}) {
  const { data, parsed, actor, canReview, now } = props;
  const showState = parsed.query.status !== 'submitted';
  return (
    <ScrollableTable
      caption={`Notices, de la plus ancienne en attente à la plus récente (${countOf(data.total, 'notice')})`}
      head={[
        'Notice',
        'Éditeur',
        'Type',
        'Niveaux',
        'Attente',
        'Version',
        'Expert attribué',
        canReview && 'Action',
      ]}
    >
      {data.notices.map((notice) => (
        <tr id={`notice-${notice.id}`}>
          <td>
            <a href={noticePath(notice.id)}>{notice.title}</a>
            {showState && <NoticeStatusBadge status={notice.status} label={notice.statusLabel} />}
            {notice.possibleDuplicates > 0 && (
              <p class="fr-badge fr-badge--sm fr-badge--warning fr-mt-1v">doublon possible</p>
            )}
          </td>
          <td>{notice.producerName}</td>
          <td>{notice.types.map(typeLabel).join(', ') || '—'}</td>
          <td>{notice.levels.map(levelLabel).join(', ') || '—'}</td>
          <td>
            {notice.status === 'submitted' ? daysText(daysSince(new Date(notice.submittedAt), now)) : '—'}
          </td>
          <td>{notice.version}</td>
          <td>{notice.assignedTo === actor.userId ? 'vous' : (notice.assignedName ?? 'personne')}</td>
          {canReview && (
            <td>
              {notice.status === 'submitted' && notice.assignedTo !== actor.userId && (
                <AssignToMe notice={notice} csrfToken={actor.csrfToken} parsed={parsed} />
              )}
            </td>
          )}
        </tr>
      ))}
    </ScrollableTable>
  );
}

export function renderQueuePage(options: {
  actor: Actor;
  data: QueueData;
  parsed: ParsedQueue;
  producers: readonly { id: number; name: string }[];
  canReview: boolean;
  flash: Flash;
  /** A notice just accepted: the link to its resource in the catalogue. */
  resourceId?: number | undefined;
  now: Date;
}): string {
  const { actor, data, parsed, producers, flash } = options;
  return renderPage({
    actor,
    title: 'Notices à valider',
    children: (
      <Shell title="Notices à valider" crumbs={[{ label: 'Notices à valider' }]}>
        <p>
          Les notices que les éditeurs soumettent, de la plus ancienne en attente à la plus récente. Ouvrez
          une notice pour l’examiner : critères formels, changements depuis la version précédente, doublons
          probables, puis décision.
        </p>
        <p>
          <a href="/statistiques/notices">Statistiques de validation des notices</a>
        </p>
        {flash.success && (
          <Alert kind="success" title={flash.success}>
            {options.resourceId !== undefined && (
              <p>
                <a href={`/ressources/${options.resourceId}`}>Voir la ressource dans le catalogue</a>
              </p>
            )}
          </Alert>
        )}
        <FlashAlerts flash={{ ...flash, success: undefined }} />
        <FilterForm parsed={parsed} producers={producers} />
        {data.notices.length === 0 ? (
          <p>Aucune notice ne correspond à ce filtre.</p>
        ) : (
          <QueueTable
            data={data}
            parsed={parsed}
            actor={actor}
            canReview={options.canReview}
            now={options.now}
          />
        )}
        <Pager data={data} form={parsed.form} />
      </Shell>
    ),
  });
}
