// Queries of reviews and appraisals; each takes `db` or the use case's transaction.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ModerationState } from '../../db/schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

// ---- Reviews: writing ----

/** Locks the user's row: one user's review writes then run one at a time (the hourly limit is exact). */
export async function lockUser(trx: Transaction<Database>, userId: number): Promise<void> {
  await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
}

export async function countReviewWritesSince(db: Db, userId: number, since: Date) {
  const rows = await db
    .selectFrom('review_writes')
    .select(['at'])
    .where('user_id', '=', userId)
    .where('at', '>', since)
    .orderBy('at')
    .execute();
  return { count: rows.length, oldest: rows[0] ? new Date(rows[0].at) : undefined };
}

export async function recordReviewWrite(db: Db, userId: number, at: Date): Promise<void> {
  await db.insertInto('review_writes').values({ user_id: userId, at }).execute();
}

export async function establishmentAcademyId(db: Db, establishmentId: number): Promise<number | null> {
  const row = await db
    .selectFrom('establishments')
    .select('academy_id')
    .where('id', '=', establishmentId)
    .executeTakeFirst();
  return row?.academy_id ?? null;
}

export interface ReviewValues {
  rating: number;
  body: string;
  level: string | null;
  discipline: string | null;
  declared_use: boolean;
  auto_flags: string[];
  needs_moderation: boolean;
}

export async function insertReview(
  db: Db,
  review: ReviewValues & {
    resource_id: number;
    user_id: number;
    establishment_id: number | null;
    academy_id: number | null;
    created_at: Date;
  },
): Promise<number> {
  const row = await db.insertInto('reviews').values(review).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateReview(db: Db, id: number, values: ReviewValues & { edited_at: Date }) {
  await db.updateTable('reviews').set(values).where('id', '=', id).execute();
}

// ---- Reviews: reading ----

const usedInClass = sql<boolean>`(r.declared_use OR (r.establishment_id IS NOT NULL AND EXISTS (
  SELECT 1 FROM order_lines ol
    JOIN orders o ON o.id = ol.order_id
    JOIN offer_resources link ON link.offer_id = ol.offer_id
  WHERE o.establishment_id = r.establishment_id AND link.resource_id = r.resource_id
    AND o.status NOT IN ('draft', 'rejected', 'cancelled')
    AND ol.status NOT IN ('rejected', 'cancelled'))))`;

function reviewColumns(db: Db) {
  return db
    .selectFrom('reviews as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('resources as res', 'res.id', 'r.resource_id')
    .select([
      'r.id',
      'r.resource_id',
      'res.identifier as resource_identifier',
      'res.title as resource_title',
      'r.user_id',
      'u.display_name as author_name',
      'r.academy_id',
      'r.rating',
      'r.body',
      'r.level',
      'r.discipline',
      'r.declared_use',
      'r.moderation_state',
      'r.needs_moderation',
      'r.auto_flags',
      'r.hidden_reason',
      'r.moderated_at',
      'r.helpful_count',
      'r.created_at',
      'r.edited_at',
      usedInClass.as('used_in_class'),
    ]);
}

export type ReviewRow = NonNullable<Awaited<ReturnType<typeof findReview>>>;

export async function findReview(db: Db, id: number) {
  return reviewColumns(db).where('r.id', '=', id).executeTakeFirst();
}

export async function findUserReview(db: Db, resourceId: number, userId: number) {
  return reviewColumns(db)
    .where('r.resource_id', '=', resourceId)
    .where('r.user_id', '=', userId)
    .executeTakeFirst();
}

export async function listPublishedReviews(db: Db, resourceId: number, offset: number, limit: number) {
  return reviewColumns(db)
    .where('r.resource_id', '=', resourceId)
    .where('r.moderation_state', '=', 'published')
    .orderBy('r.helpful_count', 'desc')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
}

/** Published reviews of one resource: how many, and their average rating (null when none). */
export async function reviewSummary(db: Db, resourceId: number) {
  const row = await db
    .selectFrom('reviews')
    .select((eb) => [
      eb.fn.countAll<string>().as('count'),
      sql<string | null>`round(avg(rating), 1)`.as('average'),
    ])
    .where('resource_id', '=', resourceId)
    .where('moderation_state', '=', 'published')
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), average: row.average === null ? null : Number(row.average) };
}

/** The reviews the user marked helpful among `reviewIds`. */
export async function helpfulMarkedBy(db: Db, userId: number, reviewIds: readonly number[]) {
  if (reviewIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('review_helpful_votes')
    .select('review_id')
    .where('user_id', '=', userId)
    .where('review_id', 'in', reviewIds)
    .execute();
  return new Set(rows.map((row) => row.review_id));
}

export async function reportedBy(db: Db, userId: number, reviewIds: readonly number[]) {
  if (reviewIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('review_reports')
    .select('review_id')
    .where('user_id', '=', userId)
    .where('review_id', 'in', reviewIds)
    .execute();
  return new Set(rows.map((row) => row.review_id));
}

// ---- Helpful marks and reports ----

/** Marks the review helpful for the user; false when she had already done so. */
export async function insertHelpfulVote(db: Db, reviewId: number, userId: number): Promise<boolean> {
  const inserted = await db
    .insertInto('review_helpful_votes')
    .values({ review_id: reviewId, user_id: userId })
    .onConflict((conflict) => conflict.doNothing())
    .returning('review_id')
    .executeTakeFirst();
  if (!inserted) return false;
  await db
    .updateTable('reviews')
    .set((eb) => ({ helpful_count: eb('helpful_count', '+', 1) }))
    .where('id', '=', reviewId)
    .execute();
  return true;
}

export async function helpfulCount(db: Db, reviewId: number): Promise<number> {
  const row = await db
    .selectFrom('reviews')
    .select('helpful_count')
    .where('id', '=', reviewId)
    .executeTakeFirstOrThrow();
  return row.helpful_count;
}

/** Reports the review (sending it to the moderators); false when the user had already reported it. */
export async function insertReport(db: Db, reviewId: number, userId: number, reason: string) {
  const inserted = await db
    .insertInto('review_reports')
    .values({ review_id: reviewId, user_id: userId, reason, resolved_at: null })
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await db.updateTable('reviews').set({ needs_moderation: true }).where('id', '=', reviewId).execute();
  return true;
}

// ---- Moderation ----

/** Reviews waiting for a moderator: of the given academies, or every one ('all'); oldest first. */
export async function moderationQueue(db: Db, scope: 'all' | readonly number[]) {
  if (scope !== 'all' && scope.length === 0) return [];
  let query = reviewColumns(db).where('r.needs_moderation', '=', true);
  if (scope !== 'all') query = query.where('r.academy_id', 'in', scope);
  const reviews = await query.orderBy('r.created_at').orderBy('r.id').limit(200).execute();
  if (reviews.length === 0) return [];
  const reports = await db
    .selectFrom('review_reports')
    .select(['review_id', 'reason', 'created_at'])
    .where(
      'review_id',
      'in',
      reviews.map((review) => review.id),
    )
    .where('resolved_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return reviews.map((review) => ({
    ...review,
    reports: reports.filter((report) => report.review_id === review.id),
  }));
}

export async function recordModeration(
  db: Db,
  id: number,
  decision: { state: ModerationState; reason: string | null; by: number; at: Date },
) {
  await db
    .updateTable('reviews')
    .set({
      moderation_state: decision.state,
      hidden_reason: decision.state === 'hidden' ? decision.reason : null,
      needs_moderation: false,
      moderated_at: decision.at,
      moderated_by: decision.by,
    })
    .where('id', '=', id)
    .execute();
  await db
    .updateTable('review_reports')
    .set({ resolved_at: decision.at })
    .where('review_id', '=', id)
    .where('resolved_at', 'is', null)
    .execute();
}

// ---- Appraisals ----

function appraisalColumns(db: Db) {
  return db
    .selectFrom('appraisals as a')
    .innerJoin('resources as res', 'res.id', 'a.resource_id')
    .leftJoin('appraisal_replies as rep', 'rep.appraisal_id', 'a.id')
    .leftJoin('producers as p', 'p.id', 'rep.producer_id')
    .select([
      'a.id',
      'a.resource_id',
      'res.identifier as resource_identifier',
      'res.title as resource_title',
      'res.producer_id',
      'a.author_id',
      'a.author_role',
      'a.signature',
      'a.strengths',
      'a.limits',
      'a.recommended_uses',
      'a.levels',
      'a.rip_awarded_on',
      'a.created_at',
      'rep.body as reply_body',
      'rep.created_at as reply_created_at',
      'p.name as reply_producer',
    ]);
}

export type AppraisalRow = NonNullable<Awaited<ReturnType<typeof findAppraisal>>>;

export async function findAppraisal(db: Db, id: number) {
  return appraisalColumns(db).where('a.id', '=', id).executeTakeFirst();
}

export async function listAppraisals(db: Db, resourceId: number, offset: number, limit: number) {
  return appraisalColumns(db)
    .where('a.resource_id', '=', resourceId)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function countAppraisals(db: Db, resourceId: number): Promise<number> {
  const row = await db
    .selectFrom('appraisals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('resource_id', '=', resourceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The first RIP label the resource received: its date and who signed it. */
export async function firstRipLabel(db: Db, resourceId: number) {
  return db
    .selectFrom('appraisals')
    .select(['rip_awarded_on', 'signature'])
    .where('resource_id', '=', resourceId)
    .where('rip_awarded_on', 'is not', null)
    .orderBy('rip_awarded_on')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function hasAppraisalBy(db: Db, resourceId: number, authorId: number): Promise<boolean> {
  const row = await db
    .selectFrom('appraisals')
    .select('id')
    .where('resource_id', '=', resourceId)
    .where('author_id', '=', authorId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertAppraisal(
  db: Db,
  appraisal: {
    resource_id: number;
    author_id: number;
    author_role: 'inspector' | 'expert';
    signature: string;
    strengths: string;
    limits: string;
    recommended_uses: string;
    levels: string[];
    rip_awarded_on: string | null;
    created_at: Date;
  },
): Promise<number> {
  const row = await db.insertInto('appraisals').values(appraisal).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The producer's reply; false when the appraisal already has one. */
export async function insertAppraisalReply(
  db: Db,
  reply: { appraisal_id: number; producer_id: number; author_id: number; body: string; created_at: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('appraisal_replies')
    .values(reply)
    .onConflict((conflict) => conflict.doNothing())
    .returning('appraisal_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Appraisals of the producers' resources (the publisher's list), those without a reply first. */
export async function listAppraisalsOfProducers(db: Db, producerIds: readonly number[]) {
  if (producerIds.length === 0) return [];
  return appraisalColumns(db)
    .where('res.producer_id', 'in', producerIds)
    .orderBy(sql`rep.appraisal_id IS NOT NULL`)
    .orderBy('a.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function listAppraisalsByAuthor(db: Db, authorId: number) {
  return appraisalColumns(db)
    .where('a.author_id', '=', authorId)
    .orderBy('a.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function academyName(db: Db, academyId: number): Promise<string | undefined> {
  const row = await db.selectFrom('academies').select('name').where('id', '=', academyId).executeTakeFirst();
  return row?.name;
}

// ---- In bulk, for search ranking and facets (a later task) ----

/**
 * Per resource: published reviews' count and average, whether it has an appraisal and the RIP label.
 * One pass over each table, grouped; with `resourceIds`, only those.
 */
export async function infomediationSummaries(db: Db, resourceIds?: readonly number[]) {
  const filter = resourceIds ? sql`WHERE resource_id = ANY(${[...resourceIds]}::int[])` : sql``;
  const { rows } = await sql<{
    resource_id: number;
    review_count: number;
    average_rating: string | null;
    has_appraisal: boolean;
    has_rip: boolean;
  }>`
    SELECT resource_id,
           coalesce(sum(review_count), 0)::int AS review_count,
           round(sum(rating_sum)::numeric / nullif(sum(review_count), 0), 2) AS average_rating,
           bool_or(appraisals > 0) AS has_appraisal,
           bool_or(rip > 0) AS has_rip
    FROM (
      SELECT resource_id, count(*) AS review_count, sum(rating) AS rating_sum, 0 AS appraisals, 0 AS rip
      FROM reviews ${filter} ${resourceIds ? sql`AND` : sql`WHERE`} moderation_state = 'published'
      GROUP BY resource_id
      UNION ALL
      SELECT resource_id, 0, 0, count(*), count(rip_awarded_on)
      FROM appraisals ${filter}
      GROUP BY resource_id
    ) parts
    GROUP BY resource_id`.execute(db);
  return rows.map((row) => ({
    resourceId: row.resource_id,
    reviewCount: Number(row.review_count),
    averageRating: row.average_rating === null ? null : Number(row.average_rating),
    hasAppraisal: row.has_appraisal,
    hasRip: row.has_rip,
  }));
}

// ---- The resource acted on ----

/** A resource by its stable identifier or database id, as the catalogue reads it. */
export async function findResourceRef(db: Db, reference: string) {
  if (reference.length > 64) return undefined;
  const query = db
    .selectFrom('resources as r')
    .innerJoin('producers as p', 'p.id', 'r.producer_id')
    .select([
      'r.id',
      'r.identifier',
      'r.title',
      'r.producer_id',
      'p.name as producer_name',
      'r.withdrawn_at',
    ]);
  return /^\d{1,9}$/.test(reference)
    ? query.where('r.id', '=', Number(reference)).executeTakeFirst()
    : query.where('r.identifier', '=', reference).executeTakeFirst();
}
