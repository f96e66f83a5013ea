// What the experts' pages and the public statistics need beside notice-review.service.ts: the producers
// that have notices (the queue's publisher filter), and the workflow's figures over every notice (the
// totals above the per-publisher, per-type and per-level tables). The two queries are here rather than
// in notices.repository.ts only because that file is being changed by another piece of work; they are
// plain reads, to move there as they are.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { noticeStatistics } from './notice-review.service.js';
import { canReadAllNotices } from './notices.policy.js';
import type { StatsDimension } from './notices.repository.js';

type Db = Kysely<Database>;

export type { StatsDimension };

/** The producers that have submitted at least one notice, by name: the choices of the queue's filter. */
export async function listNoticeProducers(db: Db, actor: Actor): Promise<{ id: number; name: string }[]> {
  authorize(canReadAllNotices(actor), 'Les notices sont réservées aux experts et à l’administration.');
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

/** Notices per status over the whole workflow, and the times to a decision (hours). */
export interface NoticeTotals {
  submitted: number;
  accepted: number;
  refused: number;
  changes_requested: number;
  withdrawn: number;
  total: number;
  /** Decisions taken (every version decided, not only the last). */
  decisions: number;
  median_hours: number | null;
  p90_hours: number | null;
}

async function noticeTotals(db: Db): Promise<NoticeTotals> {
  // Each notice once (the per-type and per-level tables count a notice under each of its values).
  const result = await sql<NoticeTotals>`
    SELECT
      count(*) FILTER (WHERE status = 'submitted')::int AS submitted,
      count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
      count(*) FILTER (WHERE status = 'refused')::int AS refused,
      count(*) FILTER (WHERE status = 'changes_requested')::int AS changes_requested,
      count(*) FILTER (WHERE status = 'withdrawn')::int AS withdrawn,
      count(*)::int AS total,
      (SELECT count(*)::int FROM notice_decisions) AS decisions,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at) / 3600)
        FILTER (WHERE decided_at IS NOT NULL AND decided_at >= submitted_at) AS median_hours,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at) / 3600)
        FILTER (WHERE decided_at IS NOT NULL AND decided_at >= submitted_at) AS p90_hours
    FROM notices`.execute(db);
  const row = result.rows[0]!;
  return {
    ...row,
    median_hours: row.median_hours === null ? null : Number(row.median_hours),
    p90_hours: row.p90_hours === null ? null : Number(row.p90_hours),
  };
}

/** The public statistics page: the totals, then the table grouped by one dimension. Public. */
export async function noticeWorkflowFigures(db: Db, by: StatsDimension) {
  const [totals, rows] = await Promise.all([noticeTotals(db), noticeStatistics(db, by)]);
  return { by, totals, rows };
}
export type NoticeWorkflowFigures = Awaited<ReturnType<typeof noticeWorkflowFigures>>;
