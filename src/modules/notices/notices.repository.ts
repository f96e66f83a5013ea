// The SQL side of notices: which producer submits, and each submission stored as a new version.
import { sql, type Kysely } from 'kysely';
import type { Database, NoticeDecision, NoticeStatus } from '../../db/schema.js';
import type { NoticeIssue } from './scolomfr-document.js';
import type { NoticeFields } from './notice-fields.js';

/** A producer by its code or its name (case and accents as stored, case-insensitive). */
export async function findProducer(
  db: Kysely<Database>,
  codeOrName: string,
): Promise<{ id: number; name: string } | undefined> {
  return db
    .selectFrom('producers')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('code', '=', codeOrName), eb(sql`lower(name)`, '=', codeOrName.toLowerCase())]))
    .orderBy('id')
    .executeTakeFirst();
}

export async function findProducerById(db: Kysely<Database>, id: number) {
  return db.selectFrom('producers').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}

/**
 * Stores one submission in one transaction: a new notice, or a new version of the producer's notice
 * with the same identifier (back to "submitted", whatever it was).
 */
export async function saveSubmission(
  db: Kysely<Database>,
  submission: {
    producerId: number;
    fields: NoticeFields;
    source: string;
    sourceFormat: 'scolomfr' | 'json' | 'form';
    warnings: readonly NoticeIssue[];
  },
): Promise<{ noticeId: number; version: number }> {
  return db.transaction().execute(async (trx) => {
    const notice = await trx
      .insertInto('notices')
      .values({
        producer_id: submission.producerId,
        identifier: submission.fields.identifier,
        title: submission.fields.title,
      })
      .onConflict((conflict) =>
        conflict.columns(['producer_id', 'identifier']).doUpdateSet({
          title: submission.fields.title,
          status: 'submitted',
          submitted_at: sql`now()`,
          current_version: sql`notices.current_version + 1`,
          updated_at: sql`now()`,
        }),
      )
      .returning(['id', 'current_version'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('notice_versions')
      .values({
        notice_id: notice.id,
        version: notice.current_version,
        source_format: submission.sourceFormat,
        source: submission.source,
        fields: JSON.stringify(submission.fields),
        warnings: JSON.stringify(submission.warnings),
      })
      .execute();
    return { noticeId: notice.id, version: notice.current_version };
  });
}

/** The filters of the experts' queue and of a publisher's list. */
export interface NoticeFilters {
  status?: NoticeStatus | undefined;
  producerIds?: readonly number[] | undefined;
  /** Concept URIs the current version must carry one of. */
  type?: readonly string[] | undefined;
  level?: readonly string[] | undefined;
  discipline?: readonly string[] | undefined;
  /** An expert's user id, or null for notices assigned to nobody. */
  assignedTo?: number | null | undefined;
  /** Waiting at least this many days since the current version was submitted. */
  waitingDays?: number | undefined;
  /** Oldest waiting first (the experts' queue, the default) or newest first (a publisher's list). */
  order?: 'oldest' | 'newest' | undefined;
  page: number;
  pageSize: number;
}

export interface NoticeListRow {
  id: number;
  identifier: string;
  title: string;
  status: NoticeStatus;
  current_version: number;
  producer_id: number;
  producer_name: string;
  submitted_at: Date;
  decided_at: Date | null;
  assigned_to: number | null;
  assigned_name: string | null;
  resource_id: number | null;
  fields: unknown;
  /** Another notice with the same identifier, or the same title and a level in common. */
  possible_duplicates: number;
}

/** One page of notices, oldest waiting first, with the total. */
export async function listNotices(
  db: Kysely<Database>,
  filters: NoticeFilters,
): Promise<{ rows: NoticeListRow[]; total: number }> {
  let query = db
    .selectFrom('notices')
    .innerJoin('notice_versions as v', (join) =>
      join.onRef('v.notice_id', '=', 'notices.id').onRef('v.version', '=', 'notices.current_version'),
    )
    .innerJoin('producers as p', 'p.id', 'notices.producer_id')
    .leftJoin('users as u', 'u.id', 'notices.assigned_to');
  if (filters.status) query = query.where('notices.status', '=', filters.status);
  if (filters.producerIds)
    query = query.where(
      'notices.producer_id',
      'in',
      filters.producerIds.length > 0 ? [...filters.producerIds] : [-1],
    );
  for (const [key, values] of [
    ['types', filters.type],
    ['levels', filters.level],
    ['disciplines', filters.discipline],
  ] as const) {
    // Any of the values: a cycle's notices are those tagged with the cycle or one of its classes.
    if (values && values.length > 0)
      query = query.where(sql<boolean>`v.fields -> ${key} ?| ${[...values]}::text[]`);
  }
  if (filters.assignedTo !== undefined) {
    query =
      filters.assignedTo === null
        ? query.where('notices.assigned_to', 'is', null)
        : query.where('notices.assigned_to', '=', filters.assignedTo);
  }
  if (filters.waitingDays !== undefined) {
    query = query.where(
      sql<boolean>`notices.submitted_at <= now() - make_interval(days => ${filters.waitingDays})`,
    );
  }
  const [rows, count] = await Promise.all([
    query
      .select([
        'notices.id',
        'notices.identifier',
        'notices.title',
        'notices.status',
        'notices.current_version',
        'notices.producer_id',
        'p.name as producer_name',
        'notices.submitted_at',
        'notices.decided_at',
        'notices.assigned_to',
        'u.display_name as assigned_name',
        'notices.resource_id',
        'v.fields',
        sql<number>`(
          SELECT count(*)::int FROM notices other
          WHERE other.id <> notices.id AND other.status <> 'withdrawn'
            AND (other.identifier = notices.identifier OR lower(other.title) = lower(notices.title))
        )`.as('possible_duplicates'),
      ])
      .orderBy('notices.submitted_at', filters.order === 'newest' ? 'desc' : 'asc')
      .orderBy('notices.id', filters.order === 'newest' ? 'desc' : 'asc')
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.total };
}

export async function findNotice(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('notices')
    .innerJoin('producers as p', 'p.id', 'notices.producer_id')
    .leftJoin('users as u', 'u.id', 'notices.assigned_to')
    .select([
      'notices.id',
      'notices.identifier',
      'notices.title',
      'notices.status',
      'notices.current_version',
      'notices.producer_id',
      'p.code as producer_code',
      'p.name as producer_name',
      'notices.submitted_at',
      'notices.decided_at',
      'notices.created_at',
      'notices.assigned_to',
      'u.display_name as assigned_name',
      'notices.resource_id',
    ])
    .where('notices.id', '=', id)
    .executeTakeFirst();
}
export type NoticeRow = NonNullable<Awaited<ReturnType<typeof findNotice>>>;

/** Locks a notice for a decision or a withdrawal (two experts deciding at once: one waits). */
export async function lockNotice(trx: Kysely<Database>, id: number) {
  return trx
    .selectFrom('notices')
    .select(['id', 'status', 'current_version', 'producer_id', 'resource_id', 'identifier', 'title'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Every version, newest first. */
export async function listVersions(db: Kysely<Database>, noticeId: number) {
  return db
    .selectFrom('notice_versions')
    .select(['version', 'source_format', 'fields', 'warnings', 'submitted_at'])
    .where('notice_id', '=', noticeId)
    .orderBy('version', 'desc')
    .execute();
}

export async function findVersion(db: Kysely<Database>, noticeId: number, version: number) {
  return db
    .selectFrom('notice_versions')
    .select(['version', 'source_format', 'source', 'fields', 'warnings', 'submitted_at'])
    .where('notice_id', '=', noticeId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Every decision, newest first, with the expert's name. */
export async function listDecisions(db: Kysely<Database>, noticeId: number) {
  return db
    .selectFrom('notice_decisions as d')
    .innerJoin('users as u', 'u.id', 'd.expert_id')
    .select(['d.id', 'd.version', 'd.decision', 'd.reasons', 'd.decided_at', 'u.display_name as expert_name'])
    .where('d.notice_id', '=', noticeId)
    .orderBy('d.id', 'desc')
    .execute();
}

/** The last decision of each of these notices (a publisher's list), with its reasons. */
export async function lastDecisions(db: Kysely<Database>, noticeIds: readonly number[]) {
  if (noticeIds.length === 0) return [];
  return db
    .selectFrom('notice_decisions')
    .distinctOn('notice_id')
    .select(['notice_id', 'version', 'decision', 'reasons', 'decided_at'])
    .where('notice_id', 'in', [...noticeIds])
    .orderBy('notice_id')
    .orderBy('id', 'desc')
    .execute();
}

/** Notices that probably describe the same product: same identifier, or same title with a level in common. */
export async function findDuplicates(
  db: Kysely<Database>,
  notice: { id: number; identifier: string; title: string },
  levels: readonly string[],
) {
  const rows = await db
    .selectFrom('notices')
    .innerJoin('notice_versions as v', (join) =>
      join.onRef('v.notice_id', '=', 'notices.id').onRef('v.version', '=', 'notices.current_version'),
    )
    .innerJoin('producers as p', 'p.id', 'notices.producer_id')
    .select([
      'notices.id',
      'notices.identifier',
      'notices.title',
      'notices.status',
      'p.name as producer_name',
      'v.fields',
    ])
    .where('notices.id', '<>', notice.id)
    .where('notices.status', '<>', 'withdrawn')
    .where((eb) =>
      eb.or([
        eb('notices.identifier', '=', notice.identifier),
        eb(sql`lower(notices.title)`, '=', notice.title.toLowerCase()),
      ]),
    )
    .orderBy('notices.id')
    .limit(20)
    .execute();
  return rows.flatMap(({ fields, ...row }) => {
    const sameIdentifier = row.identifier === notice.identifier;
    const otherLevels = (fields as { levels?: string[] }).levels ?? [];
    const sharedLevel =
      levels.length === 0 || otherLevels.length === 0 || otherLevels.some((level) => levels.includes(level));
    if (!sameIdentifier && !sharedLevel) return [];
    return [{ ...row, reason: sameIdentifier ? ('identifier' as const) : ('title-and-level' as const) }];
  });
}

export async function insertDecision(
  trx: Kysely<Database>,
  decision: {
    noticeId: number;
    version: number;
    expertId: number;
    decision: NoticeDecision;
    reasons: unknown;
  },
): Promise<void> {
  await trx
    .insertInto('notice_decisions')
    .values({
      notice_id: decision.noticeId,
      version: decision.version,
      expert_id: decision.expertId,
      decision: decision.decision,
      reasons: JSON.stringify(decision.reasons),
    })
    .execute();
}

export async function setNoticeStatus(
  trx: Kysely<Database>,
  id: number,
  change: { status: NoticeStatus; decided?: boolean; resourceId?: number },
): Promise<void> {
  await trx
    .updateTable('notices')
    .set({
      status: change.status,
      updated_at: sql`now()`,
      ...(change.decided ? { decided_at: sql`now()` } : {}),
      ...(change.resourceId !== undefined ? { resource_id: change.resourceId } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function assignNotice(db: Kysely<Database>, id: number, expertId: number | null): Promise<void> {
  await db.updateTable('notices').set({ assigned_to: expertId }).where('id', '=', id).execute();
}

/** Users holding the expert role, by name. */
export async function listExperts(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .innerJoin('role_assignments as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.display_name'])
    .where('r.role', '=', 'expert')
    .distinct()
    .orderBy('u.display_name')
    .execute();
}

/** Accounts of a producer's publishers, who hear of decisions on its notices. */
export async function publisherUserIds(db: Kysely<Database>, producerId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select('user_id')
    .where('role', '=', 'publisher')
    .where('producer_id', '=', producerId)
    .execute();
  return [...new Set(rows.map((row) => row.user_id))];
}

/** The producer's identifiers among these (bundles may only cover the producer's own resources). */
export async function producerResourceIdentifiers(
  db: Kysely<Database>,
  producerId: number,
  identifiers: readonly string[],
): Promise<Set<string>> {
  if (identifiers.length === 0) return new Set();
  const rows = await db
    .selectFrom('resources')
    .select('identifier')
    .where('producer_id', '=', producerId)
    .where('identifier', 'in', [...identifiers])
    .execute();
  return new Set(rows.map((row) => row.identifier));
}

export type StatsDimension = 'producer' | 'type' | 'level';

/**
 * The workflow's figures grouped by a dimension: notices per status, and the median and 90th
 * percentile of the time from submission to decision (hours), over decided notices.
 */
export async function noticeWorkflowStats(db: Kysely<Database>, by: StatsDimension | 'all') {
  // A notice with two levels counts under each; one with none, under "".
  const key =
    by === 'all'
      ? sql<string>`''`
      : by === 'producer'
        ? sql<string>`p.name`
        : sql<string>`coalesce(k.value, '')`;
  const lateral =
    by === 'producer' || by === 'all'
      ? sql``
      : sql`LEFT JOIN LATERAL jsonb_array_elements_text(v.fields -> ${by === 'type' ? 'types' : 'levels'}) AS k(value) ON true`;
  const result = await sql<{
    key: string;
    submitted: number;
    accepted: number;
    refused: number;
    changes_requested: number;
    withdrawn: number;
    total: number;
    median_hours: number | null;
    p90_hours: number | null;
  }>`
    WITH rows AS (
      SELECT ${key} AS key, n.status, n.submitted_at, n.decided_at
      FROM notices n
      JOIN notice_versions v ON v.notice_id = n.id AND v.version = n.current_version
      JOIN producers p ON p.id = n.producer_id
      ${lateral}
    )
    SELECT key,
      count(*) FILTER (WHERE status = 'submitted')::int AS submitted,
      count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
      count(*) FILTER (WHERE status = 'refused')::int AS refused,
      count(*) FILTER (WHERE status = 'changes_requested')::int AS changes_requested,
      count(*) FILTER (WHERE status = 'withdrawn')::int AS withdrawn,
      count(*)::int AS total,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at) / 3600)
        FILTER (WHERE decided_at IS NOT NULL AND decided_at >= submitted_at) AS median_hours,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at) / 3600)
        FILTER (WHERE decided_at IS NOT NULL AND decided_at >= submitted_at) AS p90_hours
    FROM rows GROUP BY key ORDER BY total DESC, key`.execute(db);
  return result.rows.map((row) => ({
    ...row,
    median_hours: row.median_hours === null ? null : Number(row.median_hours),
    p90_hours: row.p90_hours === null ? null : Number(row.p90_hours),
  }));
}

/** Sets when a notice was submitted and decided, its versions and decisions with it (demo history). */
export async function setNoticeTimes(
  db: Kysely<Database>,
  id: number,
  times: { submittedAt: Date; decidedAt: Date | null },
): Promise<void> {
  await db
    .updateTable('notices')
    .set({ submitted_at: times.submittedAt, created_at: times.submittedAt, decided_at: times.decidedAt })
    .where('id', '=', id)
    .execute();
  await db
    .updateTable('notice_versions')
    .set({ submitted_at: times.submittedAt })
    .where('notice_id', '=', id)
    .execute();
  if (times.decidedAt) {
    await db
      .updateTable('notice_decisions')
      .set({ decided_at: times.decidedAt })
      .where('notice_id', '=', id)
      .execute();
  }
}

/** How many decisions were taken, every version counted. */
export async function countDecisions(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('notice_decisions')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The producers that have submitted at least one notice, by name. */
export async function listProducersWithNotices(
  db: Kysely<Database>,
): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('producers as p')
    .select(['p.id', 'p.name'])
    .where((eb) =>
      eb.exists(eb.selectFrom('notices as n').select('n.id').whereRef('n.producer_id', '=', 'p.id')),
    )
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
}
