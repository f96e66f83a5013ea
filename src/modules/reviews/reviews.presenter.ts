// Rows → what the API answers and the pages show. Authors of reviews are shown as "Camille M.".
import { disciplines, labelOf, levels } from '../catalogue/vocabulary.js';
import type { AppraisalRow, ReviewRow } from './reviews.repository.js';

/** "Camille Martin" → "Camille M." (a teacher's review names her without exposing her in full). */
export function shortName(displayName: string): string {
  const parts = displayName.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? 'Anonyme';
  return `${parts[0]} ${[...parts[parts.length - 1]!][0]!.toUpperCase()}.`;
}

const iso = (date: Date | string) => new Date(date).toISOString();
const labelled = (vocabulary: typeof levels, code: string | null) =>
  code === null ? null : { value: code, label: labelOf(vocabulary, code) };

export function presentReview(row: ReviewRow) {
  return {
    id: row.id,
    resourceId: row.resource_identifier,
    rating: row.rating,
    body: row.body,
    level: labelled(levels, row.level),
    discipline: labelled(disciplines, row.discipline),
    usedInClass: row.used_in_class,
    author: shortName(row.author_name),
    helpfulCount: row.helpful_count,
    createdAt: iso(row.created_at),
    editedAt: row.edited_at === null ? null : iso(row.edited_at),
  };
}
export type ReviewView = ReturnType<typeof presentReview>;

export function presentAppraisal(row: AppraisalRow) {
  return {
    id: row.id,
    resourceId: row.resource_identifier,
    signature: row.signature,
    role: row.author_role,
    strengths: row.strengths,
    limits: row.limits,
    recommendedUses: row.recommended_uses,
    levels: row.levels.map((code) => ({ value: code, label: labelOf(levels, code) })),
    ripLabel: row.rip_awarded_on ? { awardedOn: row.rip_awarded_on, awardedBy: row.signature } : null,
    createdAt: iso(row.created_at),
    reply:
      row.reply_body !== null && row.reply_created_at !== null
        ? { producer: row.reply_producer ?? '', body: row.reply_body, createdAt: iso(row.reply_created_at) }
        : null,
  };
}
export type AppraisalView = ReturnType<typeof presentAppraisal>;
