// The notices workflow: a publisher submits (JSON, the web form; ScoLOMfr through notice-import), an
// expert reviews with the checklist, the diff since the last version and the probable duplicates, then
// accepts, refuses or asks for changes. Accepting publishes the resource in the same transaction, so it
// is searchable as soon as the change log reaches the index. A publisher may withdraw a notice: its
// resource leaves search at once, orders and subscriptions keep it.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, NoticeDecision, NoticeStatus } from '../../db/schema.js';
import { todayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { assertTransition, type TransitionTable } from '../../shared/state-machine.js';
import { authorize, type Actor } from '../accounts/actor.js';
import type { OfferInput, ResourceInput } from '../catalogue/catalogue.types.js';
import { publishResource, withdrawResource } from '../catalogue/resource-publication.js';
import {
  devices,
  disciplines,
  formats,
  levels,
  licences,
  resourceTypes,
  themes,
  type Concept,
} from '../catalogue/vocabulary.js';
import { audit, notifyUser } from '../notifications/notifications.repository.js';
import { checkNotice, criteria, type ChecklistSettings, type CriterionCheck } from './notice-checklist.js';
import { diffNotices, type FieldChange } from './notice-diff.js';
import {
  catalogueCodes,
  noticeFieldsSchema,
  normalizeVocabularies,
  schemaIssues,
  type NoticeFields,
} from './notice-fields.js';
import { importNotices, type NoticeImportResult } from './notice-import.service.js';
import type { UploadedFile } from './notice-uploads.js';
import {
  assignNotice,
  findDuplicates,
  findNotice,
  findProducer,
  findProducerById,
  findVersion,
  insertDecision,
  listDecisions,
  listExperts,
  listNotices,
  listVersions,
  lockNotice,
  noticeWorkflowStats,
  producerResourceIdentifiers,
  publisherUserIds,
  saveSubmission,
  setNoticeStatus,
  type NoticeFilters,
  type StatsDimension,
} from './notices.repository.js';
import {
  canReadAllNotices,
  canReadNotice,
  canReviewNotices,
  canSubmitNotice,
  canWithdrawNotice,
  publisherProducerIds,
} from './notices.policy.js';
import type { NoticeIssue } from './scolomfr-document.js';

type Db = Kysely<Database>;

export const noticeStatusLabels: Record<NoticeStatus, string> = {
  submitted: 'en attente de validation',
  accepted: 'validée',
  refused: 'refusée',
  changes_requested: 'modifications demandées',
  withdrawn: 'retirée',
};

/** A notice moves on a decision or a withdrawal; a new submission always brings it back to "submitted". */
const noticeTransitions: TransitionTable<NoticeStatus> = {
  submitted: ['accepted', 'refused', 'changes_requested', 'withdrawn'],
  accepted: ['withdrawn'],
  refused: ['withdrawn'],
  changes_requested: ['withdrawn'],
  withdrawn: [],
};

const decisionStatus: Record<NoticeDecision, NoticeStatus> = {
  accept: 'accepted',
  refuse: 'refused',
  'request-changes': 'changes_requested',
};

export const decisionLabels: Record<NoticeDecision, string> = {
  accept: 'validée',
  refuse: 'refusée',
  'request-changes': 'modifications demandées',
};

/** An expert's decision as the API and the form post it. */
export const decisionSchema = z
  .object({
    decision: z.enum(['accept', 'refuse', 'request-changes']),
    reasons: z
      .array(
        z.object({
          criterion: z.enum([...criteria, 'other']),
          message: z.string().trim().min(1, 'Expliquez ce qui ne va pas.').max(2000),
        }),
      )
      .max(20)
      .default([]),
  })
  .refine((decision) => decision.decision === 'accept' || decision.reasons.length > 0, {
    message: 'Un refus ou une demande de modifications donne au moins une raison.',
    path: ['reasons'],
  });
export type DecisionInput = z.output<typeof decisionSchema>;

// ---- Submitting ----

/**
 * A publisher's submission from the JSON API or the web form: validated (schema, vocabularies, the
 * producer's own products for bundles), then stored as a new version. The result has the same shape
 * as each notice of a ScoLOMfr import.
 */
export async function submitNotice(
  db: Db,
  actor: Actor,
  producerId: number,
  input: unknown,
  format: 'json' | 'form',
): Promise<NoticeImportResult> {
  authorize(
    canSubmitNotice(actor, producerId),
    'Vous ne soumettez des notices que pour votre maison d’édition.',
  );
  const file = format === 'json' ? 'api' : 'formulaire';
  const parsed = noticeFieldsSchema.safeParse(input);
  if (!parsed.success) return { file, status: 'rejected', errors: schemaIssues(parsed.error), warnings: [] };
  const { fields, errors, warnings } = normalizeVocabularies(parsed.data);
  const bundled = [...new Set(fields.offers.flatMap((offer) => offer.alsoCovers))];
  const owned = await producerResourceIdentifiers(db, producerId, bundled);
  fields.offers.forEach((offer, index) =>
    offer.alsoCovers.forEach((identifier, position) => {
      if (!owned.has(identifier) && identifier !== fields.identifier) {
        errors.push({
          path: `/offers/${index}/alsoCovers/${position}`,
          line: 0,
          rule: 'offer.bundle',
          message: `« ${identifier} » n’est pas une ressource de votre catalogue : un bouquet ne couvre que vos propres ressources.`,
        });
      }
    }),
  );
  if (errors.length > 0) return { file, status: 'rejected', errors, warnings };
  const { noticeId } = await saveSubmission(db, {
    producerId,
    fields,
    source: JSON.stringify(input),
    sourceFormat: format,
    warnings,
  });
  return {
    file,
    status: warnings.length > 0 ? 'warning' : 'accepted',
    notice: noticeId,
    errors: [],
    warnings,
  };
}

// ---- Reading ----

/** A filter value as the URIs it stands for: the concept and, for a cycle, its classes. */
function conceptAndNarrower(vocabulary: readonly Concept[], value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const concept = vocabulary.find((candidate) => candidate.uri === value || candidate.code === value);
  if (!concept?.uri) return [value];
  const narrower = vocabulary.filter((candidate) => candidate.parent === concept.code && candidate.uri);
  return [concept.uri, ...narrower.map((candidate) => candidate.uri!)];
}

export interface NoticeListQuery extends Omit<
  NoticeFilters,
  'producerIds' | 'type' | 'level' | 'discipline'
> {
  /** Concept URIs (or catalogue codes); a level also finds the classes beneath it. */
  type?: string | undefined;
  level?: string | undefined;
  discipline?: string | undefined;
  producerId?: number | undefined;
  /** A producer by code or name (the API's publisher=). */
  publisher?: string | undefined;
}

/** Notices the actor may see: every one for experts and the national level, its own for a publisher. */
export async function listNoticesFor(db: Db, actor: Actor, query: NoticeListQuery) {
  const all = canReadAllNotices(actor);
  const own = publisherProducerIds(actor);
  authorize(all || own.length > 0, 'Les notices sont réservées aux éditeurs et aux experts.');
  if (query.publisher !== undefined) {
    const producer = await findProducer(db, query.publisher);
    if (!producer) throw new AppError('VALIDATION_FAILED', `Producteur inconnu : « ${query.publisher} ».`);
    query = { ...query, producerId: producer.id };
  }
  if (!all && query.producerId !== undefined) {
    authorize(own.includes(query.producerId), 'Vous ne voyez que les notices de votre maison d’édition.');
  }
  const producerIds = query.producerId !== undefined ? [query.producerId] : all ? undefined : own;
  const { rows, total } = await listNotices(db, {
    ...query,
    producerIds,
    type: conceptAndNarrower(resourceTypes, query.type),
    level: conceptAndNarrower(levels, query.level),
    discipline: conceptAndNarrower(disciplines, query.discipline),
  });
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    notices: rows.map((row) => {
      const fields = row.fields as NoticeFields;
      return {
        id: row.id,
        identifier: row.identifier,
        title: row.title,
        status: row.status,
        statusLabel: noticeStatusLabels[row.status],
        version: row.current_version,
        producerId: row.producer_id,
        producerName: row.producer_name,
        submittedAt: row.submitted_at,
        decidedAt: row.decided_at,
        assignedTo: row.assigned_to,
        assignedName: row.assigned_name,
        resourceId: row.resource_id,
        types: fields.types,
        levels: fields.levels,
        disciplines: fields.disciplines,
        possibleDuplicates: row.possible_duplicates,
      };
    }),
  };
}

export interface NoticeReview {
  notice: NonNullable<Awaited<ReturnType<typeof findNotice>>> & { statusLabel: string };
  fields: NoticeFields;
  warnings: NoticeIssue[];
  checklist: CriterionCheck[];
  /** What changed since the previous version (empty for a first version). */
  changes: FieldChange[];
  versions: { version: number; sourceFormat: string; submittedAt: Date }[];
  decisions: {
    version: number;
    decision: NoticeDecision;
    decisionLabel: string;
    reasons: { criterion: string; message: string }[];
    decidedAt: Date;
    expertName: string;
  }[];
  duplicates: Awaited<ReturnType<typeof findDuplicates>>;
  experts: { id: number; display_name: string }[];
  /** What the viewer may do. */
  can: { review: boolean; withdraw: boolean; edit: boolean };
}

/** One notice with everything an expert decides on, or a publisher follows. */
export async function getNoticeReview(
  db: Db,
  actor: Actor,
  id: number,
  settings: ChecklistSettings,
): Promise<NoticeReview> {
  const notice = await findNotice(db, id);
  if (!notice || !canReadNotice(actor, notice.producer_id)) {
    // The same answer whether it does not exist or is another producer's: nothing leaks.
    throw new AppError('NOT_FOUND', 'Cette notice n’existe pas ou ne vous est pas accessible.');
  }
  const [versions, decisions] = await Promise.all([listVersions(db, id), listDecisions(db, id)]);
  const current = versions[0]!;
  const fields = current.fields as NoticeFields;
  const previous = versions[1]?.fields as NoticeFields | undefined;
  const review = canReviewNotices(actor);
  return {
    notice: { ...notice, statusLabel: noticeStatusLabels[notice.status] },
    fields,
    warnings: current.warnings as NoticeIssue[],
    checklist: checkNotice(fields, settings),
    changes: diffNotices(previous, fields),
    versions: versions.map((version) => ({
      version: version.version,
      sourceFormat: version.source_format,
      submittedAt: version.submitted_at,
    })),
    decisions: decisions.map((decision) => ({
      version: decision.version,
      decision: decision.decision,
      decisionLabel: decisionLabels[decision.decision],
      reasons: decision.reasons as { criterion: string; message: string }[],
      decidedAt: decision.decided_at,
      expertName: decision.expert_name,
    })),
    duplicates: review ? await findDuplicates(db, notice, fields.levels) : [],
    experts: review ? await listExperts(db) : [],
    can: {
      review: review && notice.status === 'submitted',
      withdraw: canWithdrawNotice(actor, notice.producer_id) && notice.status !== 'withdrawn',
      edit: canSubmitNotice(actor, notice.producer_id),
    },
  };
}

// ---- Deciding ----

/** The catalogue resource of a notice's fields (vocabulary URIs → the catalogue's facet codes). */
export function resourceOfNotice(fields: NoticeFields, producerCode: string, today: string): ResourceInput {
  const disciplineCodes = catalogueCodes(disciplines, fields.disciplines);
  return {
    identifier: fields.identifier,
    title: fields.title,
    description: fields.description,
    keywords: fields.keywords,
    producerCode,
    authors: [],
    languages: fields.languages,
    levels: catalogueCodes(levels, fields.levels),
    disciplines: disciplineCodes,
    // Themes follow from the disciplines' themes named in the keywords.
    themes: themes
      .filter(
        (theme) =>
          theme.disciplines.some((code) => disciplineCodes.includes(code)) &&
          fields.keywords.some((keyword) => keyword.toLowerCase() === theme.label.toLowerCase()),
      )
      .map((theme) => theme.code),
    types: catalogueCodes(resourceTypes, fields.types),
    formats: catalogueCodes(formats, fields.formats),
    devices: catalogueCodes(devices, fields.devices),
    cost: fields.cost === 'yes' ? 'yes' : 'no',
    licence: licences.find((licence) => licence.code === fields.licence)?.code ?? 'proprietary',
    accessibility: '',
    demoUrl: fields.demoUrl ?? null,
    publishedOn: today,
    updatedOn: fields.updatedOn ?? today,
    origin: 'publisher',
  };
}

export function offersOfNotice(fields: NoticeFields, producerCode: string, today: string): OfferInput[] {
  if (fields.cost !== 'yes') return [];
  return fields.offers.map((offer) => ({
    producerCode,
    label: offer.label,
    priceCents: offer.priceCents,
    tariff: offer.tariff,
    licenceKind: offer.licenceKind,
    seats: offer.seats,
    durationMonths: offer.durationMonths,
    delivery: offer.delivery,
    eligibility: [],
    validFrom: today,
    validUntil: null,
    resourceIdentifiers: [fields.identifier, ...offer.alsoCovers],
  }));
}

/** An expert's decision on the current version. Accepting publishes (or updates) the resource. */
export async function decideNotice(db: Db, actor: Actor, id: number, input: DecisionInput) {
  authorize(canReviewNotices(actor), 'Seuls les experts valideurs décident des notices.');
  const status = decisionStatus[input.decision];
  return db.transaction().execute(async (trx) => {
    const notice = await lockNotice(trx, id);
    if (!notice) throw new AppError('NOT_FOUND', 'Cette notice n’existe pas.');
    assertTransition(noticeTransitions, notice.status, status, noticeStatusLabels);
    let resourceId: number | undefined;
    if (input.decision === 'accept') {
      const full = (await findNotice(trx, id))!;
      const version = (await findVersion(trx, id, notice.current_version))!;
      const fields = version.fields as NoticeFields;
      const today = todayInFrance();
      resourceId = await publishResource(trx, {
        resource: resourceOfNotice(fields, full.producer_code, today),
        offers: offersOfNotice(fields, full.producer_code, today),
        resourceId: notice.resource_id,
      });
    }
    await insertDecision(trx, {
      noticeId: id,
      version: notice.current_version,
      expertId: actor.userId,
      decision: input.decision,
      reasons: input.reasons,
    });
    await setNoticeStatus(trx, id, { status, decided: true, ...(resourceId ? { resourceId } : {}) });
    await audit(trx, {
      actorUserId: actor.userId,
      action: `notice.${input.decision}`,
      subjectType: 'notice',
      subjectId: id,
      details: { version: notice.current_version, reasons: input.reasons, resourceId },
    });
    for (const userId of await publisherUserIds(trx, notice.producer_id)) {
      await notifyUser(trx, userId, {
        kind: 'notice-decision',
        title: `Notice ${decisionLabels[input.decision]} : ${notice.title}`,
        body:
          input.decision === 'accept'
            ? 'La notice est validée : la ressource est dans le catalogue.'
            : input.reasons.map((reason) => `• ${reason.message}`).join('\n'),
        link: `/editeur/notices/${id}`,
      });
    }
    return { id, status, statusLabel: noticeStatusLabels[status], resourceId: resourceId ?? null };
  });
}

/** Assigns a notice to an expert (or to nobody). */
export async function assignNoticeTo(db: Db, actor: Actor, id: number, expertId: number | null) {
  authorize(canReviewNotices(actor), 'Seuls les experts valideurs répartissent les notices.');
  const notice = await findNotice(db, id);
  if (!notice) throw new AppError('NOT_FOUND', 'Cette notice n’existe pas.');
  if (expertId !== null && !(await listExperts(db)).some((expert) => expert.id === expertId)) {
    throw new AppError('VALIDATION_FAILED', 'Cette personne n’est pas experte valideuse.');
  }
  await assignNotice(db, id, expertId);
  await audit(db, {
    actorUserId: actor.userId,
    action: 'notice.assign',
    subjectType: 'notice',
    subjectId: id,
    details: { expertId },
  });
}

/** The publisher withdraws a notice: its resource, if any, leaves search at once. */
export async function withdrawNotice(db: Db, actor: Actor, id: number) {
  return db.transaction().execute(async (trx) => {
    const notice = await lockNotice(trx, id);
    if (!notice || !canReadNotice(actor, notice.producer_id)) {
      throw new AppError('NOT_FOUND', 'Cette notice n’existe pas ou ne vous est pas accessible.');
    }
    authorize(canWithdrawNotice(actor, notice.producer_id), 'Seul l’éditeur de la notice peut la retirer.');
    assertTransition(noticeTransitions, notice.status, 'withdrawn', noticeStatusLabels);
    if (notice.resource_id !== null) await withdrawResource(trx, notice.resource_id);
    await setNoticeStatus(trx, id, { status: 'withdrawn' });
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'notice.withdraw',
      subjectType: 'notice',
      subjectId: id,
    });
    return { id, status: 'withdrawn' as const, statusLabel: noticeStatusLabels.withdrawn };
  });
}

// ---- Statistics ----

/** The workflow's figures, as the 2012 report gave them: public. */
export async function noticeStatistics(db: Db, by: StatsDimension) {
  const rows = await noticeWorkflowStats(db, by);
  const label = (key: string) =>
    by === 'producer'
      ? key
      : key === ''
        ? 'non précisé'
        : ((by === 'type' ? resourceTypes : levels).find((concept) => concept.uri === key)?.label ?? key);
  return rows.map((row) => ({ ...row, label: label(row.key) }));
}

// ---- Importing uploaded files ----

/**
 * Imports ScoLOMfr files a publisher uploaded (stored by notice-uploads.ts) as its producer's
 * submissions. Files refused on arrival (wrong kind, too large) come first, each with its result; each
 * result names the file as the publisher named it ("lot.zip:a.xml"), not where it was stored.
 */
export async function importUploadedNotices(
  db: Db,
  actor: Actor,
  producerId: number,
  upload: { files: readonly UploadedFile[]; refused: readonly NoticeImportResult[] },
) {
  authorize(
    canSubmitNotice(actor, producerId),
    'Vous n’importez des notices que pour votre maison d’édition.',
  );
  if (upload.files.length === 0 && upload.refused.length === 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Joignez au moins un fichier de notices ScoLOMfr (.xml) ou une archive .zip.',
    );
  }
  const producer = await findProducerById(db, producerId);
  if (!producer) throw new AppError('NOT_FOUND', 'Ce producteur n’existe pas.');
  const results: NoticeImportResult[] = [...upload.refused];
  const shown = (file: string) => {
    const stored = upload.files.find(
      (candidate) => file === candidate.path || file.startsWith(`${candidate.path}:`),
    );
    return stored ? stored.name + file.slice(stored.path.length) : file;
  };
  const summary = await importNotices(
    db,
    upload.files.map((file) => file.path),
    { producer: producer.code, onResult: (result) => results.push({ ...result, file: shown(result.file) }) },
  );
  summary.notices += upload.refused.length;
  summary.rejected += upload.refused.length;
  await audit(db, {
    actorUserId: actor.userId,
    action: 'notice.import',
    subjectType: 'producer',
    subjectId: producerId,
    details: {
      notices: summary.notices,
      accepted: summary.accepted,
      warning: summary.warning,
      rejected: summary.rejected,
    },
  });
  return { results, summary };
}

/** The producer a publisher acts for: the one named, or their only one. */
export function producerOfPublisher(actor: Actor, producerId: number | undefined): number {
  const own = publisherProducerIds(actor);
  if (producerId !== undefined) {
    authorize(own.includes(producerId), 'Vous ne soumettez des notices que pour votre maison d’édition.');
    return producerId;
  }
  authorize(own.length > 0, 'Seuls les éditeurs soumettent des notices.');
  if (own.length > 1) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Vous représentez plusieurs producteurs : précisez lequel (producer).',
    );
  }
  return own[0]!;
}
