// Teachers' own resources: a teacher publishes a file or a link with the notice fields publishers use
// and a Creative Commons licence; it waits for light moderation (an expert, national staff, or the
// academy staff of her academy), who accept it or refuse it with a reason, and she is told. Accepted,
// it enters the catalogue as a free resource of origin 'teacher' (catalogue/resource-publication.ts),
// under the same facets, like an accepted notice or a harvested record. Files are checked by content
// (file-content.ts) and kept behind a FileStorage under a random key.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { todayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { insertProducers } from '../catalogue/catalogue.repository.js';
import { publishResource } from '../catalogue/resource-publication.js';
import { disciplines, labelOf, levels, licences, resourceTypes } from '../catalogue/vocabulary.js';
import { catalogueCodes, normalizeVocabularies, type NoticeFields } from '../notices/notice-fields.js';
import { resourceOfNotice } from '../notices/notice-review.service.js';
import { audit, notifyUser } from '../notifications/notifications.repository.js';
import { checkFile, sanitizeFileName } from './file-content.js';
import type { FileStorage } from './file-storage.js';
import {
  authorizeModerateAny,
  authorizePublish,
  canModerate,
  moderatedAcademies,
} from './teacher-resources.policy.js';
import {
  findAcademyOfEstablishments,
  findTeacherResource,
  insertTeacherResource,
  listByAuthor,
  listPending,
  lockTeacherResource,
  recordDecision,
  type TeacherResourceRow,
} from './teacher-resources.repository.js';
import type { DecisionInput, TeacherResourceInput } from './teacher-resources.schema.js';

type Db = Kysely<Database>;

/** The producer every teacher's resource is published under (created on the first acceptance). */
export const TEACHERS_PRODUCER = {
  code: 'enseignants',
  name: 'Ressources d’enseignants',
  kind: 'teacher' as const,
  website: null,
};

const FORMAT_ONLINE = 'scolomfr-voc-046-num-001';
const FORMAT_DOWNLOAD = 'scolomfr-voc-046-num-003';

export type TeacherResourceSource =
  { kind: 'link'; url: string } | { kind: 'file'; key: string; name: string; size: number };

/** The notice fields of the teacher's input, vocabularies checked and kept as concept URIs. */
function noticeFieldsOf(input: TeacherResourceInput, kind: 'file' | 'link'): NoticeFields {
  const fields: NoticeFields = {
    identifier: 'enseignant',
    title: input.title,
    description: input.description,
    keywords: input.keywords,
    languages: input.languages,
    levels: input.levels,
    disciplines: input.disciplines,
    types: input.types,
    formats: [kind === 'link' ? FORMAT_ONLINE : FORMAT_DOWNLOAD],
    devices: [],
    cost: 'no',
    licence: input.licence,
    technicalRequirements: '',
    offers: [],
    schemas: [],
  };
  const { fields: normalized, errors } = normalizeVocabularies(fields);
  if (errors.length > 0) {
    throw new AppError('VALIDATION_FAILED', errors[0]!.message, {
      issues: errors.map((error) => ({ path: error.path, message: error.message })),
    });
  }
  return normalized;
}

/**
 * Records a teacher's resource, waiting for moderation. A file is checked by its content: refused, it
 * is removed from the storage and the teacher reads why.
 */
export async function submitTeacherResource(
  db: Db,
  storage: FileStorage,
  actor: Actor,
  input: TeacherResourceInput,
  source: TeacherResourceSource,
): Promise<number> {
  authorizePublish(actor);
  let file: { key: string; name: string; mediaType: string; size: number } | null = null;
  if (source.kind === 'file') {
    const check = await checkFile(await storage.read(source.key), source.name);
    if (!check.ok) {
      await storage.remove(source.key);
      throw new AppError('VALIDATION_FAILED', check.message, {
        issues: [{ path: '/file', message: check.message }],
      });
    }
    file = {
      key: source.key,
      name: sanitizeFileName(source.name, check.kind.extensions[0]),
      mediaType: check.kind.mediaType,
      size: source.size,
    };
  }
  const fields = noticeFieldsOf(input, source.kind);
  const establishments = actor.grants.flatMap((grant) =>
    grant.establishmentId !== null ? [grant.establishmentId] : [],
  );
  const academyId = await findAcademyOfEstablishments(db, establishments);
  return db.transaction().execute(async (trx) => {
    const id = await insertTeacherResource(trx, {
      authorId: actor.userId,
      academyId,
      kind: source.kind,
      fields,
      licence: input.licence,
      url: source.kind === 'link' ? source.url : null,
      file,
    });
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'teacher-resource.submitted',
      subjectType: 'teacher-resource',
      subjectId: id,
      details: { kind: source.kind, ...(file ? { mediaType: file.mediaType, size: file.size } : {}) },
    });
    return id;
  });
}

export type TeacherResourceStatus = 'pending' | 'accepted' | 'refused';

export const statusLabels: Record<TeacherResourceStatus, string> = {
  pending: 'en attente de modération',
  accepted: 'publiée dans le catalogue',
  refused: 'refusée',
};

/** A teacher's resource as its author and its moderators read it. */
export interface TeacherResourceView {
  id: number;
  title: string;
  description: string;
  author: string;
  kind: 'file' | 'link';
  url: string | null;
  file: { name: string; mediaType: string; sizeBytes: number; href: string } | null;
  licence: string;
  levels: string[];
  disciplines: string[];
  types: string[];
  keywords: string[];
  status: TeacherResourceStatus;
  decision: { by: string; reason: string | null } | null;
  /** Its page in the catalogue, once accepted. */
  resourceUrl: string | null;
  createdAt: Date;
}

function viewOf(row: TeacherResourceRow): TeacherResourceView {
  const fields = row.fields as NoticeFields;
  return {
    id: row.id,
    title: fields.title,
    description: fields.description,
    author: row.author,
    kind: row.kind,
    url: row.url,
    file:
      row.kind === 'file'
        ? {
            name: row.file_name ?? '',
            mediaType: row.media_type ?? '',
            sizeBytes: row.size_bytes ?? 0,
            href: `/ressources-enseignants/${row.id}/fichier`,
          }
        : null,
    licence: labelOf(licences, row.licence),
    levels: catalogueCodes(levels, fields.levels).map((code) => labelOf(levels, code)),
    disciplines: catalogueCodes(disciplines, fields.disciplines).map((code) => labelOf(disciplines, code)),
    types: catalogueCodes(resourceTypes, fields.types).map((code) => labelOf(resourceTypes, code)),
    keywords: fields.keywords,
    status: row.status,
    decision: row.decided_at !== null ? { by: row.decided_by_name ?? '', reason: row.decision_reason } : null,
    resourceUrl: row.resource_id !== null ? `/ressources/${row.resource_id}` : null,
    createdAt: new Date(row.created_at),
  };
}

/** "Mes ressources": the signed-in teacher's own, newest first. */
export async function listMyTeacherResources(db: Db, actor: Actor): Promise<TeacherResourceView[]> {
  authorizePublish(actor);
  return (await listByAuthor(db, actor.userId)).map(viewOf);
}

/** The moderation queue: waiting resources the actor moderates, oldest first. */
export async function listPendingTeacherResources(db: Db, actor: Actor): Promise<TeacherResourceView[]> {
  authorizeModerateAny(actor);
  return (await listPending(db, moderatedAcademies(actor))).map(viewOf);
}

async function loadForModeration(db: Db, actor: Actor, id: number): Promise<TeacherResourceRow> {
  authorizeModerateAny(actor);
  const row = await findTeacherResource(db, id);
  if (!row || !canModerate(actor, row.academy_id)) {
    throw new AppError(
      'NOT_FOUND',
      `La ressource d’enseignant n° ${id} n’existe pas ou n’est pas de votre ressort.`,
    );
  }
  return row;
}

export async function getTeacherResourceForModeration(
  db: Db,
  actor: Actor,
  id: number,
): Promise<TeacherResourceView> {
  return viewOf(await loadForModeration(db, actor, id));
}

/**
 * A moderator's decision. Accepting publishes the resource in the catalogue (free, origin 'teacher',
 * the teacher as author) in the same transaction; refusing keeps the reason. The author is notified.
 */
export async function decideTeacherResource(
  db: Db,
  actor: Actor,
  id: number,
  input: DecisionInput,
  options: { publicUrl: string; today?: string },
): Promise<{ resourceId: number | null }> {
  const row = await loadForModeration(db, actor, id);
  const today = options.today ?? todayInFrance();
  return db.transaction().execute(async (trx) => {
    const locked = await lockTeacherResource(trx, id);
    if (locked?.status !== 'pending') {
      throw new AppError('CONFLICT', 'Cette ressource a déjà été modérée.');
    }
    let resourceId: number | null = null;
    const fields = { ...(row.fields as NoticeFields), identifier: `enseignant-${row.id}` };
    if (input.decision === 'accept') {
      await insertProducers(trx, [TEACHERS_PRODUCER]);
      const access =
        row.kind === 'link'
          ? row.url
          : `${options.publicUrl.replace(/\/+$/, '')}/ressources-enseignants/${row.id}/fichier`;
      resourceId = await publishResource(trx, {
        resource: {
          ...resourceOfNotice(fields, TEACHERS_PRODUCER.code, today),
          authors: [row.author],
          cost: 'no',
          licence: row.licence,
          demoUrl: access,
          origin: 'teacher',
        },
        offers: [],
        resourceId: null,
      });
    }
    const reason = input.decision === 'refuse' ? input.reason : null;
    await recordDecision(trx, id, {
      status: input.decision === 'accept' ? 'accepted' : 'refused',
      by: actor.userId,
      reason,
      resourceId,
    });
    await audit(trx, {
      actorUserId: actor.userId,
      action: input.decision === 'accept' ? 'teacher-resource.accepted' : 'teacher-resource.refused',
      subjectType: 'teacher-resource',
      subjectId: id,
      details: { reason, resource: resourceId },
    });
    await notifyUser(trx, row.author_id, {
      kind: `teacher-resource-${input.decision === 'accept' ? 'accepted' : 'refused'}`,
      title:
        input.decision === 'accept'
          ? `Ressource publiée : ${fields.title}`
          : `Ressource refusée : ${fields.title}`,
      body:
        input.decision === 'accept'
          ? `« ${fields.title} » est publiée dans le catalogue comme ressource gratuite.`
          : `${actor.displayName} n’a pas accepté « ${fields.title} » : ${reason ?? ''}`,
      link: resourceId !== null ? `/ressources/${resourceId}` : '/mes-ressources',
    });
    return { resourceId };
  });
}

/** A stored file to send: for everyone once accepted, else for its author and its moderators only. */
export async function getTeacherFile(
  db: Db,
  actor: Actor | undefined,
  id: number,
): Promise<{ key: string; name: string; mediaType: string; size: number }> {
  const row = await findTeacherResource(db, id);
  const visible =
    row !== undefined &&
    row.kind === 'file' &&
    (row.status === 'accepted' || actor?.userId === row.author_id || canModerate(actor, row.academy_id));
  if (!visible || !row.storage_key) {
    throw new AppError('NOT_FOUND', 'Ce fichier n’existe pas.');
  }
  return {
    key: row.storage_key,
    name: row.file_name ?? 'fichier',
    mediaType: row.media_type ?? 'application/octet-stream',
    size: row.size_bytes ?? 0,
  };
}
