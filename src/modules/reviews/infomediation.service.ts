// What is read about a resource's reviews and appraisals: the API's two paginated lists, and the
// resource page's whole section (summary, RIP label, appraisals with replies, reviews with what the
// signed-in person may do with each).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../accounts/actor.js';
import { presentAppraisal, presentReview, type AppraisalView, type ReviewView } from './reviews.presenter.js';
import { canAppraise, canReactToReview, canReplyToAppraisal, canWriteReview } from './reviews.policy.js';
import {
  countAppraisals,
  findUserReview,
  firstRipLabel,
  hasAppraisalBy,
  helpfulMarkedBy,
  infomediationSummaries,
  listAppraisals,
  listPublishedReviews,
  reportedBy,
  reviewSummary,
} from './reviews.repository.js';
import { resourceOf } from './reviews.service.js';

type Db = Kysely<Database>;

export { infomediationSummaries };

export async function listResourceReviews(db: Db, reference: string, page: number, pageSize: number) {
  const resource = await resourceOf(db, reference);
  const [summary, rows] = await Promise.all([
    reviewSummary(db, resource.id),
    listPublishedReviews(db, resource.id, (page - 1) * pageSize, pageSize),
  ]);
  return {
    resourceId: resource.identifier,
    averageRating: summary.average,
    total: summary.count,
    page,
    pageSize,
    items: rows.map(presentReview),
  };
}

export async function listResourceAppraisals(db: Db, reference: string, page: number, pageSize: number) {
  const resource = await resourceOf(db, reference);
  const [total, rows, rip] = await Promise.all([
    countAppraisals(db, resource.id),
    listAppraisals(db, resource.id, (page - 1) * pageSize, pageSize),
    firstRipLabel(db, resource.id),
  ]);
  return {
    resourceId: resource.identifier,
    ripLabel: rip?.rip_awarded_on ? { awardedOn: rip.rip_awarded_on, awardedBy: rip.signature } : null,
    total,
    page,
    pageSize,
    items: rows.map(presentAppraisal),
  };
}

export const PAGE_REVIEWS = 10;
const PAGE_APPRAISALS = 50;

export interface ReviewOnPage extends ReviewView {
  mine: boolean;
  /** The signed-in person may mark it helpful / report it (not her own, not done yet). */
  canMarkHelpful: boolean;
  markedHelpful: boolean;
  canReport: boolean;
  reported: boolean;
}

export interface ResourceInfomediation {
  resourceId: string;
  withdrawn: boolean;
  averageRating: number | null;
  reviewCount: number;
  page: number;
  pageCount: number;
  reviews: ReviewOnPage[];
  /** The signed-in person's own review, published or hidden (with the moderator's reason). */
  myReview: (ReviewView & { hidden: boolean; hiddenReason: string | null }) | undefined;
  ripLabel: { awardedOn: string; awardedBy: string } | null;
  appraisals: (AppraisalView & { canReply: boolean })[];
  canWriteReview: boolean;
  /** Inspector or expert who has not appraised it yet. */
  canAppraise: boolean;
  signedIn: boolean;
}

/** The resource page's reviews and appraisals, as the signed-in person (or a visitor) sees them. */
export async function resourceInfomediation(
  db: Db,
  actor: Actor | undefined,
  reference: string,
  page: number,
): Promise<ResourceInfomediation> {
  const resource = await resourceOf(db, reference);
  const [summary, appraisalRows, rip, own] = await Promise.all([
    reviewSummary(db, resource.id),
    listAppraisals(db, resource.id, 0, PAGE_APPRAISALS),
    firstRipLabel(db, resource.id),
    actor ? findUserReview(db, resource.id, actor.userId) : Promise.resolve(undefined),
  ]);
  const pageCount = Math.max(1, Math.ceil(summary.count / PAGE_REVIEWS));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await listPublishedReviews(db, resource.id, (current - 1) * PAGE_REVIEWS, PAGE_REVIEWS);
  const ids = rows.map((row) => row.id);
  const [helpful, reported] = actor
    ? await Promise.all([helpfulMarkedBy(db, actor.userId, ids), reportedBy(db, actor.userId, ids)])
    : [new Set<number>(), new Set<number>()];
  const open = resource.withdrawn_at === null;
  const reviews = rows.map((row) => {
    const others = actor !== undefined && canReactToReview(actor, { userId: row.user_id });
    return {
      ...presentReview(row),
      mine: actor?.userId === row.user_id,
      canMarkHelpful: others && !helpful.has(row.id),
      markedHelpful: helpful.has(row.id),
      canReport: others && !reported.has(row.id),
      reported: reported.has(row.id),
    };
  });
  const canReply = actor !== undefined && canReplyToAppraisal(actor, { producerId: resource.producer_id });
  return {
    resourceId: resource.identifier,
    withdrawn: !open,
    averageRating: summary.average,
    reviewCount: summary.count,
    page: current,
    pageCount,
    reviews,
    myReview: own
      ? {
          ...presentReview(own),
          hidden: own.moderation_state === 'hidden',
          hiddenReason: own.hidden_reason,
        }
      : undefined,
    ripLabel: rip?.rip_awarded_on ? { awardedOn: rip.rip_awarded_on, awardedBy: rip.signature } : null,
    appraisals: appraisalRows.map((row) => ({
      ...presentAppraisal(row),
      canReply: canReply && row.reply_body === null,
    })),
    canWriteReview: open && actor !== undefined && canWriteReview(actor),
    canAppraise:
      open &&
      actor !== undefined &&
      canAppraise(actor) &&
      !(await hasAppraisalBy(db, resource.id, actor.userId)),
    signedIn: actor !== undefined,
  };
}
