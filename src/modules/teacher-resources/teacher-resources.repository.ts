// Queries of teachers' resources. No rules here; each function takes the handle first (db or trx).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewTeacherResource {
  authorId: number;
  academyId: number | null;
  kind: 'file' | 'link';
  fields: unknown;
  licence: string;
  url: string | null;
  file: { key: string; name: string; mediaType: string; size: number } | null;
}

export async function insertTeacherResource(trx: Db, values: NewTeacherResource): Promise<number> {
  const row = await trx
    .insertInto('teacher_resources')
    .values({
      author_id: values.authorId,
      academy_id: values.academyId,
      kind: values.kind,
      fields: JSON.stringify(values.fields),
      licence: values.licence,
      url: values.url,
      storage_key: values.file?.key ?? null,
      file_name: values.file?.name ?? null,
      media_type: values.file?.mediaType ?? null,
      size_bytes: values.file?.size ?? null,
      decided_by: null,
      decision_reason: null,
      resource_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The academy of the first establishment where the user teaches (moderation scope). */
export async function findAcademyOfEstablishments(db: Db, establishmentIds: readonly number[]) {
  if (establishmentIds.length === 0) return null;
  const row = await db
    .selectFrom('establishments')
    .select('academy_id')
    .where('id', 'in', [...establishmentIds])
    .orderBy('id')
    .executeTakeFirst();
  return row?.academy_id ?? null;
}

function rows(db: Db) {
  return db
    .selectFrom('teacher_resources as t')
    .innerJoin('users as u', 'u.id', 't.author_id')
    .leftJoin('users as d', 'd.id', 't.decided_by')
    .select([
      't.id',
      't.author_id',
      'u.display_name as author',
      't.academy_id',
      't.kind',
      't.fields',
      't.licence',
      't.url',
      't.storage_key',
      't.file_name',
      't.media_type',
      't.size_bytes',
      't.status',
      'd.display_name as decided_by_name',
      't.decided_at',
      't.decision_reason',
      't.resource_id',
      't.created_at',
    ]);
}
export type TeacherResourceRow = Awaited<ReturnType<ReturnType<typeof rows>['execute']>>[number];

export async function findTeacherResource(db: Db, id: number): Promise<TeacherResourceRow | undefined> {
  return rows(db).where('t.id', '=', id).executeTakeFirst();
}

/** Locks the row for a decision, so two moderators never decide it twice. */
export async function lockTeacherResource(trx: Db, id: number) {
  return trx
    .selectFrom('teacher_resources')
    .select(['id', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function listByAuthor(db: Db, authorId: number) {
  return rows(db)
    .where('t.author_id', '=', authorId)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(200)
    .execute();
}

/** Waiting resources, oldest first, in the given academies (null: all). */
export async function listPending(db: Db, academies: readonly number[] | null) {
  let query = rows(db).where('t.status', '=', 'pending');
  if (academies !== null) {
    if (academies.length === 0) return [];
    query = query.where('t.academy_id', 'in', [...academies]);
  }
  return query.orderBy('t.created_at').orderBy('t.id').limit(200).execute();
}

export async function recordDecision(
  trx: Db,
  id: number,
  decision: { status: 'accepted' | 'refused'; by: number; reason: string | null; resourceId: number | null },
): Promise<void> {
  await trx
    .updateTable('teacher_resources')
    .set({
      status: decision.status,
      decided_by: decision.by,
      decided_at: sql<Date>`now()`,
      decision_reason: decision.reason,
      resource_id: decision.resourceId,
    })
    .where('id', '=', id)
    .execute();
}
