// Schedules of harvest sources: the accepted texts and their refusals, the French words, and the next
// run time (every N hours from the previous run's end; daily at HH:MM French time, across the clock
// changes), with properties over arbitrary instants and schedules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeSchedule,
  describeStoredSchedule,
  firstRunAt,
  formatSchedule,
  nextRunAfter,
  parisLocalTime,
  parseSchedule,
  type Schedule,
} from './harvest-schedule.js';

const runs = Number(process.env.FUZZ_RUNS ?? 300);

describe('parseSchedule', () => {
  it('reads "every Nh", "daily HH:MM" and nothing', () => {
    expect(parseSchedule('every 6h')).toEqual({ ok: true, schedule: { kind: 'every', hours: 6 } });
    expect(parseSchedule(' every 168h ')).toEqual({ ok: true, schedule: { kind: 'every', hours: 168 } });
    expect(parseSchedule('daily 02:30')).toEqual({
      ok: true,
      schedule: { kind: 'daily', hour: 2, minute: 30 },
    });
    expect(parseSchedule('daily 23:59')).toEqual({
      ok: true,
      schedule: { kind: 'daily', hour: 23, minute: 59 },
    });
    expect(parseSchedule('')).toEqual({ ok: true, schedule: null });
    expect(parseSchedule(null)).toEqual({ ok: true, schedule: null });
  });

  it('refuses anything else with a French message', () => {
    for (const text of [
      'every 0h',
      'every 169h',
      'every 06h',
      'every 1.5h',
      'every -1h',
      'every h',
      'daily 24:00',
      'daily 2:30',
      'daily 02:60',
      'Daily 02:30',
      '0 2 * * *',
      'hourly',
    ]) {
      const parsed = parseSchedule(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/fréquence|heures/);
    }
    const tooMany = parseSchedule('every 169h');
    expect(!tooMany.ok && tooMany.message).toContain('de 1 à 168 heures');
  });

  it('says the schedule in French', () => {
    expect(describeSchedule(null)).toBe('À la demande');
    expect(describeSchedule({ kind: 'every', hours: 1 })).toBe('Toutes les heures');
    expect(describeSchedule({ kind: 'every', hours: 6 })).toBe('Toutes les 6 heures');
    expect(describeSchedule({ kind: 'daily', hour: 2, minute: 5 })).toBe('Chaque jour à 2 h 05');
    expect(describeStoredSchedule('toutes les nuits')).toBe('Fréquence non reconnue (« toutes les nuits »)');
  });
});

describe('nextRunAfter', () => {
  it('counts N hours from the end of the previous run', () => {
    const end = new Date('2026-12-05T10:17:00Z');
    expect(nextRunAfter({ kind: 'every', hours: 6 }, end)?.toISOString()).toBe('2026-12-05T16:17:00.000Z');
    expect(nextRunAfter(null, end)).toBeNull();
  });

  it('runs daily at the French time, winter (UTC+1) and summer (UTC+2)', () => {
    const daily: Schedule = { kind: 'daily', hour: 2, minute: 30 };
    // 5 December, 10:00 Paris: tomorrow 02:30 Paris is 01:30 UTC.
    expect(nextRunAfter(daily, new Date('2026-12-05T09:00:00Z'))?.toISOString()).toBe(
      '2026-12-06T01:30:00.000Z',
    );
    // 1 July, 01:00 Paris: today 02:30 Paris is 00:30 UTC.
    expect(nextRunAfter(daily, new Date('2026-06-30T23:00:00Z'))?.toISOString()).toBe(
      '2026-07-01T00:30:00.000Z',
    );
    // Exactly at the time: the next day, never the same instant.
    expect(nextRunAfter(daily, new Date('2026-12-06T01:30:00Z'))?.toISOString()).toBe(
      '2026-12-07T01:30:00.000Z',
    );
    // 23:30 Paris on 31 December: 02:30 on 1 January.
    expect(nextRunAfter(daily, new Date('2026-12-31T22:30:00Z'))?.toISOString()).toBe(
      '2027-01-01T01:30:00.000Z',
    );
  });

  it('handles the clock changes: the missing 02:30 runs at 03:30, the repeated one once', () => {
    const daily: Schedule = { kind: 'daily', hour: 2, minute: 30 };
    // 29 March 2026: clocks go from 02:00 to 03:00 in Paris (01:00 UTC).
    const spring = nextRunAfter(daily, new Date('2026-03-28T23:00:00Z'))!;
    expect(spring.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(parisLocalTime(spring)).toMatchObject({ day: 29, hour: 3, minute: 30 });
    // 25 October 2026: 03:00 summer time becomes 02:00 winter time; 02:30 comes twice, the first counts.
    const autumn = nextRunAfter(daily, new Date('2026-10-24T23:00:00Z'))!;
    expect(autumn.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // And the day after, 02:30 winter time.
    expect(nextRunAfter(daily, autumn)?.toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });

  it('first run: at once for every N hours, the next HH:MM for daily, never without a schedule', () => {
    const now = new Date('2026-12-05T09:00:00Z');
    expect(firstRunAt({ kind: 'every', hours: 12 }, now)).toEqual(now);
    expect(firstRunAt({ kind: 'daily', hour: 2, minute: 30 }, now)?.toISOString()).toBe(
      '2026-12-06T01:30:00.000Z',
    );
    expect(firstRunAt(null, now)).toBeNull();
  });
});

const instants = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => new Date(Math.floor(date.getTime() / 1000) * 1000));
const schedules: fc.Arbitrary<Schedule> = fc.oneof(
  fc.integer({ min: 1, max: 168 }).map((hours) => ({ kind: 'every' as const, hours })),
  fc
    .record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) })
    .map(({ hour, minute }) => ({ kind: 'daily' as const, hour, minute })),
);

describe('schedule properties', () => {
  it('the stored text reads back as the same schedule', () => {
    fc.assert(
      fc.property(schedules, (schedule) => {
        expect(parseSchedule(formatSchedule(schedule))).toEqual({ ok: true, schedule });
      }),
      { numRuns: runs },
    );
  });

  it('the next run is strictly later, within the period, and at the French wall time', () => {
    fc.assert(
      fc.property(schedules, instants, (schedule, after) => {
        const next = nextRunAfter(schedule, after)!;
        const gap = next.getTime() - after.getTime();
        expect(gap).toBeGreaterThan(0);
        if (schedule.kind === 'every') {
          expect(gap).toBe(schedule.hours * 3_600_000);
          return;
        }
        // A day, plus the hour a clock change may add.
        expect(gap).toBeLessThanOrEqual(25 * 3_600_000);
        const local = parisLocalTime(next);
        expect(local.minute).toBe(schedule.minute);
        // The wall time itself, or an hour later when it does not exist that day (spring change).
        expect([schedule.hour, schedule.hour + 1]).toContain(local.hour);
        if (local.hour !== schedule.hour) {
          expect(parisLocalTime(new Date(next.getTime() - 3_600_000)).hour).not.toBe(schedule.hour);
        }
        // No earlier instant after `after` has that wall time: the next one, not a later one.
        const dayBefore = nextRunAfter(schedule, new Date(next.getTime() - 23 * 3_600_000 - 1000))!;
        expect(dayBefore.getTime() === next.getTime() || dayBefore.getTime() <= after.getTime()).toBe(true);
      }),
      { numRuns: runs },
    );
  });
});
