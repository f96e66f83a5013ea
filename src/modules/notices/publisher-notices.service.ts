// What the publishers' notice pages need beyond the review service: the producers a publisher submits
// for (with their names), its notices with the last decision and its reasons, one of its notices, a
// preview of typed fields (the checklist the experts will see). Every function authorizes with
// notices.policy first.
import type { Kysely } from 'kysely';
import type { Database, NoticeDecision, NoticeStatus } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { listScopedRoles } from '../accounts/accounts.repository.js';
import { devices, disciplines, formats, levels, licences, resourceTypes } from '../catalogue/vocabulary.js';
import {
  checkNotice,
  criterionLabels,
  type ChecklistSettings,
  type CriterionCheck,
} from './notice-checklist.js';
import {
  noticeFieldsSchema,
  normalizeVocabularies,
  schemaIssues,
  type NoticeFields,
} from './notice-fields.js';
import {
  decisionLabels,
  getNoticeReview,
  noticeStatusLabels,
  type NoticeReview,
} from './notice-review.service.js';
import { lastDecisions, listNotices } from './notices.repository.js';
import { canSubmitNotice, publisherProducerIds } from './notices.policy.js';
import type { NoticeIssue } from './scolomfr-document.js';
import { conceptOf } from './scolomfr-vocabulary.js';

type Db = Kysely<Database>;

export type { NoticeDecision, NoticeStatus };
export const noticeStatuses = Object.keys(noticeStatusLabels) as NoticeStatus[];

export interface PublisherProducer {
  id: number;
  code: string;
  name: string;
}

const PUBLISHERS_ONLY = 'Les notices de cet espace sont réservées aux éditeurs.';

/** The producers this publisher submits notices for, by name. FORBIDDEN for any other account. */
export async function publisherProducers(db: Db, actor: Actor): Promise<PublisherProducer[]> {
  const ids = publisherProducerIds(actor);
  authorize(ids.length > 0, PUBLISHERS_ONLY);
  const producers = new Map<number, PublisherProducer>();
  for (const row of await listScopedRoles(db, actor.userId)) {
    if (row.role === 'publisher' && row.producer && ids.includes(row.producer.id)) {
      producers.set(row.producer.id, row.producer);
    }
  }
  return [...producers.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** An expert's reason, with the label of its checklist criterion. */
export interface PresentedReason {
  criterion: string;
  criterionLabel: string;
  message: string;
}

export interface PresentedDecision {
  version: number;
  decision: NoticeDecision;
  decisionLabel: string;
  decidedAt: Date;
  reasons: PresentedReason[];
}

function presentReasons(reasons: unknown): PresentedReason[] {
  return (Array.isArray(reasons) ? (reasons as { criterion: string; message: string }[]) : []).map(
    (reason) => ({
      criterion: reason.criterion,
      criterionLabel: criterionLabels[reason.criterion as keyof typeof criterionLabels] ?? 'Autre raison',
      message: reason.message,
    }),
  );
}

export interface PublisherNoticeQuery {
  status?: NoticeStatus | undefined;
  /** One of the publisher's producers; all of them when undefined. */
  producerId?: number | undefined;
  page: number;
  pageSize: number;
}

/**
 * A page of the publisher's own notices (never another producer's, even for an account that is also an
 * expert), each with its last decision and the reasons given.
 */
export async function listPublisherNotices(db: Db, actor: Actor, query: PublisherNoticeQuery) {
  const own = publisherProducerIds(actor);
  authorize(own.length > 0, PUBLISHERS_ONLY);
  if (query.producerId !== undefined) {
    authorize(own.includes(query.producerId), 'Vous ne voyez que les notices de votre maison d’édition.');
  }
  const { rows, total } = await listNotices(db, {
    status: query.status,
    producerIds: query.producerId !== undefined ? [query.producerId] : own,
    order: 'newest',
    page: query.page,
    pageSize: query.pageSize,
  });
  const decisions = new Map(
    (
      await lastDecisions(
        db,
        rows.map((row) => row.id),
      )
    ).map((decision) => [decision.notice_id, decision]),
  );
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    notices: rows.map((row) => {
      const last = decisions.get(row.id);
      return {
        id: row.id,
        identifier: row.identifier,
        title: row.title,
        status: row.status,
        statusLabel: noticeStatusLabels[row.status],
        version: row.current_version,
        producerName: row.producer_name,
        submittedAt: row.submitted_at,
        resourceId: row.resource_id,
        lastDecision: last
          ? ({
              version: last.version,
              decision: last.decision,
              decisionLabel: decisionLabels[last.decision],
              decidedAt: last.decided_at,
              reasons: presentReasons(last.reasons),
            } satisfies PresentedDecision)
          : undefined,
      };
    }),
  };
}
export type PublisherNoticeList = Awaited<ReturnType<typeof listPublisherNotices>>;

export interface PublisherNotice extends Omit<NoticeReview, 'decisions' | 'duplicates' | 'experts'> {
  decisions: PresentedDecision[];
}

/**
 * One of the publisher's notices: its status, versions, current fields and warnings, and each
 * decision's reasons by criterion. Another producer's notice is "not found", as if it did not exist.
 */
export async function getPublisherNotice(
  db: Db,
  actor: Actor,
  id: number,
  settings: ChecklistSettings,
): Promise<PublisherNotice> {
  authorize(publisherProducerIds(actor).length > 0, PUBLISHERS_ONLY);
  const review = await getNoticeReview(db, actor, id, settings);
  if (!canSubmitNotice(actor, review.notice.producer_id)) {
    // An account that is also an expert reads every notice, but not in its publisher's space.
    throw new AppError('NOT_FOUND', 'Cette notice n’existe pas ou ne vous est pas accessible.');
  }
  // Other publishers' probable duplicates and the experts' names are the experts' business.
  return {
    notice: review.notice,
    fields: review.fields,
    warnings: review.warnings,
    checklist: review.checklist,
    changes: review.changes,
    versions: review.versions,
    can: review.can,
    // Reasons by criterion; which expert decided stays with the experts.
    decisions: review.decisions.map((decision) => ({
      version: decision.version,
      decision: decision.decision,
      decisionLabel: decision.decisionLabel,
      decidedAt: decision.decidedAt,
      reasons: presentReasons(decision.reasons),
    })),
  };
}

/** What the preview of typed fields shows: the fields as they would be stored, or why they would not. */
export interface NoticePreview {
  fields?: NoticeFields | undefined;
  errors: NoticeIssue[];
  warnings: NoticeIssue[];
  /** The experts' criteria on these fields (when they are valid). */
  checklist: CriterionCheck[];
}

/**
 * Checks fields as submitNotice would (schema and vocabularies; the bundles are checked on submission)
 * without storing anything, and runs the experts' checklist on them.
 */
export function previewNotice(
  actor: Actor,
  producerId: number,
  input: unknown,
  settings: ChecklistSettings,
): NoticePreview {
  authorize(
    canSubmitNotice(actor, producerId),
    'Vous ne soumettez des notices que pour votre maison d’édition.',
  );
  const parsed = noticeFieldsSchema.safeParse(input);
  if (!parsed.success) {
    // The vocabularies are checked too, so the form says every mistake at once.
    const vocabularies = normalizeVocabularies(vocabularyFieldsOf(input));
    return {
      errors: [...schemaIssues(parsed.error), ...vocabularies.errors],
      warnings: vocabularies.warnings,
      checklist: [],
    };
  }
  const { fields, errors, warnings } = normalizeVocabularies(parsed.data);
  return {
    fields: errors.length === 0 ? fields : undefined,
    errors,
    warnings,
    checklist: errors.length === 0 ? checkNotice(fields, settings) : [],
  };
}

/** The vocabulary lists of an input that failed the schema (lists of text only), to check them alone. */
function vocabularyFieldsOf(input: unknown): NoticeFields {
  const source = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const texts = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  const empty = noticeFieldsSchema.parse({ identifier: '-', title: '-' });
  return {
    ...empty,
    levels: texts(source.levels),
    disciplines: texts(source.disciplines),
    types: texts(source.types),
    formats: texts(source.formats),
  };
}

const curated = [levels, disciplines, resourceTypes, formats, devices, licences];

/** The French label of a stored vocabulary value (a concept URI or a catalogue code). */
export function vocabularyLabel(value: string): string {
  for (const vocabulary of curated) {
    const concept = vocabulary.find((candidate) => candidate.uri === value || candidate.code === value);
    if (concept) return concept.label;
  }
  return conceptOf(value)?.label ?? value;
}
