import { describe, expect, it } from 'vitest';
import type { QueueHours } from '../../routing/business-hours.ts';
import {
  addBusinessMs,
  businessMsBetween,
  dueEscalations,
  type EscalationStep,
  escalationSchedule,
  nextEscalationAt,
  type SlaClockInput,
  type SlaPause,
  slaClock,
} from './sla-clock.ts';

const H = 3_600_000;
const M = 60_000;

// Shanghai is UTC+8 all year: 09:00 local = 01:00Z, 18:00 local = 10:00Z.
// 2026-09-28 is a Monday; 2026-10-01 (Thursday) is National Day; 10-03/04 the weekend.
const NINE_TO_SIX = [{ open: '09:00', close: '18:00' }];
const SHANGHAI: QueueHours = {
  alwaysOpen: false,
  timeZone: 'Asia/Shanghai',
  businessHours: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
  holidays: ['2026-10-01'],
};
const SHANGHAI_24X7: QueueHours = { ...SHANGHAI, alwaysOpen: true };
const LUNCH_BREAK: QueueHours = {
  ...SHANGHAI,
  businessHours: {
    mon: [
      { open: '09:00', close: '12:00' },
      { open: '13:00', close: '18:00' },
    ],
  },
};
const OVERLAPPING: QueueHours = {
  ...SHANGHAI,
  businessHours: {
    mon: [
      { open: '11:00', close: '14:00' },
      { open: '09:00', close: '12:00' },
    ],
  },
};
// A night desk: 22:00 to 06:00, Monday night to Saturday morning.
const LATE = [{ open: '22:00', close: '24:00' }];
const EARLY = [{ open: '00:00', close: '06:00' }];
const NIGHTS: QueueHours = {
  ...SHANGHAI,
  businessHours: {
    mon: LATE,
    tue: [...EARLY, ...LATE],
    wed: [...EARLY, ...LATE],
    thu: [...EARLY, ...LATE],
    fri: [...EARLY, ...LATE],
    sat: EARLY,
  },
};
const NEVER_OPEN: QueueHours = { ...SHANGHAI, businessHours: {} };

// New York: daylight saving starts 2026-03-08 02:00 (UTC-5 → UTC-4), ends 2026-11-01 02:00.
const NINE_TO_FIVE = [{ open: '09:00', close: '17:00' }];
const NEW_YORK: QueueHours = {
  alwaysOpen: false,
  timeZone: 'America/New_York',
  businessHours: {
    mon: NINE_TO_FIVE,
    tue: NINE_TO_FIVE,
    wed: NINE_TO_FIVE,
    thu: NINE_TO_FIVE,
    fri: NINE_TO_FIVE,
  },
  holidays: [],
};
const NEW_YORK_SUNDAYS: QueueHours = { ...NEW_YORK, businessHours: { sun: NINE_TO_FIVE } };
const ALL_DAY = [{ open: '00:00', close: '24:00' }];
const NEW_YORK_ALL_DAY: QueueHours = {
  ...NEW_YORK,
  businessHours: {
    mon: ALL_DAY,
    tue: ALL_DAY,
    wed: ALL_DAY,
    thu: ALL_DAY,
    fri: ALL_DAY,
    sat: ALL_DAY,
    sun: ALL_DAY,
  },
};
const NEW_YORK_SMALL_HOURS: QueueHours = {
  ...NEW_YORK,
  businessHours: { sun: [{ open: '01:00', close: '04:00' }] },
};

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

describe('businessMsBetween', () => {
  it.each<{ name: string; hours: QueueHours; from: string; to: string; want: number }>([
    {
      name: 'within one day',
      hours: SHANGHAI,
      from: '2026-09-28T02:00:00Z',
      to: '2026-09-28T05:00:00Z',
      want: 3 * H,
    },
    {
      name: 'before opening',
      hours: SHANGHAI,
      from: '2026-09-27T23:00:00Z',
      to: '2026-09-28T00:30:00Z',
      want: 0,
    },
    {
      name: 'to before from',
      hours: SHANGHAI,
      from: '2026-09-28T05:00:00Z',
      to: '2026-09-28T02:00:00Z',
      want: 0,
    },
    {
      name: 'overnight',
      hours: SHANGHAI,
      from: '2026-09-28T09:00:00Z',
      to: '2026-09-29T02:00:00Z',
      want: 2 * H,
    },
    {
      name: 'over a holiday',
      hours: SHANGHAI,
      from: '2026-09-30T09:00:00Z',
      to: '2026-10-02T02:00:00Z',
      want: 2 * H,
    },
    {
      name: 'over a holiday and a weekend',
      hours: SHANGHAI,
      from: '2026-09-30T09:00:00Z',
      to: '2026-10-05T02:00:00Z',
      want: 11 * H,
    },
    // Sunday 23:30 UTC is Monday 07:30 in Shanghai.
    {
      name: 'the local day, not the UTC day',
      hours: SHANGHAI,
      from: '2026-10-04T23:30:00Z',
      to: '2026-10-05T01:30:00Z',
      want: 30 * M,
    },
    {
      name: 'lunch break',
      hours: LUNCH_BREAK,
      from: '2026-09-28T03:00:00Z',
      to: '2026-09-28T06:00:00Z',
      want: 2 * H,
    },
    {
      name: 'overlapping windows count once',
      hours: OVERLAPPING,
      from: '2026-09-28T00:00:00Z',
      to: '2026-09-28T12:00:00Z',
      want: 5 * H,
    },
    {
      name: '7×24: wall clock over a weekend',
      hours: SHANGHAI_24X7,
      from: '2026-10-02T16:00:00Z',
      to: '2026-10-04T16:00:00Z',
      want: 48 * H,
    },
    {
      name: '7×24: holidays count',
      hours: SHANGHAI_24X7,
      from: '2026-09-30T16:00:00Z',
      to: '2026-10-01T16:00:00Z',
      want: 24 * H,
    },
    {
      name: 'midnight-spanning: Monday 23:00 to Tuesday 03:00',
      hours: NIGHTS,
      from: '2026-09-28T15:00:00Z',
      to: '2026-09-28T19:00:00Z',
      want: 4 * H,
    },
    {
      name: 'midnight-spanning: Friday 23:00 to Monday 23:00',
      hours: NIGHTS,
      from: '2026-10-02T15:00:00Z',
      to: '2026-10-05T15:00:00Z',
      want: 8 * H,
    },
    // The holiday closes Thursday 00:00–06:00 but not Wednesday's 22:00–24:00.
    {
      name: 'midnight-spanning into a holiday',
      hours: NIGHTS,
      from: '2026-09-30T15:00:00Z',
      to: '2026-09-30T22:00:00Z',
      want: 1 * H,
    },
    {
      name: 'no windows at all',
      hours: NEVER_OPEN,
      from: '2026-09-28T00:00:00Z',
      to: '2026-12-28T00:00:00Z',
      want: 0,
    },
    // Friday 16:00 EST (21:00Z) to Monday 10:00 EDT (14:00Z).
    {
      name: 'New York over the March change',
      hours: NEW_YORK,
      from: '2026-03-06T21:00:00Z',
      to: '2026-03-09T14:00:00Z',
      want: 2 * H,
    },
    {
      name: 'New York: the March change day is 23 hours',
      hours: NEW_YORK_ALL_DAY,
      from: '2026-03-08T05:00:00Z',
      to: '2026-03-09T04:00:00Z',
      want: 23 * H,
    },
    {
      name: 'New York: the November change day is 25 hours',
      hours: NEW_YORK_ALL_DAY,
      from: '2026-11-01T04:00:00Z',
      to: '2026-11-02T05:00:00Z',
      want: 25 * H,
    },
    // 01:00 EST (06:00Z) to 04:00 EDT (08:00Z): the skipped hour is not worked.
    {
      name: 'New York: a window across the skipped hour',
      hours: NEW_YORK_SMALL_HOURS,
      from: '2026-03-08T00:00:00Z',
      to: '2026-03-09T00:00:00Z',
      want: 2 * H,
    },
  ])('$name', ({ hours, from, to, want }) => {
    expect(businessMsBetween(hours, new Date(from), new Date(to))).toBe(want);
  });
});

describe('addBusinessMs', () => {
  it.each<{ name: string; hours: QueueHours; from: string; ms: number; want: string | null }>([
    {
      name: 'within one day',
      hours: SHANGHAI,
      from: '2026-09-28T02:00:00Z',
      ms: 3 * H,
      want: '2026-09-28T05:00:00.000Z',
    },
    {
      name: 'from before opening',
      hours: SHANGHAI,
      from: '2026-09-27T23:00:00Z',
      ms: 1 * H,
      want: '2026-09-28T02:00:00.000Z',
    },
    {
      name: 'using up the day ends at closing time, not next opening',
      hours: SHANGHAI,
      from: '2026-09-28T02:00:00Z',
      ms: 8 * H,
      want: '2026-09-28T10:00:00.000Z',
    },
    {
      name: 'overnight',
      hours: SHANGHAI,
      from: '2026-09-28T09:00:00Z',
      ms: 2 * H,
      want: '2026-09-29T02:00:00.000Z',
    },
    {
      name: 'over a holiday',
      hours: SHANGHAI,
      from: '2026-09-30T09:00:00Z',
      ms: 2 * H,
      want: '2026-10-02T02:00:00.000Z',
    },
    {
      name: 'over a holiday and a weekend',
      hours: SHANGHAI,
      from: '2026-09-30T09:00:00Z',
      ms: 11 * H,
      want: '2026-10-05T02:00:00.000Z',
    },
    {
      name: 'from a Saturday',
      hours: SHANGHAI,
      from: '2026-10-03T04:00:00Z',
      ms: 30 * M,
      want: '2026-10-05T01:30:00.000Z',
    },
    {
      name: 'zero is from itself',
      hours: SHANGHAI,
      from: '2026-10-03T04:00:00Z',
      ms: 0,
      want: '2026-10-03T04:00:00.000Z',
    },
    {
      name: 'lunch break',
      hours: LUNCH_BREAK,
      from: '2026-09-28T03:00:00Z',
      ms: 2 * H,
      want: '2026-09-28T06:00:00.000Z',
    },
    {
      name: '7×24: wall clock',
      hours: SHANGHAI_24X7,
      from: '2026-10-03T04:00:00Z',
      ms: 36 * H,
      want: '2026-10-04T16:00:00.000Z',
    },
    {
      name: 'midnight-spanning: through midnight',
      hours: NIGHTS,
      from: '2026-10-02T15:30:00Z',
      ms: 1 * H,
      want: '2026-10-02T16:30:00.000Z',
    },
    // Wednesday 23:00 + 1 h to midnight; Thursday morning is the holiday; Friday 00:00–01:00.
    {
      name: 'midnight-spanning: skips the holiday morning',
      hours: NIGHTS,
      from: '2026-09-30T15:00:00Z',
      ms: 2 * H,
      want: '2026-10-01T17:00:00.000Z',
    },
    {
      name: 'New York: Friday 16:00 EST + 2 h is Monday 10:00 EDT',
      hours: NEW_YORK,
      from: '2026-03-06T21:00:00Z',
      ms: 2 * H,
      want: '2026-03-09T14:00:00.000Z',
    },
    // On the change day itself 09:00 is EDT: 13:00Z, not 14:00Z.
    {
      name: 'New York: opening on the March change day',
      hours: NEW_YORK_SUNDAYS,
      from: '2026-03-07T17:00:00Z',
      ms: 1 * H,
      want: '2026-03-08T14:00:00.000Z',
    },
    { name: 'no windows: never', hours: NEVER_OPEN, from: '2026-09-28T00:00:00Z', ms: 1 * M, want: null },
  ])('$name', ({ hours, from, ms, want }) => {
    expect(iso(addBusinessMs(hours, new Date(from), ms))).toBe(want);
  });

  it('is the inverse of businessMsBetween', () => {
    const from = new Date('2026-09-30T09:00:00Z');
    const to = addBusinessMs(SHANGHAI, from, 11 * H)!;
    expect(businessMsBetween(SHANGHAI, from, to)).toBe(11 * H);
  });

  it('refuses negative time and unknown zones', () => {
    expect(() => addBusinessMs(SHANGHAI, new Date('2026-09-28T00:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessMs({ ...SHANGHAI, timeZone: 'Mars/Olympus' }, new Date(0), 1)).toThrow(
      RangeError,
    );
  });
});

describe('slaClock', () => {
  type Want = {
    state: string;
    elapsedMs: number;
    remainingMs: number;
    dueAt: string | null;
    warnAt: string | null;
    breachedAt: string | null;
    warning: boolean;
  };
  const pause = (from: string, to: string | null): SlaPause => ({
    from: new Date(from),
    to: to === null ? null : new Date(to),
  });
  // A 4-hour target started Monday 10:00 in Shanghai: due 14:00 (06:00Z), warned at 13:12 (05:12Z).
  const MONDAY_10 = '2026-09-28T02:00:00Z';

  it.each<{
    name: string;
    hours?: QueueHours;
    startedAt?: string;
    targetMinutes?: number;
    pauses?: SlaPause[];
    stoppedAt?: string;
    now: string;
    warnAtFraction?: number;
    want: Want;
  }>([
    {
      name: 'running',
      now: '2026-09-28T05:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 3 * H,
        remainingMs: 1 * H,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    {
      name: 'warning exactly at 80%',
      now: '2026-09-28T05:12:00Z',
      want: {
        state: 'running',
        elapsedMs: 192 * M,
        remainingMs: 48 * M,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: null,
        warning: true,
      },
    },
    {
      name: 'warning at another fraction',
      now: '2026-09-28T04:00:00Z',
      warnAtFraction: 0.5,
      want: {
        state: 'running',
        elapsedMs: 2 * H,
        remainingMs: 2 * H,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T04:00:00.000Z',
        breachedAt: null,
        warning: true,
      },
    },
    {
      name: 'at the due instant: not yet breached',
      now: '2026-09-28T06:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 4 * H,
        remainingMs: 0,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: null,
        warning: true,
      },
    },
    {
      name: 'breached',
      now: '2026-09-28T07:00:00Z',
      want: {
        state: 'breached',
        elapsedMs: 5 * H,
        remainingMs: -1 * H,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: '2026-09-28T06:00:00.000Z',
        warning: false,
      },
    },
    {
      name: 'met on time',
      stoppedAt: '2026-09-28T05:30:00Z',
      now: '2026-09-29T05:00:00Z',
      want: {
        state: 'met',
        elapsedMs: 3.5 * H,
        remainingMs: 0.5 * H,
        dueAt: null,
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    {
      name: 'met at the due instant is on time',
      stoppedAt: '2026-09-28T06:00:00Z',
      now: '2026-09-29T05:00:00Z',
      want: {
        state: 'met',
        elapsedMs: 4 * H,
        remainingMs: 0,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    {
      name: 'met late',
      stoppedAt: '2026-09-28T07:00:00Z',
      now: '2026-09-29T05:00:00Z',
      want: {
        state: 'met_late',
        elapsedMs: 5 * H,
        remainingMs: -1 * H,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: '2026-09-28T06:00:00.000Z',
        warning: false,
      },
    },
    {
      name: 'a stop after now has not happened yet',
      stoppedAt: '2026-09-28T07:00:00Z',
      now: '2026-09-28T05:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 3 * H,
        remainingMs: 1 * H,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    // Started Monday 14:00: due at closing time; still breached at 20:00 with nothing remaining.
    {
      name: 'breached at closing time',
      startedAt: '2026-09-28T06:00:00Z',
      now: '2026-09-28T12:00:00Z',
      want: {
        state: 'breached',
        elapsedMs: 4 * H,
        remainingMs: 0,
        dueAt: '2026-09-28T10:00:00.000Z',
        warnAt: '2026-09-28T09:12:00.000Z',
        breachedAt: '2026-09-28T10:00:00.000Z',
        warning: false,
      },
    },
    {
      name: 'answered after closing is late',
      startedAt: '2026-09-28T06:00:00Z',
      stoppedAt: '2026-09-28T11:00:00Z',
      now: '2026-09-28T12:00:00Z',
      want: {
        state: 'met_late',
        elapsedMs: 4 * H,
        remainingMs: 0,
        dueAt: '2026-09-28T10:00:00.000Z',
        warnAt: '2026-09-28T09:12:00.000Z',
        breachedAt: '2026-09-28T10:00:00.000Z',
        warning: false,
      },
    },
    {
      name: 'overnight',
      startedAt: '2026-09-28T08:00:00Z',
      now: '2026-09-29T02:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 3 * H,
        remainingMs: 1 * H,
        dueAt: '2026-09-29T03:00:00.000Z',
        warnAt: '2026-09-29T02:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    // Wednesday 16:00: 2 h Wednesday, the holiday, 1 h Friday.
    {
      name: 'over a holiday',
      startedAt: '2026-09-30T08:00:00Z',
      now: '2026-10-02T02:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 3 * H,
        remainingMs: 1 * H,
        dueAt: '2026-10-02T03:00:00.000Z',
        warnAt: '2026-10-02T02:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    // Friday 15:00 EST (20:00Z) to 17:00, then Monday 09:00 EDT (13:00Z) to 10:00 EDT (14:00Z).
    {
      name: 'New York over the March change',
      hours: NEW_YORK,
      startedAt: '2026-03-06T20:00:00Z',
      now: '2026-03-09T14:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 3 * H,
        remainingMs: 1 * H,
        dueAt: '2026-03-09T15:00:00.000Z',
        warnAt: '2026-03-09T14:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    {
      name: '7×24 with a pause',
      hours: SHANGHAI_24X7,
      startedAt: '2026-10-03T04:00:00Z',
      targetMinutes: 60,
      pauses: [pause('2026-10-03T04:10:00Z', '2026-10-03T04:20:00Z')],
      now: '2026-10-03T05:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 50 * M,
        remainingMs: 10 * M,
        dueAt: '2026-10-03T05:10:00.000Z',
        warnAt: '2026-10-03T04:58:00.000Z',
        breachedAt: null,
        warning: true,
      },
    },
    // Paused 11:00–12:00: the hour is not counted, due moves to 15:00, warning to 14:12.
    {
      name: 'single pause',
      pauses: [pause('2026-09-28T03:00:00Z', '2026-09-28T04:00:00Z')],
      now: '2026-09-28T06:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 3 * H,
        remainingMs: 1 * H,
        dueAt: '2026-09-28T07:00:00.000Z',
        warnAt: '2026-09-28T06:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    // 11:30–12:30, 11:00–12:00 and 12:15–12:45, unsorted: one pause 11:00–12:45.
    {
      name: 'overlapping, unsorted pauses',
      pauses: [
        pause('2026-09-28T03:30:00Z', '2026-09-28T04:30:00Z'),
        pause('2026-09-28T03:00:00Z', '2026-09-28T04:00:00Z'),
        pause('2026-09-28T04:15:00Z', '2026-09-28T04:45:00Z'),
      ],
      now: '2026-09-28T06:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 2.25 * H,
        remainingMs: 1.75 * H,
        dueAt: '2026-09-28T07:45:00.000Z',
        warnAt: '2026-09-28T06:57:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    {
      name: 'open-ended pause',
      pauses: [pause('2026-09-28T04:00:00Z', null)],
      now: '2026-09-28T07:00:00Z',
      want: {
        state: 'paused',
        elapsedMs: 2 * H,
        remainingMs: 2 * H,
        dueAt: null,
        warnAt: null,
        breachedAt: null,
        warning: false,
      },
    },
    // Past the warning point before the pause: warnAt is a known past instant.
    {
      name: 'paused after the warning',
      pauses: [pause('2026-09-28T05:30:00Z', null)],
      now: '2026-09-28T07:00:00Z',
      want: {
        state: 'paused',
        elapsedMs: 3.5 * H,
        remainingMs: 0.5 * H,
        dueAt: null,
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    // Paused 08:00–11:00 while the clock started at 10:00: only 10:00–11:00 is a pause.
    {
      name: 'pause starting before the clock',
      pauses: [
        pause('2026-09-28T00:00:00Z', '2026-09-28T03:00:00Z'),
        pause('2026-09-27T00:00:00Z', '2026-09-27T05:00:00Z'),
      ],
      now: '2026-09-28T06:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 3 * H,
        remainingMs: 1 * H,
        dueAt: '2026-09-28T07:00:00.000Z',
        warnAt: '2026-09-28T06:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    // Started Monday 15:00, paused 17:00 to Tuesday 10:00: the night is not taken off twice.
    {
      name: 'pause over closed hours',
      startedAt: '2026-09-28T07:00:00Z',
      pauses: [pause('2026-09-28T09:00:00Z', '2026-09-29T02:00:00Z')],
      now: '2026-09-29T03:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 3 * H,
        remainingMs: 1 * H,
        dueAt: '2026-09-29T04:00:00.000Z',
        warnAt: '2026-09-29T03:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    {
      name: 'a pause after the breach does not undo it',
      pauses: [pause('2026-09-28T07:00:00Z', null)],
      now: '2026-09-28T08:00:00Z',
      want: {
        state: 'breached',
        elapsedMs: 5 * H,
        remainingMs: -1 * H,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: '2026-09-28T06:00:00.000Z',
        warning: false,
      },
    },
    {
      name: 'resolved while waiting on the customer',
      pauses: [pause('2026-09-28T04:00:00Z', null)],
      stoppedAt: '2026-09-28T05:00:00Z',
      now: '2026-09-28T07:00:00Z',
      want: {
        state: 'met',
        elapsedMs: 2 * H,
        remainingMs: 2 * H,
        dueAt: null,
        warnAt: null,
        breachedAt: null,
        warning: false,
      },
    },
    {
      name: 'a pause that ends before it starts is ignored',
      pauses: [pause('2026-09-28T04:00:00Z', '2026-09-28T03:00:00Z')],
      now: '2026-09-28T05:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 3 * H,
        remainingMs: 1 * H,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    {
      name: 'a pause not begun by now is ignored',
      pauses: [pause('2026-09-28T06:00:00Z', '2026-09-28T07:00:00Z')],
      now: '2026-09-28T05:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 3 * H,
        remainingMs: 1 * H,
        dueAt: '2026-09-28T06:00:00.000Z',
        warnAt: '2026-09-28T05:12:00.000Z',
        breachedAt: null,
        warning: false,
      },
    },
    {
      name: 'a calendar that never opens has no due instant',
      hours: NEVER_OPEN,
      now: '2026-09-28T05:00:00Z',
      want: {
        state: 'running',
        elapsedMs: 0,
        remainingMs: 4 * H,
        dueAt: null,
        warnAt: null,
        breachedAt: null,
        warning: false,
      },
    },
  ])('$name', (c) => {
    const input: SlaClockInput = {
      hours: c.hours ?? SHANGHAI,
      startedAt: new Date(c.startedAt ?? MONDAY_10),
      targetMinutes: c.targetMinutes ?? 240,
      pauses: c.pauses ?? [],
      stoppedAt: c.stoppedAt ? new Date(c.stoppedAt) : null,
      now: new Date(c.now),
      ...(c.warnAtFraction === undefined ? {} : { warnAtFraction: c.warnAtFraction }),
    };
    const got = slaClock(input);
    expect({
      ...got,
      dueAt: iso(got.dueAt),
      warnAt: iso(got.warnAt),
      breachedAt: iso(got.breachedAt),
    }).toEqual(c.want);
  });

  it('refuses a nonsense warning fraction', () => {
    expect(() =>
      slaClock({
        hours: SHANGHAI,
        startedAt: new Date(MONDAY_10),
        targetMinutes: 240,
        pauses: [],
        stoppedAt: null,
        now: new Date(MONDAY_10),
        warnAtFraction: 1.5,
      }),
    ).toThrow(RangeError);
  });
});

describe('escalations', () => {
  const CHAIN: EscalationStep[] = [
    { afterMinutes: 0, action: 'notify_supervisor' },
    { afterMinutes: 30, action: 'raise_priority' },
    { afterMinutes: 60, action: 'reassign', queueId: 'q-escalations' },
  ];
  // Friday 17:45 in Shanghai: 15 minutes before closing, then Monday from 09:00.
  const BREACHED = new Date('2026-10-02T09:45:00Z');

  it('schedules in business minutes after the breach', () => {
    expect(escalationSchedule(SHANGHAI, CHAIN, BREACHED).map((s) => [s.index, iso(s.dueAt)])).toEqual([
      [0, '2026-10-02T09:45:00.000Z'],
      [1, '2026-10-05T01:15:00.000Z'],
      [2, '2026-10-05T01:45:00.000Z'],
    ]);
  });

  it('schedules 7×24 queues on the wall clock', () => {
    expect(escalationSchedule(SHANGHAI_24X7, CHAIN, BREACHED).map((s) => iso(s.dueAt))).toEqual([
      '2026-10-02T09:45:00.000Z',
      '2026-10-02T10:15:00.000Z',
      '2026-10-02T10:45:00.000Z',
    ]);
  });

  it.each<{ name: string; done: number[]; now: string; due: number[]; next: string | null }>([
    {
      name: 'at the breach',
      done: [],
      now: '2026-10-02T09:45:00Z',
      due: [0],
      next: '2026-10-05T01:15:00.000Z',
    },
    {
      name: 'overnight, nothing new',
      done: [0],
      now: '2026-10-02T12:00:00Z',
      due: [],
      next: '2026-10-05T01:15:00.000Z',
    },
    {
      name: 'Monday 09:20',
      done: [0],
      now: '2026-10-05T01:20:00Z',
      due: [1],
      next: '2026-10-05T01:45:00.000Z',
    },
    { name: 'all due, none done', done: [], now: '2026-10-05T02:00:00Z', due: [0, 1, 2], next: null },
    { name: 'all done', done: [0, 1, 2], now: '2026-10-05T02:00:00Z', due: [], next: null },
    { name: 'done out of order', done: [1], now: '2026-10-05T02:00:00Z', due: [0, 2], next: null },
  ])('$name', ({ done, now, due, next }) => {
    const input = { hours: SHANGHAI, chain: CHAIN, breachedAt: BREACHED, done, now: new Date(now) };
    expect(dueEscalations(input).map((s) => s.index)).toEqual(due);
    expect(iso(nextEscalationAt(input))).toBe(next);
  });

  it('keeps the step as given', () => {
    const [step] = dueEscalations({
      hours: SHANGHAI,
      chain: CHAIN,
      breachedAt: BREACHED,
      done: [0, 1],
      now: new Date('2026-10-05T02:00:00Z'),
    });
    expect(step).toEqual({
      index: 2,
      step: { afterMinutes: 60, action: 'reassign', queueId: 'q-escalations' },
      dueAt: new Date('2026-10-05T01:45:00Z'),
    });
  });
});
