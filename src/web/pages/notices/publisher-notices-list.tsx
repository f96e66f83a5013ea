// The publisher's notices: a status filter (GET form, and the producer when it holds several), each
// notice with its status, version, the day it was submitted and its last decision with the reasons, the
// links to write a new notice or import ScoLOMfr files, and pages of 20.
import type { Actor } from '../../../modules/accounts/actor.js';
import {
  noticeStatuses,
  type NoticeStatus,
  type PublisherNoticeList,
  type PublisherProducer,
} from '../../../modules/notices/publisher-notices.service.js';
import { noticeStatusLabels } from '../../../modules/notices/notice-review.service.js';
import { SelectField } from '../../components/form-fields.js';
import { countOf } from '../../format.js';
import { renderPage } from '../../layout.js';
import type { Flash } from '../../page-kit.js';
import {
  IMPORT_NOTICES_PATH,
  NEW_NOTICE_PATH,
  NOTICES_PATH,
  NoticeStatusBadge,
  Reasons,
  Shell,
  dayOf,
  noticePath,
} from './publisher-notice-parts.js';

/** The status filter's values in the address: French words, never the database's. */
export const statusParams: Record<string, NoticeStatus> = {
  'en-attente': 'submitted',
  'a-modifier': 'changes_requested',
  validees: 'accepted',
  refusees: 'refused',
  retirees: 'withdrawn',
};
const paramOfStatus = Object.fromEntries(
  Object.entries(statusParams).map(([param, status]) => [status, param]),
) as Record<NoticeStatus, string>;

export const PAGE_SIZE = 20;

/** The list's filter as typed in the address, what it means, and what is wrong with it. */
export interface NoticeListFilter {
  form: { statut: string; editeur: string };
  status?: NoticeStatus | undefined;
  producerId?: number | undefined;
  page: number;
  errors: { statut?: string; editeur?: string };
}

export function parseNoticeListFilter(
  query: unknown,
  producers: readonly PublisherProducer[],
): NoticeListFilter {
  const params = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof params[name] === 'string' ? params[name].slice(0, 50) : '');
  const form = { statut: text('statut'), editeur: text('editeur') };
  const errors: NoticeListFilter['errors'] = {};
  const status = form.statut === '' ? undefined : statusParams[form.statut];
  if (form.statut !== '' && !status) errors.statut = 'Choisissez un état de la liste.';
  const producer = producers.find((candidate) => String(candidate.id) === form.editeur);
  if (form.editeur !== '' && !producer) errors.editeur = 'Choisissez une de vos maisons d’édition.';
  const page = /^\d{1,6}$/.test(text('page')) ? Math.max(1, Number(text('page'))) : 1;
  return {
    form,
    ...(status && !errors.statut ? { status } : {}),
    ...(producer ? { producerId: producer.id } : {}),
    page,
    errors,
  };
}

function listQuery(filter: NoticeListFilter, page = 1): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('statut', paramOfStatus[filter.status]);
  if (filter.producerId !== undefined) params.set('editeur', String(filter.producerId));
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

function FilterForm(props: { filter: NoticeListFilter; producers: readonly PublisherProducer[] }) {
  const { filter, producers } = props;
  return (
    <form method="get" action={NOTICES_PATH} class="fr-mb-4w" aria-labelledby="filtre-titre">
      <h2 id="filtre-titre" class="fr-h4">
        Filtrer les notices
      </h2>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-6">
          <SelectField
            id="filtre-statut"
            name="statut"
            label="État"
            options={[
              { value: '', label: 'Tous les états' },
              ...noticeStatuses.map((status) => ({
                value: paramOfStatus[status],
                label: noticeStatusLabels[status],
              })),
            ]}
            value={filter.form.statut}
            error={filter.errors.statut}
          />
        </div>
        {producers.length > 1 && (
          <div class="fr-col-12 fr-col-md-6">
            <SelectField
              id="filtre-editeur"
              name="editeur"
              label="Maison d’édition"
              options={[
                { value: '', label: 'Toutes' },
                ...producers.map((producer) => ({ value: String(producer.id), label: producer.name })),
              ]}
              value={filter.form.editeur}
              error={filter.errors.editeur}
            />
          </div>
        )}
      </div>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
        <li>
          <button type="submit" class="fr-btn fr-btn--secondary">
            Filtrer
          </button>
        </li>
        <li>
          <a class="fr-btn fr-btn--tertiary" href={NOTICES_PATH}>
            Effacer le filtre
          </a>
        </li>
      </ul>
    </form>
  );
}

function Pager({ list, filter }: { list: PublisherNoticeList; filter: NoticeListFilter }) {
  const last = Math.max(1, Math.ceil(list.total / list.pageSize));
  if (last <= 1) return null;
  const edge = (modifier: 'prev' | 'next', label: string, page: number | undefined) => {
    const className = `fr-pagination__link fr-pagination__link--${modifier} fr-pagination__link--lg-label`;
    return page === undefined ? (
      <a class={className} aria-disabled="true" role="link">
        {label}
      </a>
    ) : (
      <a class={className} href={`${NOTICES_PATH}${listQuery(filter, page)}`}>
        {label}
      </a>
    );
  };
  return (
    <nav role="navigation" class="fr-pagination fr-mt-4w" aria-label="Pagination des notices">
      <ul class="fr-pagination__list">
        <li>{edge('prev', 'Page précédente', list.page > 1 ? list.page - 1 : undefined)}</li>
        <li>
          <a class="fr-pagination__link" aria-current="page" title={`Page ${list.page} sur ${last}`}>
            {list.page} / {last}
          </a>
        </li>
        <li>{edge('next', 'Page suivante', list.page < last ? list.page + 1 : undefined)}</li>
      </ul>
    </nav>
  );
}

type ListedNotice = PublisherNoticeList['notices'][number];

function NoticeItem({ notice, showProducer }: { notice: ListedNotice; showProducer: boolean }) {
  const decision = notice.lastDecision;
  return (
    <li id={`notice-${notice.id}`}>
      <div class="fr-card fr-card--sm fr-card--no-arrow">
        <div class="fr-card__body">
          <div class="fr-card__content">
            <h3 class="fr-card__title">
              <a href={noticePath(notice.id)}>{notice.title}</a>
            </h3>
            <div class="fr-card__start">
              <NoticeStatusBadge status={notice.status} label={notice.statusLabel} />
            </div>
            <div class="fr-card__desc">
              <ul class="ccr-facts">
                <li>
                  <span class="ccr-facts__name">Identifiant :</span> {notice.identifier}
                </li>
                {showProducer && (
                  <li>
                    <span class="ccr-facts__name">Maison d’édition :</span> {notice.producerName}
                  </li>
                )}
                <li>
                  <span class="ccr-facts__name">Version :</span> {notice.version}, soumise le{' '}
                  {dayOf(notice.submittedAt)}
                </li>
                <li>
                  <span class="ccr-facts__name">Dernière décision :</span>{' '}
                  {decision
                    ? `${decision.decisionLabel} le ${dayOf(decision.decidedAt)} (version ${decision.version})`
                    : 'aucune pour l’instant'}
                </li>
              </ul>
              {decision && <Reasons reasons={decision.reasons} />}
            </div>
          </div>
        </div>
      </div>
    </li>
  );
}

export function renderNoticesListPage(input: {
  actor: Actor;
  list: PublisherNoticeList;
  filter: NoticeListFilter;
  producers: readonly PublisherProducer[];
  flash: Flash;
}): string {
  const { list, filter, producers } = input;
  const invalid = Object.keys(filter.errors).length > 0;
  const filtered = filter.status !== undefined || filter.producerId !== undefined;
  return renderPage({
    actor: input.actor,
    title: 'Mes notices',
    children: (
      <Shell
        title="Mes notices"
        crumbs={[{ label: 'Mes notices' }]}
        flash={{
          ...input.flash,
          ...(invalid ? { error: 'Filtre non appliqué : corrigez-le ci-dessous.' } : {}),
        }}
      >
        <p>
          Les notices décrivent vos ressources dans le catalogue. Chacune est validée par un expert avant sa
          publication ; chaque nouvelle soumission en fait une nouvelle version.
        </p>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mb-4w">
          <li>
            <a class="fr-btn fr-btn--icon-left fr-icon-add-line" href={NEW_NOTICE_PATH}>
              Nouvelle notice
            </a>
          </li>
          <li>
            <a
              class="fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-upload-line"
              href={IMPORT_NOTICES_PATH}
            >
              Importer des notices ScoLOMfr
            </a>
          </li>
        </ul>
        <FilterForm filter={filter} producers={producers} />
        <section aria-labelledby="liste-titre">
          <h2 id="liste-titre">
            {countOf(list.total, 'notice')}
            {filtered ? ' pour ce filtre' : ''}
          </h2>
          {list.notices.length === 0 ? (
            <p>
              {filtered
                ? 'Aucune notice ne correspond à ce filtre.'
                : 'Vous n’avez encore soumis aucune notice.'}
            </p>
          ) : (
            <ul class="ccr-results">
              {list.notices.map((notice) => (
                <NoticeItem notice={notice} showProducer={producers.length > 1} />
              ))}
            </ul>
          )}
        </section>
        <Pager list={list} filter={filter} />
      </Shell>
    ),
  });
}
