// The periods the statistics keep precomputed, besides each month: the whole history ('all'), each
// calendar year ('year-2026') and each school year, September to August ('school-2025-2026'), all in
// French time. The fold (statistics.repository.ts) counts every line under its month and these three
// keys, each with its distinct establishments as an exact counter (from each establishment's months).
// The keys start with a letter: a range of months ('2026-01' … '2026-12') never takes them in. Pure.

/** A range of whole months, inclusive ('YYYY-MM'); an end left out is open. */
export interface MonthRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** 'YYYY-MM' → its calendar year's key: 'year-YYYY'. */
export function yearKey(month: string): string {
  return `year-${month.slice(0, 4)}`;
}

/** The first calendar year of the school year a month belongs to (September starts it). */
export function schoolYearStart(month: string): number {
  const year = Number(month.slice(0, 4));
  return Number(month.slice(5, 7)) >= 9 ? year : year - 1;
}

/** 'YYYY-MM' → its school year's key: 'school-2025-2026' for 2025-09 … 2026-08. */
export function schoolYearKey(month: string): string {
  const start = schoolYearStart(month);
  return `school-${start}-${start + 1}`;
}

/** The months (inclusive) a school year starting in September of `start` covers. */
export function schoolYearRange(start: number): { from: string; to: string } {
  return { from: `${start}-09`, to: `${start + 1}-08` };
}

/** The months (inclusive) of a calendar year. */
export function calendarYearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01`, to: `${year}-12` };
}

/** The first and last months that have a live line, if any. */
export interface MonthExtent {
  first: string;
  last: string;
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/**
 * The precomputed period whose months with live lines are exactly those of the range, or null when
 * there is none (the range is then summed from its months, its establishments counted from the spans). Months outside
 * [first, last] have no live line, so the range is first clipped to them: "2026-09 … 2027-08" asked in
 * December 2026 is the school year 2026-2027, "from 2020" is the whole history.
 */
export function precomputedPeriod(period: MonthRange, extent: MonthExtent | null): string | null {
  if (extent === null) return 'all'; // nothing anywhere: every key reads nothing
  const from = later(period.from ?? extent.first, extent.first);
  const to = earlier(period.to ?? extent.last, extent.last);
  if (from > to) return null; // no live month in the range: the months' rows answer at once
  if (from === extent.first && to === extent.last) return 'all';
  if (from === to) return from;
  const covers = (range: { from: string; to: string }) =>
    from === later(range.from, extent.first) && to === earlier(range.to, extent.last);
  const year = Number(from.slice(0, 4));
  if (to.slice(0, 4) === from.slice(0, 4) && covers(calendarYearRange(year))) return yearKey(from);
  const start = schoolYearStart(from);
  if (schoolYearStart(to) === start && covers(schoolYearRange(start))) return schoolYearKey(from);
  return null;
}

/** A period the pages offer in one click, read as kept by the fold. */
export interface PeriodChoice {
  label: string;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The pages' shortcuts: the whole history, then the school years and the calendar years that have live
 * lines, newest first (at most `limit` of each).
 */
export function periodChoices(extent: MonthExtent | null, limit = 4): PeriodChoice[] {
  const choices: PeriodChoice[] = [{ label: 'Depuis le début' }];
  if (extent === null) return choices;
  for (
    let start = schoolYearStart(extent.last), n = 0;
    start >= schoolYearStart(extent.first) && n < limit;
    start--, n++
  )
    choices.push({ label: `Année scolaire ${start}-${start + 1}`, ...schoolYearRange(start) });
  const last = Number(extent.last.slice(0, 4));
  const first = Number(extent.first.slice(0, 4));
  for (let year = last, n = 0; year >= first && n < limit; year--, n++)
    choices.push({ label: `Année civile ${year}`, ...calendarYearRange(year) });
  return choices;
}
