import { describe, expect, it } from 'vitest';
import { isOpenAt, nextOpening, type QueueHours } from './business-hours.ts';

const NINE_TO_SIX = [{ open: '09:00', close: '18:00' }];
const WEEKDAYS_SHANGHAI: QueueHours = {
  alwaysOpen: false,
  timeZone: 'Asia/Shanghai',
  businessHours: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
  // National Day.
  holidays: ['2026-10-01'],
};

describe('isOpenAt', () => {
  // 2026-11-02 is a Monday; Shanghai is UTC+8 all year.
  it.each<{ name: string; at: string; hours?: Partial<QueueHours>; want: boolean }>([
    { name: 'Monday 10:00 local', at: '2026-11-02T02:00:00Z', want: true },
    { name: 'opening minute is open', at: '2026-11-02T01:00:00Z', want: true },
    { name: 'closing minute is closed', at: '2026-11-02T10:00:00Z', want: false },
    { name: 'one minute before closing', at: '2026-11-02T09:59:00Z', want: true },
    { name: 'Monday 08:59 local', at: '2026-11-02T00:59:00Z', want: false },
    { name: 'Saturday has no windows', at: '2026-11-07T02:00:00Z', want: false },
    // Sunday 23:30 UTC is already Monday 07:30 in Shanghai: still closed.
    { name: 'the local day, not the UTC day', at: '2026-11-01T23:30:00Z', want: false },
    { name: 'a holiday is closed all day', at: '2026-10-01T02:00:00Z', want: false },
    { name: '7×24 ignores hours', at: '2026-11-07T02:00:00Z', hours: { alwaysOpen: true }, want: true },
    { name: '7×24 ignores holidays', at: '2026-10-01T02:00:00Z', hours: { alwaysOpen: true }, want: true },
    {
      name: 'split shifts: closed over lunch',
      at: '2026-11-02T04:30:00Z',
      hours: {
        businessHours: {
          mon: [
            { open: '09:00', close: '12:00' },
            { open: '13:00', close: '18:00' },
          ],
        },
      },
      want: false,
    },
    {
      name: 'split shifts: open in the afternoon',
      at: '2026-11-02T05:30:00Z',
      hours: {
        businessHours: {
          mon: [
            { open: '09:00', close: '12:00' },
            { open: '13:00', close: '18:00' },
          ],
        },
      },
      want: true,
    },
    {
      name: "until midnight with '24:00'",
      at: '2026-11-02T15:59:00Z',
      hours: { businessHours: { mon: [{ open: '20:00', close: '24:00' }] } },
      want: true,
    },
    // New York: 2026-11-01 is the end of daylight saving (UTC-4 → UTC-5).
    {
      name: 'daylight saving: 09:30 EST after the change',
      at: '2026-11-02T14:30:00Z',
      hours: { timeZone: 'America/New_York' },
      want: true,
    },
    {
      name: 'daylight saving: 08:30 EST (would be 09:30 EDT)',
      at: '2026-11-02T13:30:00Z',
      hours: { timeZone: 'America/New_York' },
      want: false,
    },
  ])('$name', ({ at, hours, want }) => {
    expect(isOpenAt({ ...WEEKDAYS_SHANGHAI, ...hours }, new Date(at))).toBe(want);
  });
});

describe('nextOpening', () => {
  it.each<{ name: string; at: string; hours?: Partial<QueueHours>; want: string | null }>([
    { name: 'open now: now', at: '2026-11-02T02:00:00Z', want: '2026-11-02T02:00:00.000Z' },
    { name: 'before opening: today 09:00', at: '2026-11-02T00:00:00Z', want: '2026-11-02T01:00:00.000Z' },
    { name: 'Friday evening: Monday 09:00', at: '2026-11-06T12:00:00Z', want: '2026-11-09T01:00:00.000Z' },
    { name: 'skips a holiday', at: '2026-09-30T12:00:00Z', want: '2026-10-02T01:00:00.000Z' },
    { name: 'no windows at all', at: '2026-11-02T02:00:00Z', hours: { businessHours: {} }, want: null },
    {
      // 2026-03-08 springs forward at 02:00: 09:00 that day is EDT (13:00Z), not midnight + 9 h.
      name: 'daylight saving day: 09:00 on the wall clock',
      at: '2026-03-08T05:00:00Z',
      hours: { timeZone: 'America/New_York', businessHours: { sun: [{ open: '09:00', close: '18:00' }] } },
      want: '2026-03-08T13:00:00.000Z',
    },
  ])('$name', ({ at, hours, want }) => {
    expect(nextOpening({ ...WEEKDAYS_SHANGHAI, ...hours }, new Date(at))?.toISOString() ?? null).toBe(want);
  });
});
