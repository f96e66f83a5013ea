// The one clock of the domain: "now" and "today in France". Every rule that speaks of a day (ordering
// deadlines, offer validity, closing a campaign, subscription dates, reminders) asks here, so they all
// agree on the day, the French one: between midnight and 1-2 am Paris time the UTC day is still
// yesterday. Tests set the clock for the whole process (the test server runs in it too) and reset it.
// Session and token expiries are left on the real time: the database checks them against its now().

let fixed: number | undefined;

const parisDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

// Formatting a date in a time zone costs ~15 µs, and every order asks: one answer per second is kept.
let lastDay = { second: Number.NaN, day: '' };

/** The calendar date in France ('YYYY-MM-DD') at this instant. */
export function dayInFrance(at: Date): string {
  const second = Math.floor(at.getTime() / 1000);
  if (second !== lastDay.second) lastDay = { second, day: parisDate.format(at) };
  return lastDay.day;
}

export const clock = {
  /** The current instant: the real one, or the one a test set. */
  now(): Date {
    return fixed === undefined ? new Date() : new Date(fixed);
  },
  /** Today's calendar date in France ('YYYY-MM-DD'): deadlines and offer validity are French dates. */
  today(): string {
    return dayInFrance(clock.now());
  },
  /** Stops the clock at this instant until reset (tests). */
  set(at: Date | string): void {
    const time = new Date(at).getTime();
    if (Number.isNaN(time)) throw new Error(`clock.set: not a date: ${String(at)}`);
    fixed = time;
  },
  /** Back to the real time. */
  reset(): void {
    fixed = undefined;
  },
};

/** Today's calendar date in France ('YYYY-MM-DD'), or the French date of `now`. */
export function todayInFrance(now: Date = clock.now()): string {
  return dayInFrance(now);
}

/** "2026-02-30" has the shape of a day but is none. */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const date = Number(day.slice(8, 10));
  // Arithmetic rather than a Date's ISO text: a harvest asks this of every date of every record.
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return month >= 1 && month <= 12 && date >= 1 && date <= days;
}

/** A calendar day moved by some days: addDays('2026-03-01', -1) is '2026-02-28'. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
