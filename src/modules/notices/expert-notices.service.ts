// What the experts' pages and the public statistics need beside notice-review.service.ts: the producers
// that have notices (the queue's publisher filter), and the workflow's figures over every notice (the
// totals above the per-publisher, per-type and per-level tables).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { noticeStatistics } from './notice-review.service.js';
import { canReadAllNotices } from './notices.policy.js';
import {
  countDecisions,
  listProducersWithNotices,
  noticeWorkflowStats,
  type StatsDimension,
} from './notices.repository.js';

type Db = Kysely<Database>;

export type { StatsDimension };

/** The producers that have submitted at least one notice, by name: the choices of the queue's filter. */
export async function listNoticeProducers(db: Db, actor: Actor): Promise<{ id: number; name: string }[]> {
  authorize(canReadAllNotices(actor), 'Les notices sont réservées aux experts et à l’administration.');
  return listProducersWithNotices(db);
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
  const [[row], decisions] = await Promise.all([noticeWorkflowStats(db, 'all'), countDecisions(db)]);
  return {
    submitted: row?.submitted ?? 0,
    accepted: row?.accepted ?? 0,
    refused: row?.refused ?? 0,
    changes_requested: row?.changes_requested ?? 0,
    withdrawn: row?.withdrawn ?? 0,
    total: row?.total ?? 0,
    decisions,
    median_hours: row?.median_hours ?? null,
    p90_hours: row?.p90_hours ?? null,
  };
}

/** The public statistics page: the totals, then the table grouped by one dimension. Public. */
export async function noticeWorkflowFigures(db: Db, by: StatsDimension) {
  const [totals, rows] = await Promise.all([noticeTotals(db), noticeStatistics(db, by)]);
  return { by, totals, rows };
}
export type NoticeWorkflowFigures = Awaited<ReturnType<typeof noticeWorkflowFigures>>;
