// When a harvest source is harvested on its own (pure). A schedule is one short text, stored in
// harvest_sources.schedule and typed in the registration form:
//   (empty)        no schedule: harvested only when asked ("Moissonner maintenant", the CLI)
//   every 6h       every N hours (1 to 168), counted from the end of the previous run; the first run
//                  comes at once after registration
//   daily 02:30    every day at HH:MM, French time (Europe/Paris, summer time included); a time that
//                  does not exist that day (02:30 on the night clocks go forward) runs an hour later
//                  (03:30); in the autumn's repeated hour, the first one
// The next run is always strictly after the instant it is computed from, so a scheduler never runs
// a source twice in a row because of its schedule.

export type Schedule = { kind: 'every'; hours: number } | { kind: 'daily'; hour: number; minute: number };

export const MAX_SCHEDULE_HOURS = 168;

export type ScheduleParse = { ok: true; schedule: Schedule | null } | { ok: false; message: string };

const EVERY = /^every ([1-9]\d{0,2})h$/;
const DAILY = /^daily ([01]\d|2[0-3]):([0-5]\d)$/;

/** A stored or typed schedule; '' and null mean none. Anything else unknown is refused in French. */
export function parseSchedule(text: string | null | undefined): ScheduleParse {
  const value = (text ?? '').trim();
  if (value === '') return { ok: true, schedule: null };
  const every = EVERY.exec(value);
  if (every) {
    const hours = Number(every[1]);
    if (hours <= MAX_SCHEDULE_HOURS) return { ok: true, schedule: { kind: 'every', hours } };
    return {
      ok: false,
      message: `Un moissonnage toutes les N heures va de 1 à ${MAX_SCHEDULE_HOURS} heures (une semaine).`,
    };
  }
  const daily = DAILY.exec(value);
  if (daily)
    return { ok: true, schedule: { kind: 'daily', hour: Number(daily[1]), minute: Number(daily[2]) } };
  return {
    ok: false,
    message: `« ${value.slice(0, 40)} » n’est pas une fréquence reconnue : « every 6h » (toutes les 6 heures) ou « daily 02:30 » (chaque jour à 2 h 30).`,
  };
}

/** The schedule as stored: "every 6h", "daily 02:30", or null. */
export function formatSchedule(schedule: Schedule | null): string | null {
  if (!schedule) return null;
  if (schedule.kind === 'every') return `every ${schedule.hours}h`;
  return `daily ${pad(schedule.hour)}:${pad(schedule.minute)}`;
}

/** The schedule in French words, for the pages. */
export function describeSchedule(schedule: Schedule | null): string {
  if (!schedule) return 'À la demande';
  if (schedule.kind === 'every') {
    return schedule.hours === 1 ? 'Toutes les heures' : `Toutes les ${schedule.hours} heures`;
  }
  return `Chaque jour à ${schedule.hour} h ${pad(schedule.minute)}`;
}

/** The stored text in French words; a text that is not a schedule says so. */
export function describeStoredSchedule(text: string | null): string {
  const parsed = parseSchedule(text);
  return parsed.ok ? describeSchedule(parsed.schedule) : `Fréquence non reconnue (« ${text ?? ''} »)`;
}

/**
 * When the next run is due after `after` (the end of the previous run, or the registration):
 * `after` + N hours, or the first HH:MM in Paris strictly after `after`. Null without a schedule.
 */
export function nextRunAfter(schedule: Schedule | null, after: Date): Date | null {
  if (!schedule) return null;
  if (schedule.kind === 'every') return new Date(after.getTime() + schedule.hours * 3_600_000);
  let day = parisDay(after);
  for (let attempt = 0; attempt < 3; attempt++) {
    const candidate = parisTimeToInstant(day, schedule.hour, schedule.minute);
    if (candidate.getTime() > after.getTime()) return candidate;
    day = nextDay(day);
  }
  // Unreachable: three consecutive days always hold an HH:MM after any instant of the first.
  throw new Error('nextRunAfter: no next day found');
}

/** When a newly registered source is first due: at once for "every N hours", else its next time. */
export function firstRunAt(schedule: Schedule | null, registeredAt: Date): Date | null {
  if (!schedule) return null;
  return schedule.kind === 'every' ? registeredAt : nextRunAfter(schedule, registeredAt);
}

// ---- Paris time ----

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time in Paris at an instant. */
export function parisLocalTime(at: Date): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of parisParts.formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Paris's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function parisOffsetMs(at: Date): number {
  const local = parisLocalTime(at);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

type Day = { year: number; month: number; day: number };

function parisDay(at: Date): Day {
  const { year, month, day } = parisLocalTime(at);
  return { year, month, day };
}

function nextDay(day: Day): Day {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/**
 * The instant a Paris wall-clock time names. In the autumn's repeated hour the first (summer) one;
 * in the spring's missing hour, the instant one hour later on the wall clock.
 */
function parisTimeToInstant(day: Day, hour: number, minute: number): Date {
  const wall = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  // Try the offsets in force just before and just after: whichever gives back the wall time.
  const offsets = [
    parisOffsetMs(new Date(wall - 3 * 3_600_000)),
    parisOffsetMs(new Date(wall + 3 * 3_600_000)),
  ];
  for (const offset of [...new Set(offsets)].sort((a, b) => b - a)) {
    const instant = new Date(wall - offset);
    const local = parisLocalTime(instant);
    if (local.hour === hour && local.minute === minute && local.day === day.day) return instant;
  }
  // The missing hour of the spring change: the earlier offset, which lands an hour later.
  return new Date(wall - Math.min(...offsets));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
